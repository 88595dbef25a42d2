"""方案 → 工作推进台账 (SPEC §6): plans, phases, targets, tasks with progress,
leader instructions and 督办, recurring reporting duties and their slots."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.models import EventBase
from org.models import Region, Unit
from org.scope import ChildQuerySet, InternalQuerySet, get_scope, in_region


class PlanQuerySet(InternalQuerySet):
    kind = "plans"


class Plan(models.Model):
    title = models.CharField("方案名称", max_length=200)
    issuer = models.CharField("印发单位", max_length=100, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    period_start = models.DateField("实施起始", null=True, blank=True)
    period_end = models.DateField("实施截止", null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="上级方案")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans", verbose_name="所属区划")
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "方案"
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return self.title


class PlanChildQuerySet(ChildQuerySet):
    parent = "plan"


class Phase(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField("阶段", max_length=40)
    start = models.DateField("开始", null=True, blank=True)
    end = models.DateField("结束", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "order"]


class TaskQuerySet(ChildQuerySet):
    parent = "plan"

    def in_scope(self, user):
        scope = get_scope(user)
        qs = super().in_scope(user)
        if user.role == "unit_staff":
            # Units see the tasks they lead or carry out. EXISTS, not a join + DISTINCT,
            # so the result can still be locked with select_for_update on PostgreSQL.
            lead = Task.lead_units.through.objects.filter(task_id=OuterRef("pk"), unit_id__in=scope.unit_ids)
            other = Task.units.through.objects.filter(task_id=OuterRef("pk"), unit_id__in=scope.unit_ids)
            qs = qs.filter(Exists(lead) | Exists(other))
        return qs


class Task(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        OVERDUE = "overdue", "逾期"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    order = models.PositiveIntegerField(default=0)
    number = models.CharField("序号", max_length=20)
    path = models.JSONField("所属章节", default=list, blank=True)
    title = models.CharField("任务名称", max_length=200)
    text = models.TextField("任务内容")
    measures = models.TextField("具体措施", blank=True)
    # The campaign an action belongs to ("烟花爆竹专项整治"), matched from its title and chapter at import.
    theme = models.ForeignKey("org.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="专项整治主题")
    lead_units = models.ManyToManyField(Unit, blank=True, related_name="led_tasks", verbose_name="牵头单位")
    units = models.ManyToManyField(Unit, blank=True, related_name="tasks", verbose_name="落实/配合单位")
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("时限（原文）", max_length=60, blank=True)
    # RFC 5545 rule for recurring work, e.g. FREQ=MONTHLY;BYMONTHDAY=16; empty for one-off tasks.
    rrule = models.CharField("周期规则", max_length=120, blank=True)
    recurrence_text = models.CharField("周期（原文）", max_length=120, blank=True)
    times_per_period = models.PositiveSmallIntegerField("每期至少次数", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Optimistic lock: edits carry the version the user saw; a stale one is refused (409).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "任务"
        ordering = ["plan_id", "order"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @classmethod
    def status_q(cls, status, today=None):
        """The rows whose `status()` is `status`, as one SQL condition (the ledger's filter)."""
        today = today or timezone.localdate()
        is_open = models.Q(completed_at__isnull=True)
        in_time = is_open & (models.Q(deadline__isnull=True) | models.Q(deadline__gte=today))
        progressed = models.Exists(ProgressReport.objects.filter(task=models.OuterRef("pk")))
        return {
            cls.Status.DONE: models.Q(completed_at__isnull=False),
            cls.Status.OVERDUE: is_open & models.Q(deadline__lt=today),
            cls.Status.IN_PROGRESS: in_time & progressed,
            cls.Status.NOT_STARTED: in_time & ~progressed,
        }[status]

    def status(self, today=None, has_progress=None):
        """未开始 / 推进中 / 已完成 / 逾期 — computed, never stored (`status_q` is the same in SQL)."""
        today = today or timezone.localdate()
        if self.completed_at:
            return self.Status.DONE
        if self.deadline and self.deadline < today:
            return self.Status.OVERDUE
        if has_progress is None:
            has_progress = self.progress.exists()
        return self.Status.IN_PROGRESS if has_progress else self.Status.NOT_STARTED


class TaskChildQuerySet(ChildQuerySet):
    parent = "task"


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField("目标", max_length=200)
    value = models.DecimalField("目标值", max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=10, blank=True)

    objects = PlanChildQuerySet.as_manager()


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="报送单位")
    period = models.CharField("期间", max_length=20, help_text="如 2026-11")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    delay_reason = models.TextField("滞后原因", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = TaskChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "进展报告"
        ordering = ["task_id", "-submitted_at"]


def progress_file_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"progress/{timezone.localdate():%Y/%m}/{instance.report_id}-{timezone.now():%H%M%S%f}.{ext}"


class ProgressAttachmentQuerySet(ChildQuerySet):
    parent = "report__task"


class ProgressAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=progress_file_path)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)

    objects = ProgressAttachmentQuerySet.as_manager()


