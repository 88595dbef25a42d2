"""风险分级管控 (SPEC §5): risk points per enterprise ("一企一清单"), every
assessment kept, band edges as data. Changes go through risks.services."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Region, Sector
from org.scope import ChildQuerySet, RecordQuerySet, ReferenceQuerySet

from . import grading


class BandQuerySet(ReferenceQuerySet):
    """Band edges are reference data every signed-in business user may read."""


class RiskBands(models.Model):
    """Band edges of one method. Changing them re-grades a point at its next assessment,
    never retroactively: each assessment stores the edges it used."""

    method = models.CharField("评估方法", max_length=8, unique=True,
                              choices=[(grading.LEC, "LEC法"), (grading.MATRIX, "风险矩阵法")])
    major = models.DecimalField("重大风险下限", max_digits=8, decimal_places=2)
    larger = models.DecimalField("较大风险下限", max_digits=8, decimal_places=2)
    general = models.DecimalField("一般风险下限", max_digits=8, decimal_places=2)
    inclusive = models.BooleanField("下限值计入该级", help_text="LEC 法为否（D>320 为重大），矩阵法为是（R≥20 为重大）")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = BandQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "风险分级标准"

    def as_dict(self):
        return {"major": self.major, "larger": self.larger, "general": self.general, "inclusive": self.inclusive}


class RiskQuerySet(RecordQuerySet):
    kind = "risks"


class RiskPoint(models.Model):
    class Method(models.TextChoices):
        LEC = grading.LEC, "LEC法（D=L×E×C）"
        MATRIX = grading.MATRIX, "风险矩阵法（R=L×S）"

    class Level(models.TextChoices):
        MAJOR = "major", "重大风险"
        LARGER = "larger", "较大风险"
        GENERAL = "general", "一般风险"
        LOW = "low", "低风险"

    class Filing(models.TextChoices):
        NONE = "none", "无需备案"
        PENDING = "pending", "待报备"
        SUBMITTED = "submitted", "已报备待确认"
        ACKNOWLEDGED = "acknowledged", "已登记备案"

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="risk_points",
                                   verbose_name="生产经营单位")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name="行业领域")
    work_unit = models.CharField("作业单元", max_length=80)
    event = models.CharField("风险事件", max_length=120)
    factors = models.TextField("致险因素")
    method = models.CharField("评估方法", max_length=8, choices=Method.choices)
    l_value = models.DecimalField("L", max_digits=5, decimal_places=2)
    e_value = models.DecimalField("E", max_digits=5, decimal_places=2, null=True, blank=True)
    c_value = models.DecimalField("C", max_digits=6, decimal_places=2, null=True, blank=True)
    s_value = models.DecimalField("S", max_digits=5, decimal_places=2, null=True, blank=True)
    score = models.DecimalField("风险值", max_digits=10, decimal_places=2)
    level = models.CharField("风险等级", max_length=8, choices=Level.choices, db_index=True)
    measures = models.TextField("管控措施")
    responsible = models.CharField("责任人", max_length=40)
    next_review = models.DateField("下次评估日期", db_index=True)
    filing = models.CharField("登记备案", max_length=14, choices=Filing.choices, default=Filing.NONE)
    assessed_at = models.DateTimeField("评估时间", default=timezone.now)
    active = models.BooleanField("有效", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "风险点"
        ordering = ["enterprise_id", "-score", "id"]
        indexes = [models.Index(fields=["region", "level"])]

    def __str__(self):
        return f"{self.work_unit}：{self.event}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("risks:detail", args=[self.pk])

    @property
    def colour(self):
        return grading.COLOURS[self.level]

    @property
    def colour_label(self):
        return grading.COLOUR_LABELS[self.colour]

    @property
    def review_overdue(self):
        return self.active and self.next_review < timezone.localdate()

    def values(self):
        if self.method == grading.LEC:
            return {"l": self.l_value, "e": self.e_value, "c": self.c_value}
        return {"l": self.l_value, "s": self.s_value}


class RiskChildQuerySet(ChildQuerySet):
    parent = "point"


class Assessment(models.Model):
    """One assessment of a point: the factors, the score, the level and the band edges used."""

    point = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="assessments")
    method = models.CharField(max_length=8)
    values = models.JSONField(default=dict)
    score = models.DecimalField(max_digits=10, decimal_places=2)
    level = models.CharField(max_length=8, choices=RiskPoint.Level.choices)
    bands = models.JSONField(default=dict)
    note = models.TextField(blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    objects = RiskChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "风险评估记录"
        ordering = ["point_id", "-assessed_at", "-id"]


class RiskEvent(EventBase):
    LABELS = {"created": "登记并首次评估", "reassessed": "重新评估", "edited": "修改", "filing_submitted": "报备重大风险", "filing_acknowledged": "确认登记备案"}
    point = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="events")

    objects = RiskChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "风险点记录"


class BandEvent(EventBase):
    LABELS = {"saved": "保存分级标准"}
    bands = models.ForeignKey(RiskBands, on_delete=models.CASCADE, related_name="events")

    objects = BandQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "风险分级标准变更记录"
