"""履职 (issue 21): duties as data — who must do what, how often, proved by which records — and
the work records (会议, 研究部署, 约谈, 督导 …) that prove the duties no other register holds.

Compliance is computed, never typed in: `duties.compliance` counts the records that already exist
(inspections a leader led, work records, reporting slots) per period of each duty."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Person, Region, Unit, WorkingGroup
from org.scope import ChildQuerySet, InternalQuerySet


class Every(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    HALF_YEAR = "half_year", "每半年"
    YEAR = "year", "每年"


class WorkRecordQuerySet(InternalQuerySet):
    kind = "duties"


class WorkRecord(models.Model):
    """One act of duty: a meeting of the 安委会 or the 党组, a 专班 meeting, 研究部署, 约谈, 督导 …"""

    class Kind(models.TextChoices):
        ANWEIHUI = "anweihui", "安委会会议"
        PARTY = "party", "党组会议（学习研究安全生产）"
        TASKFORCE = "taskforce", "专班会议"
        DEPLOY = "deploy", "研究部署"
        TALK = "talk", "约谈"
        SUPERVISE = "supervise", "督导"
        WARNING = "warning", "警示教育"
        SAFETY_MONTH = "safety_month", "安全生产月活动"
        OTHER = "other", "其他履职活动"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_records", verbose_name="组织单位")
    group = models.ForeignKey(WorkingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="work_records",
                              verbose_name="领导小组/专班")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, db_index=True)
    held_on = models.DateField("日期", db_index=True)
    title = models.CharField("事项", max_length=120)
    host = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="主持/带队")
    attendees = models.ManyToManyField(Person, blank=True, related_name="work_records", verbose_name="参加人员")
    minutes = models.TextField("内容纪要", blank=True)
    decisions = models.TextField("议定事项", blank=True)
    tasks = models.ManyToManyField("plans.Task", blank=True, related_name="work_records", verbose_name="转为台账任务")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = WorkRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "履职记录"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.get_kind_display()}：{self.title}"


class WorkRecordEventQuerySet(ChildQuerySet):
    parent = "record"


def record_file_path(instance, filename):
    return f"duties/{instance.record.held_on:%Y/%m}/{instance.record_id}-{filename}"


class WorkRecordFileQuerySet(ChildQuerySet):
    parent = "record"


class WorkRecordFile(models.Model):
    """纪要、照片、签到表 …"""

    record = models.ForeignKey(WorkRecord, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=record_file_path)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)

    objects = WorkRecordFileQuerySet.as_manager()


class WorkRecordEvent(EventBase):
    LABELS = {"created": "登记", "task": "议定事项转为台账任务"}

    record = models.ForeignKey(WorkRecord, on_delete=models.CASCADE, related_name="events")

    objects = WorkRecordEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "履职记录事件"


class DutyQuerySet(InternalQuerySet):
    kind = "duties"


class Duty(models.Model):
    """一项职责: who (a leader, a unit or a group), what proves it (a kind of record), how often and
    how many times at least, and the plan task it comes from."""

    class Evidence(models.TextChoices):
        LED_INSPECTION = "led_inspection", "带队检查（检查记录的带队领导）"
        WORK = "work", "履职记录（会议、研究部署、约谈、督导……）"
        REPORT = "report", "按时报送（报送日程）"
        ENTERPRISE_CHECK = "enterprise_check", "企业主要负责人带队检查（所监管的各在营企业）"
        TRAINING = "training", "组织培训（培训记录的组织单位）"
        DRILL = "drill", "组织应急演练（演练记录的组织单位）"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    title = models.CharField("职责", max_length=120)
    text = models.TextField("职责内容", blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="safety_duties",
                               verbose_name="责任人")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="safety_duties",
                             verbose_name="责任单位")
    group = models.ForeignKey(WorkingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="safety_duties",
                              verbose_name="领导小组/专班")
    evidence = models.CharField("以何为证", max_length=16, choices=Evidence.choices)
    record_kind = models.CharField("履职记录类型", max_length=16, choices=WorkRecord.Kind.choices, blank=True,
                                   help_text="以履职记录为证时：只计这一类型；留空则各类均计")
    every = models.CharField("周期", max_length=10, choices=Every.choices)
    times = models.PositiveSmallIntegerField("每周期至少（次）", default=1)
    task = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="duties",
                             verbose_name="来源任务")
    active = models.BooleanField("有效", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职责"
        ordering = ["region", "person__name", "unit__name", "id"]

    def __str__(self):
        return f"{self.holder}：{self.title}"

    @property
    def holder(self):
        """Who the duty belongs to, as printed on the list."""
        if self.person_id:
            return self.person.name
        if self.group_id:
            return self.group.name
        return self.unit.name if self.unit_id else ""

    @property
    def rule(self):
        if self.evidence == self.Evidence.REPORT:
            return f"{self.get_every_display()}应报的均按时报送"
        if self.evidence == self.Evidence.ENTERPRISE_CHECK:
            return f"所监管在营企业{self.get_every_display()}均至少{self.times}次"
        return f"{self.get_every_display()}至少{self.times}次"

    @property
    def proof(self):
        """What counts, in a few words: 带队检查 / 党组会议（学习研究安全生产） / 按时报送."""
        if self.evidence == self.Evidence.WORK and self.record_kind:
            return self.get_record_kind_display()
        return self.get_evidence_display().split("（")[0]


class DutyEventQuerySet(ChildQuerySet):
    parent = "duty"


class DutyEvent(EventBase):
    LABELS = {"created": "设定职责"}

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="events")

    objects = DutyEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "职责事件"
