"""重大事故隐患数据库 (SPEC §4): criteria, hazards, their photos and events,
extensions and 挂牌督办. States change only through hazards.services."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from core.models import EventBase
from org.models import Person, Region, Sector, Unit
from org.scope import ChildQuerySet, RecordQuerySet, ReferenceQuerySet, RollupQuerySet

from . import events


class CriterionQuerySet(ReferenceQuerySet):
    """The catalogue is reference data for every signed-in user."""


class Criterion(models.Model):
    """A 重大事故隐患判定标准 item. Retired, never deleted once a hazard cites it."""

    code = models.CharField("编号", max_length=20, unique=True)
    standard = models.CharField("依据文件", max_length=120)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, verbose_name="行业领域")
    scope_note = models.CharField("适用范围", max_length=60, blank=True)
    text = models.TextField("判定标准")
    active = models.BooleanField("有效", default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "重大事故隐患判定标准"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.text[:30]}"


class CriterionEvent(EventBase):
    LABELS = {"created": "新增判定标准", "updated": "修改判定标准"}
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="events")

    objects = CriterionQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "判定标准变更记录"


class State(models.TextChoices):
    REPORTED = "reported", "已上报"
    PENDING_CONFIRMATION = "pending_confirmation", "待确认"  # 重大: unit verified, safety office to confirm
    CONFIRMED = "confirmed", "待整改"  # 重大 confirmed, 五到位 plan not yet submitted
    RECTIFYING = "rectifying", "整改中"
    AWAITING_ACCEPTANCE = "awaiting_acceptance", "待验收"
    ACCEPTED = "accepted", "已验收"
    CLOSED = "closed", "已销号"
    REJECTED = "rejected", "不构成隐患"


OPEN_STATES = [State.REPORTED, State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING,
               State.AWAITING_ACCEPTANCE, State.ACCEPTED]
# States in which the deadline is the rectifier's to meet: past it, the hazard is 逾期.
OVERDUE_STATES = [State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING]


class HazardQuerySet(RecordQuerySet):
    kind = "hazards"

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, on=None):
        return self.filter(state__in=OVERDUE_STATES, deadline__lt=on or timezone.localdate())

    def listed(self):
        return self.filter(Exists(Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True)))

    def search(self, text):
        from core.fulltext import fulltext_filter

        return fulltext_filter(self, text)

    def for_user(self, user):
        from . import tally

        qs = super().for_user(user)
        if not self.query.where and not self.query.is_sliced:
            qs = tally.mark(qs, user)
        return qs


class Hazard(models.Model):
    class Level(models.TextChoices):
        MAJOR = "major", "重大"
        GENERAL = "general", "一般"

    class Source(models.TextChoices):
        SELF_REPORT = "self_report", "企业自查上报"
        SUPERVISION = "supervision", "督导检查发现"
        ENFORCEMENT = "enforcement", "执法检查"
        TIP_OFF = "tip_off", "群众举报查实"
        ASSIGNED = "assigned", "上级交办"
        TRANSFERRED = "transferred", "部门移交"
        OTHER = "other", "其他"

    # Found by the bureau's own inspections: what the 执法月报 counts as 发现隐患.
    INSPECTION_SOURCES = ("supervision", "enforcement")
    INSPECTION_SOURCE_CHOICE = ("inspection", "督导及执法检查发现")

    class PlaceKind(models.TextChoices):
        ENTERPRISE = "enterprise", "生产经营单位"
        ROAD = "road", "路段"
        BRIDGE = "bridge", "桥梁"
        TUNNEL = "tunnel", "隧道"
        STATION = "station", "场站"
        WATERWAY = "waterway", "水域/渡口"
        OTHER = "other", "其他公共场所"

    class Shutdown(models.TextChoices):
        NONE = "none", "无需停产"
        PARTIAL = "partial", "部分停产停业"
        FULL = "full", "停产停业"

    State = State

    number = models.CharField("隐患编号", max_length=30, unique=True)
    level = models.CharField("隐患等级", max_length=8, choices=Level.choices, default=Level.GENERAL, db_index=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.REPORTED, db_index=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="hazards", verbose_name="行业领域")
    theme = models.ForeignKey("org.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="专项整治主题")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="hazards", verbose_name="所属区划")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="hazards",
        verbose_name="生产经营单位",
    )
    place_kind = models.CharField("场所类型", max_length=12, choices=PlaceKind.choices, default=PlaceKind.ENTERPRISE)
    place_name = models.CharField("公共场所名称", max_length=120, blank=True, help_text="路段、桥梁、场站等（无企业时填写）")
    title = models.CharField("隐患名称", max_length=120)
    description = models.TextField("隐患描述")
    address = models.CharField("位置", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="hazards", verbose_name="判定标准"
    )
    source = models.CharField("来源渠道", max_length=12, choices=Source.choices, default=Source.SELF_REPORT, db_index=True)
    discovered_on = models.DateField("发现日期", default=datetime.date.today, db_index=True)
    discovered_by = models.CharField("发现人", max_length=60, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="上报人"
    )
    reported_at = models.DateTimeField("上报时间", default=timezone.now)
    # 一单四制: owner (responsibility), deadline, supervisor (督办), close-out (销号).
    owner_name = models.CharField("整改责任人", max_length=40, blank=True)
    owner_phone = models.CharField("责任人电话", max_length=30, blank=True)
    supervising_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="supervised_hazards", verbose_name="监管单位"
    )
    supervisor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="督办人"
    )
    deadline = models.DateField("整改期限", null=True, blank=True, db_index=True)
    # The first deadline set at verification; extensions move `deadline`, never this (按期整改率).
    original_deadline = models.DateField("原定整改期限", null=True, blank=True)
    # 五到位 rectification plan (required for 重大 before 整改中).
    plan_goal = models.TextField("目标和任务", blank=True)
    plan_measures = models.TextField("整改措施", blank=True)
    plan_funds = models.DecimalField("整改资金（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    plan_materials = models.TextField("物资", blank=True)
    plan_organization = models.TextField("负责机构和人员", blank=True)
    plan_deadline = models.DateField("整改时限", null=True, blank=True)
    plan_safety = models.TextField("安全措施和应急预案", blank=True)
    shutdown = models.CharField("停产要求", max_length=8, choices=Shutdown.choices, default=Shutdown.NONE)
    # Milestones, stamped by the services, for metrics.
    unit_confirmed_at = models.DateTimeField("单位确认时间", null=True, blank=True)
    office_confirmed_at = models.DateTimeField("安委办确认时间", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    accepted_at = models.DateTimeField("验收时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True, db_index=True)
    search_text = models.TextField(default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "隐患"
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["region", "state"]),
            # A county's rows on a province's database (issue 23): its list in reporting order, its
            # trends and statistics by date.
            models.Index(fields=["region", "reported_at"]),
            models.Index(fields=["region", "discovered_on"]),
            models.Index(fields=["level", "state", "deadline"]),
            models.Index(fields=["sector", "state"]),
            # 逾期 (counted live: it moves with the calendar): the rows in an overdue state past a day.
            models.Index(fields=["state", "deadline"]),
            # Covering indexes (issue 23): the database answers from the index alone, in index order, instead
            # of fetching each row. 动态清零 reads the 重大 hazards of a region (a tenth of the register) —
            # their state, dates and groups; the metrics' 逾期 counts the open ones of a region past a day.
            models.Index(fields=["level", "region", "state", "discovered_on", "closed_at", "enterprise", "sector",
                                 "supervising_unit"], name="hazard_major_clearance"),
            models.Index(fields=["state", "region", "deadline", "sector", "supervising_unit", "source"],
                         name="hazard_open_overdue"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    # The roll-ups (hazards/tally.py) move with every save and delete, in the same transaction.
    @classmethod
    def from_db(cls, db, field_names, values):
        from . import tally

        obj = super().from_db(db, field_names, values)
        if len(values) == len(cls._meta.concrete_fields):
            obj._tally_before = tally.snapshot(obj)
        return obj

    def save(self, *args, **kwargs):
        from django.db import transaction

        from . import tally

        with transaction.atomic():
            before = tally.loaded_snapshot(self)
            super().save(*args, **kwargs)
            after = tally.snapshot(self, kwargs.get("update_fields"), before)
            tally.record(before, after)
            self._tally_before = after

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("hazards:detail", args=[self.pk])

    @property
    def is_major(self):
        return self.level == self.Level.MAJOR

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def is_overdue(self):
        return self.state in OVERDUE_STATES and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def county(self):
        """The county-level region (its bureau issues notices and numbers)."""
        return self.region.county

    @property
    def bureau_name(self):
        return f"{self.county.name}交通运输局"

    @property
    def place(self):
        return self.enterprise.name if self.enterprise_id else self.place_name

    def plan_complete(self):
        """五到位: every element present."""
        return all([self.plan_goal, self.plan_measures, self.plan_funds is not None, self.plan_materials,
                    self.plan_organization, self.plan_deadline, self.plan_safety])


class TallyQuerySet(RollupQuerySet):
    kind = "hazards"


class HazardTally(models.Model):
    """Roll-up (hazards/tally.py): hazards per region (and every region above) × sector × supervising
    unit × source × level × state. Derived data: plain ids, no foreign keys."""

    region_id = models.IntegerField()
    sector_id = models.IntegerField()
    unit_id = models.IntegerField()  # 0: no supervising unit
    source = models.CharField(max_length=12)
    level = models.CharField(max_length=8)
    state = models.CharField(max_length=20)
    n = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    funds = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "隐患汇总"
        constraints = [models.UniqueConstraint(fields=["region_id", "sector_id", "unit_id", "source", "level", "state"],
                                               name="hazard_tally_key")]


class HazardMonthTally(models.Model):
    """Roll-up (hazards/tally.py): hazards per region (and every region above) × sector × level ×
    rejected × kind (found/accepted/closed) × that event's local month × the month found."""

    region_id = models.IntegerField()
    sector_id = models.IntegerField()
    level = models.CharField(max_length=8)
    rejected = models.BooleanField()
    kind = models.CharField(max_length=8)
    month = models.CharField(max_length=7)
    found_month = models.CharField(max_length=7)
    n = models.IntegerField(default=0)
    funds = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "隐患月度汇总"
        constraints = [models.UniqueConstraint(
            fields=["region_id", "sector_id", "level", "rejected", "kind", "month", "found_month"],
            name="hazard_month_tally_key")]
        # The 工作台's trend: a region's months from a date on, read from the index alone.
        indexes = [models.Index(fields=["region_id", "month", "kind", "rejected", "n"], name="hazard_month_trend")]


