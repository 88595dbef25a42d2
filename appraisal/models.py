"""考核 (issue 21 §6). A scheme is data: its items, each either a rule computed from the records (逾期
隐患, 迟报漏报, 逾期任务, 未履职, 事故 by grade, 瞒报重大隐患 …; appraisal.rules) with the points it
deducts per record and the most it may deduct, or a manual item scored with a reason and evidence; an
item may be 一票否决 (the subject scores 0, the reason shown). A round applies a scheme to a period (a
year, or a quarter as the interim); while a draft its figures are live, and publishing freezes them:
every result and every deduction, with the record it came from, is stored and never recomputed. A
correction is a new version of the round, with its reason; the old one stays, marked 已更正."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Region, Unit
from org.scope import ChildQuerySet, InternalQuerySet


class AppraisalQuerySet(InternalQuerySet):
    kind = "appraisal"


class Scheme(models.Model):
    class Target(models.TextChoices):
        UNITS = "units", "单位（股室、二级单位）"
        ENTERPRISES = "enterprises", "生产经营单位"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    title = models.CharField("考核方案", max_length=120)
    target = models.CharField("考核对象", max_length=12, choices=Target.choices)
    base = models.DecimalField("基础分", max_digits=6, decimal_places=1, default=Decimal(100))
    pass_mark = models.DecimalField("合格分", max_digits=6, decimal_places=1, default=Decimal(60))
    # Enterprises: the 信用 level a score earns, highest band first: [[90, "AA"], [80, "A"], …].
    credit_bands = models.JSONField("信用等级分档", default=list, blank=True)
    basis = models.TextField("考核依据", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("appraisal:scheme", args=[self.pk])

    def credit_for(self, score, vetoed):
        if vetoed:
            return self.credit_bands[-1][1] if self.credit_bands else ""
        for floor, level in self.credit_bands:
            if score >= Decimal(str(floor)):
                return level
        return ""


class SchemeChildQuerySet(ChildQuerySet):
    parent = "scheme"


class Item(models.Model):
    MANUAL = "manual"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("考核项目", max_length=120)
    rule = models.CharField("计分规则", max_length=24, help_text="manual = 人工评分")
    each = models.DecimalField("每条扣分", max_digits=5, decimal_places=1, default=Decimal(1))
    cap = models.DecimalField("最多扣分（分值）", max_digits=5, decimal_places=1, default=Decimal(10))
    veto = models.BooleanField("一票否决", default=False)
    basis = models.CharField("评分标准", max_length=200, blank=True)

    objects = SchemeChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核项目"
        ordering = ["scheme_id", "order", "id"]

    def __str__(self):
        return self.title

    @property
    def is_manual(self):
        return self.rule == self.MANUAL


class Round(models.Model):
    class Period(models.TextChoices):
        YEAR = "year", "年度"
        QUARTER = "quarter", "季度（过程考核）"

    class State(models.TextChoices):
        DRAFT = "draft", "计分中"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已更正"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rounds", verbose_name="考核方案")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField("考核周期", max_length=8, choices=Period.choices)
    start = models.DateField("起")
    end = models.DateField("止")
    label = models.CharField("名称", max_length=60)
    number = models.PositiveSmallIntegerField("版本", default=1)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by", verbose_name="更正的版本")
    reason = models.TextField("更正原因", blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    # The day the published figures were counted as of (the period's end, or the day of publishing if earlier).
    as_of = models.DateField("计分截至", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核"
        ordering = ["-end", "-number", "-id"]

    def __str__(self):
        suffix = f"（第{self.number}版）" if self.number > 1 else ""
        return f"{self.scheme.title} · {self.label}{suffix}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("appraisal:round", args=[self.pk])

    @property
    def frozen(self):
        return self.state != self.State.DRAFT


class RoundChildQuerySet(ChildQuerySet):
    parent = "round"


def evidence_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"appraisal/{timezone.localdate():%Y/%m}/manual-{instance.round_id}-{timezone.now():%H%M%S%f}.{ext}"


class ManualScore(models.Model):
    """A manual item's deduction for one subject, with its reason and evidence (entered while a draft)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="manual_scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    points = models.DecimalField("扣分", max_digits=5, decimal_places=1)
    reason = models.TextField("扣分理由")
    file = models.FileField("佐证材料", upload_to=evidence_path, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RoundChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人工评分"
        ordering = ["round_id", "item__order", "id"]


class Result(models.Model):
    """A published subject's score, frozen."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="appraisal_results")
    name = models.CharField("考核对象", max_length=120)
    score = models.DecimalField("得分", max_digits=6, decimal_places=1)
    deducted = models.DecimalField("扣分", max_digits=6, decimal_places=1)
    vetoed = models.BooleanField("一票否决", default=False)
    veto_reason = models.TextField("否决事由", blank=True)
    rank = models.PositiveIntegerField("名次")
    credit = models.CharField("信用等级", max_length=2, blank=True)

    objects = RoundChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核结果"
        ordering = ["round_id", "rank", "id"]


class ResultChildQuerySet(ChildQuerySet):
    parent = "result"


class Deduction(models.Model):
    """One deduction of a published result, with the record that caused it (its words and its link)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="deductions")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("扣分", max_digits=5, decimal_places=1)
    text = models.CharField("事由", max_length=300)
    url = models.CharField("记录", max_length=200, blank=True)
    day = models.DateField("日期", null=True, blank=True)
    veto = models.BooleanField("一票否决", default=False)

    objects = ResultChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "扣分明细"
        ordering = ["result_id", "item__order", "day", "id"]


class SchemeEvent(EventBase):
    LABELS = {"created": "制定考核方案", "items": "修改考核项目"}

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="events")

    objects = SchemeChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "考核方案事件"


class RoundEvent(EventBase):
    LABELS = {"created": "开始考核", "manual": "人工评分", "manual_removed": "撤销人工评分", "published": "发布结果",
              "revised": "更正（新版本）", "superseded": "被新版本更正"}
    MILESTONES = {"published": "published_at"}

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")

    objects = RoundChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "考核事件"