class AssessmentQuerySet(ChildQuerySet):
    parent = "task"


class Assessment(models.Model):
    """总结评估 of one task: the lead unit's 自查自评, or the 专班's 现场评估 of it (the latest of each counts;
    the earlier ones stay as the record)."""

    class Kind(models.TextChoices):
        SELF = "self", "自查自评"
        ONSITE = "onsite", "现场评估"

    class Completion(models.TextChoices):
        DONE = "done", "已完成"
        MOSTLY = "mostly", "基本完成"
        NOT_DONE = "not_done", "未完成"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField("评估类型", max_length=8, choices=Kind.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="自评单位")
    completion = models.CharField("完成情况", max_length=10, choices=Completion.choices)
    score = models.PositiveSmallIntegerField("得分（百分制）")
    verified = models.BooleanField("现场核验属实", null=True, blank=True)
    text = models.TextField("说明")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "任务评估"
        ordering = ["-created_at", "-id"]


def assessment_file_path(instance, filename):
    return f"assessments/{instance.assessment.task_id}/{filename}"


class AssessmentFileQuerySet(ChildQuerySet):
    parent = "assessment__task"


class AssessmentFile(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=assessment_file_path)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)

    objects = AssessmentFileQuerySet.as_manager()


class TaskEvent(EventBase):
    LABELS = {"imported": "导入", "edited": "修改", "progress": "报送进展", "instructed": "批示", "urged": "督办",
              "added": "新增（会议议定事项）", "self_assessed": "自查自评", "onsite_assessed": "现场评估"}

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")

    objects = TaskChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "任务事件"