class HazardChildQuerySet(ChildQuerySet):
    parent = "hazard"


class HazardEvent(EventBase):
    """谁检查、谁签名、谁负责: one row per action on a hazard."""

    LABELS = events.LABELS
    MILESTONES = {events.REPORTED: "reported_at", events.VERIFIED: "unit_confirmed_at",
                  events.CONFIRMED: "office_confirmed_at", events.SUBMITTED: "rectified_on",
                  events.ACCEPTED: "accepted_at", events.CLOSED: "closed_at"}

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)

    objects = HazardChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "隐患事件"

    @property
    def to_state_label(self):
        return State(self.to_state).label if self.to_state in State.values else self.to_state

    @property
    def files(self):
        return self.attachments.all() if self.pk else ()


def attachment_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    today = timezone.localdate()
    return f"hazards/{today:%Y/%m}/{instance.hazard_id}-{instance.kind}-{timezone.now():%H%M%S%f}.{ext}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        BEFORE = "before", "整改前照片"
        AFTER = "after", "整改后照片"
        DOCUMENT = "document", "附件"

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(HazardEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path)
    thumbnail = models.ImageField(upload_to=attachment_path, blank=True)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "隐患附件"
        ordering = ["hazard_id", "uploaded_at", "id"]

    @property
    def is_image(self):
        return bool(self.thumbnail)

    @property
    def url(self):
        return reverse("hazards:attachment", args=[self.pk])

    @property
    def thumb_url(self):
        return reverse("hazards:thumbnail", args=[self.pk])


class Extension(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        DENIED = "denied", "未批准"

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="extensions")
    requested_deadline = models.DateField("申请延期至")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["hazard_id", "-requested_at"]


class Supervision(models.Model):
    """挂牌督办 (交质监发〔2012〕577号): opened on an open 重大 hazard, lifted after acceptance."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="supervisions")
    level = models.CharField("督办层级", max_length=10, choices=Level.choices, default=Level.COUNTY)
    doc_number = models.CharField("督办文号", max_length=60)
    issuing_unit = models.CharField("督办单位", max_length=80)
    signatory = models.CharField("签发人", max_length=40)
    planned_date = models.DateField("计划完成日期")
    requirements = models.TextField("督办要求", blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_comment = models.TextField(blank=True)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "挂牌督办"
        ordering = ["hazard_id", "-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["hazard"], condition=Q(lifted_at__isnull=True), name="one_open_supervision")
        ]

    @property
    def is_open(self):
        return self.lifted_at is None
