"""群众举报 (SPEC §9). Filed by the public without an account; handled by the unit
that supervises the sector. The reporter's identity is personal data (PIPL):
stored once, shown in full only to the handling unit (see `reporter_for`)."""

from django.db import models
from django.utils import timezone

from core.models import EventBase
from core.validators import mask_phone
from org.models import Region, Sector, Unit
from org.scope import ChildQuerySet, RecordQuerySet

HANDLING_DAYS = 15  # days from acceptance to a conclusion (shown to the reporter as the expected time)


class TipOffQuerySet(RecordQuerySet):
    kind = "tipoffs"  # never an enterprise: org.roles.READERS


class TipOff(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", "待受理"
        ACCEPTED = "accepted", "已受理"
        VERIFYING = "verifying", "核查中"
        SUBSTANTIATED = "substantiated", "查实"
        UNFOUNDED = "unfounded", "不属实"
        DECLINED = "declined", "不予受理"

    code = models.CharField("回执码", max_length=16, unique=True)
    state = models.CharField("状态", max_length=14, choices=State.choices, default=State.SUBMITTED, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所在地区")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name="行业领域")
    subject = models.CharField("被举报单位或地点", max_length=120)
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="对应企业")
    description = models.TextField("举报内容")
    occurred_on = models.DateField("发现日期", null=True, blank=True)
    anonymous = models.BooleanField("匿名举报", default=True)
    reporter_name = models.CharField("举报人姓名", max_length=40, blank=True)
    reporter_phone = models.CharField("举报人电话", max_length=30, blank=True)
    # A salted hash of the address, for the rate limit; the raw address is not kept.
    source_hash = models.CharField(max_length=64, db_index=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    handling_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="tipoffs",
                                      verbose_name="承办单位")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    due_on = models.DateField("办结期限", null=True, blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)
    findings = models.TextField("核查情况（内部）", blank=True)
    reply = models.TextField("答复举报人", blank=True)
    hazard = models.OneToOneField("hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="tipoff", verbose_name="查实隐患")
    reward_amount = models.DecimalField("奖励金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    reward_paid_on = models.DateField("奖励发放日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TipOffQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "群众举报"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["source_hash", "submitted_at"])]

    def __str__(self):
        return f"{self.code} {self.subject}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("tipoffs:detail", args=[self.pk])

    # What the reporter sees: states only, in plain words; nothing about who handles it or how.
    PUBLIC_STATES = {
        "submitted": "已收到，等待受理",
        "accepted": "已受理，正在安排核查",
        "verifying": "正在核查",
        "unfounded": "已办结：经核查情况不属实",
        "declined": "不予受理",
    }

    @property
    def public_state(self):
        """The truth as far as the public may know it: a 查实 tip-off follows the hazard made
        from it (整改中 until the hazard is accepted or closed)."""
        if self.state != self.State.SUBSTANTIATED:
            return self.PUBLIC_STATES[self.state]
        hazard_state = self.hazard.state if self.hazard_id else None
        if hazard_state in ("accepted", "closed"):
            return "已办结：经核查情况属实，已整改完毕并验收销号" if hazard_state == "closed" else \
                "经核查情况属实，整改已完成，验收通过"
        if hazard_state == "rejected":
            return "已办结：经核查，不构成安全隐患"
        return "经核查情况属实，已责令整改，正在整改中"

    @property
    def is_open(self):
        return self.state in (self.State.SUBMITTED, self.State.ACCEPTED, self.State.VERIFYING)

    def handled_by(self, user):
        """The handling unit's staff (its sub-units included) see the reporter in full."""
        from org.scope import get_scope

        if not self.handling_unit_id or not getattr(user, "is_authenticated", False):
            return False
        return user.unit_id == self.handling_unit_id or self.handling_unit_id in get_scope(user).unit_ids

    @property
    def masked_name(self):
        if self.anonymous or not self.reporter_name:
            return "匿名"
        return self.reporter_name[0] + "*" * max(1, len(self.reporter_name) - 1)

    @property
    def masked_phone(self):
        return "" if self.anonymous else mask_phone(self.reporter_phone)

    def reporter_for(self, user):
        """(name, phone) as this user may see them."""
        if self.anonymous:
            return "匿名", ""
        if self.handled_by(user):
            return self.reporter_name or "（未留姓名）", self.reporter_phone
        return self.masked_name, self.masked_phone


class TipOffChildQuerySet(ChildQuerySet):
    parent = "tipoff"


def photo_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"tipoffs/{timezone.localdate():%Y/%m}/{instance.tipoff_id}-{timezone.now():%H%M%S%f}.{ext}"


class TipOffPhoto(models.Model):
    tipoff = models.ForeignKey(TipOff, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(upload_to=photo_path)
    size = models.PositiveIntegerField(default=0)

    objects = TipOffChildQuerySet.as_manager()

    class Meta:
        ordering = ["tipoff_id", "id"]


class TipOffEvent(EventBase):
    """Internal timeline. Never shown on the public progress page (that shows states only)."""
    LABELS = {"submitted": "群众提交", "accepted": "受理", "declined": "不予受理", "verifying": "开始核查", "substantiated": "查实（生成隐患）", "unfounded": "不属实", "reward": "登记奖励"}

    MILESTONES = {"submitted": "submitted_at", "accepted": "accepted_at", "substantiated": "concluded_at",
                  "unfounded": "concluded_at"}

    tipoff = models.ForeignKey(TipOff, on_delete=models.CASCADE, related_name="events")

    objects = TipOffChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "举报办理记录"