class ReportingDuty(models.Model):
    """A fixed-date report to the level above (每月16日前 材料, 每月23日前 调度统计表,
    每年12月3日前 年度总结, a one-off 评估报告). Each period and unit gets a Slot."""

    class Every(models.TextChoices):
        WEEK = "week", "每周"
        MONTH = "month", "每月"
        QUARTER = "quarter", "每季度"
        HALF_YEAR = "half_year", "每半年"
        YEAR = "year", "每年"
        ONCE = "once", "一次性"

    class Kind(models.TextChoices):
        FORM = "form", "统计报表"      # a table counted from the records, signed and frozen (reports.Submission)
        DOCUMENT = "document", "文件材料"  # uploaded files: .docx/.pdf/.xlsx/images, checked by content

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="duties")
    text = models.CharField("报送内容", max_length=300)
    to = models.CharField("报送对象", max_length=100, blank=True)
    every = models.CharField("周期", max_length=10, choices=Every.choices)
    due_day = models.CharField("截止日", max_length=5, blank=True, help_text="每周：1–7（周一至周日）；每月：DD；每年：MM-DD")
    kind = models.CharField("报送形式", max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    # Which issued form a form duty takes: the code of a reports.ReportForm (picked by the safety
    # office on 报表格式; "sector-tree" = every top-level 行业领域).
    form = models.CharField("报表格式", max_length=40, blank=True)
    due_date = models.DateField("截止日期（一次性）", null=True, blank=True)
    units = models.ManyToManyField(Unit, related_name="duties", verbose_name="报送单位")

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报送事项"

    def __str__(self):
        return self.text

    @property
    def takes(self):
        """What a slot of this duty takes, in the words of a refusal: "调度统计表" or "文件材料"."""
        return "调度统计表" if self.kind == self.Kind.FORM else self.get_kind_display()


class SlotQuerySet(ChildQuerySet):
    """A slot is read with its plan (the issuing office sees every unit's), and by the side that
    owes it: unit staff their own units' slots; the bureau's offices also the slots a plan of the
    level above addresses to a unit of their region (乌审旗交通运输局's monthly table to the city)."""

    parent = "duty__plan"

    def in_scope(self, user):
        scope = get_scope(user)
        if user.role == "unit_staff":
            return self.filter(unit_id__in=scope.unit_ids)
        if scope.sees_nothing or scope.enterprise_id:
            return self.none()
        plans = Plan.objects.for_user(user)
        return self.filter(models.Q(duty__plan__in=plans) | in_region(scope.region_path, via="unit__region"))

    def with_review(self):
        """Each slot's latest table (reports.Submission, through the reverse relation) and what the office it
        went to made of it: latest_id, latest_version, latest_review — "pending" (待审核), "accepted",
        "returned", or None before any table."""
        on = models.Q(submissions__review="accepted")
        back = models.Q(submissions__review="returned")
        return self.annotate(
            latest_id=models.Max("submissions__id"), latest_version=models.Max("submissions__version"),
            zb_accepted=models.Max("submissions__version", filter=on),
            zb_returned=models.Max("submissions__version", filter=back),
        ).annotate(latest_review=models.Case(
            models.When(latest_version__isnull=True, then=models.Value(None, output_field=models.CharField())),
            models.When(zb_accepted=models.F("latest_version"), then=models.Value("accepted")),
            models.When(zb_returned=models.F("latest_version"), then=models.Value("returned")),
            default=models.Value("pending"), output_field=models.CharField()))


class Slot(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待报送"
        ON_TIME = "on_time", "按时"
        LATE = "late", "逾期报送"
        MISSING = "missing", "未报送"

    duty = models.ForeignKey(ReportingDuty, on_delete=models.CASCADE, related_name="slots")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="slots")
    period = models.CharField("期间", max_length=20)
    due_date = models.DateField("截止日期", db_index=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("说明", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报送期次"
        ordering = ["due_date", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["duty", "unit", "due_date"], name="one_slot_per_period")]

    def __str__(self):
        return f"{self.duty.text[:30]} · {self.period}"

    @classmethod
    def status_q(cls, status, today=None):
        """The rows whose `status()` is `status`, as one SQL condition (the calendar's filter)."""
        today = today or timezone.localdate()
        open_ = models.Q(submitted_at__isnull=True)
        return {
            cls.Status.PENDING: open_ & models.Q(due_date__gte=today),
            cls.Status.MISSING: open_ & models.Q(due_date__lt=today),
            cls.Status.ON_TIME: models.Q(submitted_at__date__lte=models.F("due_date")),
            cls.Status.LATE: models.Q(submitted_at__date__gt=models.F("due_date")),
        }[status]

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.submitted_at:
            on = timezone.localtime(self.submitted_at).date()
            return self.Status.ON_TIME if on <= self.due_date else self.Status.LATE
        return self.Status.MISSING if self.due_date < today else self.Status.PENDING


def slot_file_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"slots/{timezone.localdate():%Y/%m}/{instance.slot_id}-v{instance.version}-{timezone.now():%H%M%S%f}.{ext}"


class SlotDocumentQuerySet(ChildQuerySet):
    parent = "slot__duty__plan"


class SlotDocument(models.Model):
    """A file handed in for a document slot: what was sent, by whom, in which version (a
    correction adds a version; nothing is overwritten)."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveIntegerField("版本", default=1)
    file = models.FileField(upload_to=slot_file_path)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField("更正原因", max_length=200, blank=True)

    objects = SlotDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报送材料"
        ordering = ["slot_id", "-version", "id"]


class DutyEventQuerySet(ChildQuerySet):
    parent = "duty__plan"


class DutyEvent(EventBase):
    """Who submitted which slot when (and any later correction)."""

    LABELS = {"submitted": "登记报送", "corrected": "更正报送", "revoked": "撤销登记"}

    duty = models.ForeignKey(ReportingDuty, on_delete=models.CASCADE, related_name="events")

    objects = DutyEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "报送记录"


def period_label(every, due):
    """The period a slot reports on, as the calendar says it: 2026年第48周, 2026年11月,
    2026年第三季度 (due in the month after it), 2026年上半年, 2026年度."""
    if every == "week":
        year, week, _ = due.isocalendar()
        return f"{year}年第{week}周"
    if every == "month":
        return f"{due.year}年{due.month}月"
    if every in ("quarter", "half_year"):
        # Due by the 15th of the month after the period: the period is the one just ended.
        before = due.replace(day=1) - datetime.timedelta(days=1)
        if every == "quarter":
            return f"{before.year}年第{'一二三四'[(before.month - 1) // 3]}季度"
        return f"{before.year}年{'上' if before.month <= 6 else '下'}半年"
    if every == "year":
        return f"{due.year}年度"
    return f"{due.year}年{due.month}月{due.day}日"


