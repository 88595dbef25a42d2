"""Submitted reports: a unit's 调度统计表 frozen into its reporting slot, with sign-off.
A submitted table never changes; a correction is a new version with a reason."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Unit
from org.scope import ChildQuerySet


class SubmissionQuerySet(ChildQuerySet):
    kind = "reports"
    parent = "slot"


class Submission(models.Model):
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
    LABELS = {"submitted": "报送", "corrected": "更正（新版本）"}
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")

    objects = SubmissionEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "报送记录"
