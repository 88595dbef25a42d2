"""Submitted reports: a unit's 调度统计表 frozen into its reporting slot, with sign-off.
A submitted table never changes; a correction is a new version with a reason."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Unit
from org.scope import ChildQuerySet, ReferenceQuerySet


class ReportFormQuerySet(ReferenceQuerySet):
    kind = "reports"


class ReportForm(models.Model):
    """An issued statistical form as data (issue 19): its title, its rows — each a rule that
    assigns records to it (reports.engine) — and its columns, chosen from the measures of
    reports.engine.MEASURES. The sector-tree form makes a row of every top-level 行业领域.
    A submitted table keeps the rows and columns it was counted with: editing a form never
    rewrites what was sent."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=80)
    title = models.CharField("表名", max_length=120, help_text="“{地区}”处填入区划名称")
    by_sector = models.BooleanField("按行业领域自动成行", default=False)
    rows = models.JSONField("行", default=list, blank=True)
    columns = models.JSONField("列", default=list)
    units_row = models.BooleanField("打印计量单位行", default=True)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="复制自")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReportFormQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报表格式"
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def shipped(self):
        """One of the forms shipped as issued: copied, never edited."""
        return self.code in {f["code"] for f in SHIPPED_FORMS}

    def title_for(self, area_name):
        return self.title.replace("{地区}", area_name or "")

    def resolved_rows(self):
        """The rows with their rules; for the sector-tree form, every active top-level 行业领域."""
        if not self.by_sector:
            return [{"label": r["label"], "rule": r["rule"]} for r in self.rows]
        from org.models import Sector

        return [{"label": s.name, "rule": {"sectors": [s.code]}, "sector_id": s.pk}
                for s in Sector.objects.filter(depth=0, active=True).order_by("path")]


def ensure_forms(model=None):
    """The shipped forms (seeded by migration reports 0002; again after a test flushed them)."""
    model = model or ReportForm
    for form in SHIPPED_FORMS:
        model.objects.get_or_create(code=form["code"], defaults={k: v for k, v in form.items() if k != "code"})


# The two forms shipped (seeded by migration 0002): attachment 2 of the Yunxi sample exactly as
# issued, and the table of every top-level 行业领域.
DISPATCH_COLUMNS = ["teams", "people", "units", "major", "general", "major_done", "general_done", "major_rate",
                    "general_rate", "order", "penalty", "suspension"]
SHIPPED_FORMS = [
    {"code": "sector-tree", "name": "调度统计表（按行业领域）", "title": "{地区}交通运输系统安全生产督查情况统计表",
     "by_sector": True, "rows": [], "columns": DISPATCH_COLUMNS},
    {"code": "yunxi-2023", "name": "安全生产督查情况统计表（云溪区2023年方案附件2）",
     "title": "{地区}交通运输系统安全生产督查情况统计表", "by_sector": False, "columns": DISPATCH_COLUMNS,
     "rows": [
         {"label": "1 建设领域", "rule": {"sectors": ["construction"]}},
         {"label": "2.烟花爆竹安全", "rule": {"themes": ["fireworks"]}},
         {"label": "3.交通安全", "rule": {"sectors": ["road", "urban", "highway", "water", "port", "railway"]}},
         {"label": "4.文化体育旅游", "rule": {"themes": ["culture-tourism"]}},
         {"label": "5.学生安全", "rule": {"themes": ["students"]}},
         {"label": "6.自然灾害", "rule": {"themes": ["natural-disasters"]}},
         {"label": "7.其他", "rule": {"other": True}},
     ]},
]


class SubmissionQuerySet(ChildQuerySet):
    kind = "reports"
    parent = "slot"


class Submission(models.Model):
    """A table handed into a form slot, frozen as counted. The office that issued the duty (the
    safety office of the plan's region — the county's for its units, the city's for its counties)
    checks it: 接收, or 退回 with a reason, and the sender corrects it with a new version."""

    class Review(models.TextChoices):
        PENDING = "pending", "待审核"
        ACCEPTED = "accepted", "已接收"
        RETURNED = "returned", "已退回"

    slot = models.ForeignKey("plans.Slot", on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField("版本", default=1)
    period_start = models.DateField("统计起始")
    period_end = models.DateField("统计截止")
    figures = models.JSONField("统计数据")
    head = models.CharField("单位负责人", max_length=40)
    filler = models.CharField("填表人", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    reason = models.TextField("更正原因", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)
    review = models.CharField("审核", max_length=10, choices=Review.choices, default=Review.PENDING, db_index=True)
    review_note = models.TextField("审核意见/退回原因", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "调度统计表报送"
        ordering = ["slot_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["slot", "version"], name="one_version_per_slot")]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reports:submission", args=[self.pk])


class SubmissionEventQuerySet(ChildQuerySet):
    parent = "submission"


class SubmissionEvent(EventBase):
    LABELS = {"submitted": "报送", "corrected": "更正（新版本）", "accepted": "接收", "returned": "退回"}
    MILESTONES = {"submitted": "submitted_at", "corrected": "submitted_at", "accepted": "reviewed_at",
                  "returned": "reviewed_at"}
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")

    objects = SubmissionEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "报送记录"


class ReportFormEventQuerySet(ReferenceQuerySet):
    kind = "reports"


class ReportFormEvent(EventBase):
    LABELS = {"copied": "复制格式", "edited": "修改格式", "assigned": "指定报送事项格式"}
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="events")

    objects = ReportFormEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "报表格式记录"
