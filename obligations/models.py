"""An enterprise's own safety work (主体责任, 自查自改自报; issue 21 §4): the 主要负责人's monthly
leader-led check with its checklist (a 不符合 item becomes the enterprise's own hazard), and the papers
it files — 全员安全生产责任制, 应急预案 (备案, confirmed by the supervising unit), the monthly 安全承诺,
its own trainings. Scoped as records of one enterprise: the enterprise sees its own, the bureau its
region's and sectors'."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Region, Sector
from org.scope import ChildQuerySet, RecordQuerySet


class ObligationQuerySet(RecordQuerySet):
    kind = "obligations"


class SelfCheck(models.Model):
    """主要负责人带队检查: one visit of the enterprise's own premises, with its checklist."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="self_checks",
                                   verbose_name="生产经营单位")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name="行业领域")
    checked_on = models.DateField("检查日期", db_index=True)
    leader = models.CharField("带队负责人", max_length=40)
    members = models.CharField("参加人员", max_length=200, blank=True)
    summary = models.TextField("检查情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "企业带队检查"
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "checked_on"])]

    def __str__(self):
        return f"{self.enterprise} {self.checked_on:%Y-%m-%d} 带队检查"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("obligations:check", args=[self.pk])


class CheckChildQuerySet(ChildQuerySet):
    parent = "self_check"


def item_photo_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"obligations/{timezone.localdate():%Y/%m}/check-{timezone.now():%H%M%S%f}.{ext}"


class SelfCheckItem(models.Model):
    class Result(models.TextChoices):
        PASS = "pass", "符合"
        FAIL = "fail", "不符合"
        NA = "na", "不适用"

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField("检查内容", max_length=200)
    result = models.CharField("检查结果", max_length=6, choices=Result.choices)
    note = models.TextField("问题描述", blank=True)
    photo = models.ImageField("现场照片", upload_to=item_photo_path, blank=True)
    # A 不符合 item is the enterprise's own hazard, reported in the same step.
    hazard = models.OneToOneField("hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="self_check_item", verbose_name="转为隐患")

    objects = CheckChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "带队检查项"
        ordering = ["self_check_id", "order", "id"]


class SelfCheckEvent(EventBase):
    LABELS = {"recorded": "登记带队检查"}

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="events")

    objects = CheckChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "带队检查事件"


class Filing(models.Model):
    """A paper the enterprise files: its 责任制, an 应急预案 (for 备案), a month's 安全承诺, a training it held."""

    class Kind(models.TextChoices):
        RESPONSIBILITY = "responsibility", "全员安全生产责任制"
        EMERGENCY_PLAN = "emergency_plan", "生产安全事故应急预案"
        PLEDGE = "pledge", "安全承诺"
        TRAINING = "training", "企业自主培训"

    class State(models.TextChoices):
        RECORDED = "recorded", "已上传"
        SUBMITTED = "submitted", "待备案"
        FILED = "filed", "已备案"
        RETURNED = "returned", "已退回"

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="filings",
                                   verbose_name="生产经营单位")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name="行业领域")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField("名称", max_length=120)
    # The month of a 安全承诺 (its first day); the day of a training; the date a paper was issued.
    dated = models.DateField("日期", db_index=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1, null=True, blank=True)
    people = models.PositiveIntegerField("参训人数", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField("备案确认时间", null=True, blank=True)
    review_note = models.TextField("备案意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "企业履责材料"
        ordering = ["-dated", "-id"]
        indexes = [models.Index(fields=["enterprise", "kind", "dated"])]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("obligations:filing", args=[self.pk])


class FilingChildQuerySet(ChildQuerySet):
    parent = "filing"


def filing_file_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"obligations/{timezone.localdate():%Y/%m}/filing-{instance.filing_id}-{timezone.now():%H%M%S%f}.{ext}"


class FilingFile(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=filing_file_path)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField(default=0)

    objects = FilingChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "企业履责材料附件"
        ordering = ["filing_id", "id"]


class FilingEvent(EventBase):
    LABELS = {"recorded": "上传", "submitted": "报送备案", "filed": "确认备案", "returned": "退回"}
    MILESTONES = {"filed": "reviewed_at"}

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")

    objects = FilingChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "企业履责材料事件"
