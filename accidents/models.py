"""生产安全事故 (SPEC §9): records, computed grade, the 1-hour report, 一事一分析."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Region, Sector
from org.scope import ChildQuerySet, RecordQuerySet

REPORT_WITHIN = datetime.timedelta(hours=1)  # 国务院令第493号 第九条: 1小时内报告


class AccidentQuerySet(RecordQuerySet):
    kind = "accidents"


class Accident(models.Model):
    class Grade(models.TextChoices):
        ESPECIALLY_SERIOUS = "especially_serious", "特别重大"
        SERIOUS = "serious", "重大"
        LARGER = "larger", "较大"
        GENERAL = "general", "一般"

    title = models.CharField("事故名称", max_length=120)
    occurred_at = models.DateTimeField("发生时间", db_index=True)
    place = models.CharField("发生地点", max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="accidents", verbose_name="所属区划")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="accidents", verbose_name="行业领域")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="accidents", verbose_name="事故单位")
    summary = models.TextField("事故简要经过")
    deaths = models.PositiveIntegerField("死亡（人）", default=0)
    missing = models.PositiveIntegerField("失踪（人）", default=0)
    serious_injuries = models.PositiveIntegerField("重伤（人）", default=0)
    minor_injuries = models.PositiveIntegerField("轻伤（人）", default=0)
    direct_loss = models.DecimalField("直接经济损失（万元）", max_digits=12, decimal_places=2, default=0)
    # Stored so lists filter and count by it; always recomputed by the service from the figures.
    grade = models.CharField("事故等级", max_length=20, choices=Grade.choices, db_index=True)
    reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    # 一事一分析
    cause = models.TextField("事故原因", blank=True)
    lessons = models.TextField("教训", blank=True)
    measures = models.TextField("防范和整改措施", blank=True)
    responsibility = models.TextField("责任认定及处理", blank=True)
    analysed_at = models.DateTimeField("分析时间", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AccidentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "生产安全事故"
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accidents:detail", args=[self.pk])

    @property
    def report_deadline(self):
        return self.occurred_at + REPORT_WITHIN

    @property
    def report_status(self):
        """按时报告 / 迟报 / 未报告（已超时）/ 未报告."""
        if self.reported_at:
            return "on_time" if self.reported_at <= self.report_deadline else "late"
        return "overdue" if timezone.now() > self.report_deadline else "pending"

    REPORT_LABELS = {"on_time": "按时报告", "late": "迟报", "overdue": "未报告（已超1小时）", "pending": "待报告"}

    @property
    def report_label(self):
        return self.REPORT_LABELS[self.report_status]


class AccidentEventQuerySet(ChildQuerySet):
    parent = "accident"


class AccidentEvent(EventBase):
    LABELS = {"recorded": "登记事故", "figures_updated": "更新伤亡和损失", "reported": "登记报告时间", "analysed": "一事一分析"}
    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="events")

    objects = AccidentEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "事故记录"
