"""Inbox, reminder rules (data, not code), the sent-log that makes a pass idempotent,
outgoing deliveries (e-mail, 钉钉/企业微信 robots) and per-unit webhooks. SPEC §10."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import EventBase
from org.models import Unit
from org.roles import may_read
from org.scope import ChildQuerySet, PersonalQuerySet, ReferenceQuerySet


class Source(models.TextChoices):
    """What carries a deadline. Each has a reader in notify.sources."""

    HAZARD = "hazard", "隐患整改期限"
    SUPERVISION = "supervision", "挂牌督办计划完成日期"
    EXTENSION = "extension", "延期申请待审批"
    TASK = "task", "台账任务完成时限"
    SLOT = "slot", "报送截止日期"
    RISK_REVIEW = "risk_review", "风险点复评日期"
    DRILL = "drill", "应急演练周期"
    COVERAGE = "coverage", "培训全覆盖目标时限"
    ACCIDENT = "accident", "事故报告"
    TIPOFF = "tipoff", "举报办结期限"
    STANDARDIZATION = "standardization", "安全生产标准化证书到期"
    # Work on somebody's 待办 with no deadline of its own (核查, 确认, 验收, 销号, 受理): the day
    # it arrived stands for the deadline, so "+2 days" means "untouched for two days".
    WAITING = "waiting", "待办未处理（核查、确认、验收、受理）"


class Audience(models.TextChoices):
    OWNER = "owner", "责任单位/企业经办人"
    UNIT_HEAD = "unit_head", "责任单位负责人"
    OFFICE = "office", "安委办和局领导"


class RuleQuerySet(ReferenceQuerySet):
    """Bureau configuration: read inside the bureau (READERS["reminder_rules"]). No kind gate:
    the API lists an empty set to other roles rather than refusing them, as it always has."""

    def in_scope(self, user):
        return super().in_scope(user) if may_read(user, "reminder_rules") else self.none()


class ReminderRule(models.Model):
    """Fire on the day `deadline + offset_days` to the audience. Negative offsets remind
    ahead of time, 0 is the due day, positive offsets escalate an item still open."""

    source = models.CharField("事项", max_length=20, choices=Source.choices)
    offset_days = models.SmallIntegerField("相对期限（天）", help_text="负数为到期前提醒，0为到期当天，正数为逾期后升级")
    audience = models.CharField("提醒对象", max_length=12, choices=Audience.choices)
    active = models.BooleanField("启用", default=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "提醒规则"
        ordering = ["source", "offset_days", "audience"]
        constraints = [models.UniqueConstraint(fields=["source", "offset_days", "audience"], name="one_rule_per_step")]

    def __str__(self):
        return f"{self.get_source_display()} {self.when} → {self.get_audience_display()}"

    @property
    def stage(self):
        return "ahead" if self.offset_days < 0 else "due" if self.offset_days == 0 else "overdue"

    @property
    def when(self):
        if self.source == Source.WAITING:
            return f"到达后{self.offset_days}天仍未处理" if self.offset_days > 0 else "到达当天"
        if self.offset_days < 0:
            return f"到期前{-self.offset_days}天"
        return "到期当天" if self.offset_days == 0 else f"逾期{self.offset_days}天"


class MessageQuerySet(PersonalQuerySet):
    """An inbox is private: nobody reads another person's messages, whatever the role."""


class Message(models.Model):
    class Kind(models.TextChoices):
        DIGEST = "digest", "每日提醒"
        IMMEDIATE = "immediate", "即时通知"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages",
                                  verbose_name="收件人")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    day = models.DateField("日期", db_index=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文（Markdown）")
    # Digest lines: [{"stage", "source", "title", "url", "deadline", "note"}], shown grouped.
    lines = models.JSONField("事项", default=list, blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            # One digest per person per day, whatever runs the pass and however often.
            models.UniqueConstraint(fields=["recipient", "day"], condition=Q(kind="digest"),
                                    name="one_digest_per_person_per_day"),
        ]

    def __str__(self):
        return self.title


class SentLogQuerySet(PersonalQuerySet):
    pass


class SentLog(models.Model):
    """(rule, item, person, day) already carried by a digest: never sent again."""

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=60)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="sent")

    objects = SentLogQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "提醒发送记录"
        constraints = [models.UniqueConstraint(fields=["rule", "item", "recipient", "day"], name="sent_once")]


class WebhookQuerySet(ChildQuerySet):
    """Robots of the units in the user's scope."""

    kind = "webhooks"
    parent = "unit"


class Webhook(models.Model):
    """A 钉钉 or 企业微信 group robot of a unit. Off until someone switches it on."""

    class Kind(models.TextChoices):
        DINGTALK = "dingtalk", "钉钉群机器人"
        WECOM = "wecom", "企业微信群机器人"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="webhooks", verbose_name="单位")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    url = models.URLField("Webhook 地址", max_length=400)
    secret = models.CharField("加签密钥", max_length=100, blank=True, help_text="钉钉机器人“加签”安全设置的密钥；企业微信留空")
    active = models.BooleanField("启用", default=False)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "群机器人"
        ordering = ["unit_id", "id"]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()}"


def sees_deliveries(user):
    """Delivery health is the system administrator's to watch (三员分立: not the auditor's)."""
    return may_read(user, "deliveries")


class DeliveryQuerySet(ReferenceQuerySet):
    kind = "deliveries"


class Delivery(models.Model):
    """One message on one outside channel. Sent by the scheduler, never in a web request;
    retried with backoff, then left as 发送失败 for the administrator."""

    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        WEBHOOK = "webhook", "群机器人"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    address = models.CharField("地址", max_length=254, blank=True)
    webhook = models.ForeignKey(Webhook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now, db_index=True)
    last_error = models.TextField("最近错误", blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "外发记录"
        ordering = ["-created_at", "-id"]


class NotifyEventQuerySet(ReferenceQuerySet):
    kind = "notify_log"


class NotifyEvent(EventBase):
    """Changes to rules and robots, and retries requested by an administrator."""
    LABELS = {"rule_added": "新增提醒规则", "rule_changed": "修改提醒规则", "rule_deleted": "删除提醒规则", "webhook_added": "新增群机器人", "webhook_changed": "修改群机器人", "webhook_tested": "测试群机器人", "delivery_retried": "重发外发消息"}

    rule = models.ForeignKey(ReminderRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    webhook = models.ForeignKey(Webhook, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")

    objects = NotifyEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "提醒设置记录"
