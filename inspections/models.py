"""督查检查与执法 (SPEC §7): inspections with checklists, "双随机" draws and
enforcement actions. Every change goes through inspections.services."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Expert, Person, Region, Sector, Unit
from org.scope import ChildQuerySet, InternalQuerySet, RecordQuerySet, ReferenceQuerySet, RollupQuerySet


class TemplateQuerySet(ReferenceQuerySet):
    """Checklist templates: shared reference data of those who inspect."""

    kind = "inspection_work"


class ChecklistTemplate(models.Model):
    """An editable 检查表: a named list of items, optionally for one sector."""

    name = models.CharField("检查表名称", max_length=80, unique=True)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, verbose_name="行业领域")
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "检查表模板"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("检查内容")
    basis = models.CharField("检查依据", max_length=120, blank=True)
    criterion = models.ForeignKey("hazards.Criterion", null=True, blank=True, on_delete=models.PROTECT,
                                  verbose_name="对应重大隐患判定标准")
    weight = models.PositiveSmallIntegerField("分值", default=1)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        ordering = ["template_id", "order", "id"]


class InspectionQuerySet(RecordQuerySet):
    kind = "inspections"

    def in_scope(self, user):
        from org.scope import get_scope

        enterprise = get_scope(user).enterprise_id
        if enterprise:
            # An enterprise sees the inspections of itself once they are done — a "四不两直" visit never before.
            return self.filter(status=Inspection.Status.COMPLETED,
                               pk__in=Target.objects.filter(enterprise_id=enterprise).values("inspection"))
        return super().in_scope(user)


def _own_rows(qs, user, lookup):
    """Of an inspection's rows, an enterprise reads only those about itself (its own target, its items, the
    signatures on its record); rows about no enterprise (the timeline) not at all."""
    from org.scope import get_scope

    enterprise = get_scope(user).enterprise_id
    if not enterprise:
        return qs
    return qs.filter(**{lookup: enterprise}) if lookup else qs.none()


class Inspection(models.Model):
    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", "综合检查"
        SPECIAL = "special", "专项检查"
        SUPERVISORY = "supervisory", "督导检查"
        ENFORCEMENT = "enforcement", "执法检查"
        UNANNOUNCED = "unannounced", "“四不两直”暗查暗访"
        RANDOM = "random", "“双随机”抽查"
        FOLLOW_UP = "follow_up", "复查"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        IN_PROGRESS = "in_progress", "检查中"
        COMPLETED = "completed", "已完成"
        CANCELLED = "cancelled", "已取消"

    number = models.CharField("检查编号", max_length=30, unique=True)
    kind = models.CharField("检查类型", max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField("检查名称", max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="inspections", verbose_name="所属区划")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="inspections", verbose_name="行业领域")
    theme = models.ForeignKey("org.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="专项整治主题")
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections", verbose_name="牵头单位")
    planned_on = models.DateField("计划检查日期", db_index=True)
    done_on = models.DateField("实际检查日期", null=True, blank=True, db_index=True)
    leader = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="带队负责人")
    members = models.ManyToManyField(Person, blank=True, related_name="inspections", verbose_name="检查人员")
    experts = models.ManyToManyField(Expert, blank=True, related_name="inspections", verbose_name="专家")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True)
    result = models.TextField("检查结论", blank=True)
    draw = models.ForeignKey("RandomDraw", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections", verbose_name="双随机抽取")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "检查"
        ordering = ["-planned_on", "-id"]
        # (status, region): the open ones (planned, in progress) are few among a province's completed.
        indexes = [models.Index(fields=["region", "done_on"]), models.Index(fields=["region", "planned_on"]),
                   models.Index(fields=["status", "region"])]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("inspections:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    @property
    def hazard_source(self):
        from hazards.models import Hazard

        kinds = (self.Kind.ENFORCEMENT, self.Kind.RANDOM)
        return Hazard.Source.ENFORCEMENT if self.kind in kinds else Hazard.Source.SUPERVISION


class InspectionChildQuerySet(ChildQuerySet):
    parent = "inspection"
    own = None  # the lookup to the enterprise a row is about, for an enterprise reader

    def in_scope(self, user):
        return _own_rows(super().in_scope(user), user, self.own)


class TargetQuerySet(InspectionChildQuerySet):
    own = "enterprise_id"


class Target(models.Model):
    """One enterprise or public place visited during an inspection, with its checklist."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="inspection_targets", verbose_name="生产经营单位")
    place_name = models.CharField("检查地点", max_length=120, blank=True, help_text="路段、桥梁、场站等（无企业时填写）")
    order = models.PositiveSmallIntegerField(default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "检查对象"
        ordering = ["inspection_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "enterprise"], name="one_target_per_enterprise")]

    def __str__(self):
        return self.enterprise.name if self.enterprise_id else self.place_name

    def progress(self, items=None):
        return Progress.of(self.items.all() if items is None else items)


class RegionTallyQuerySet(RollupQuerySet):
    """Counts kept per region alone (no sector): read by whoever reads those regions' inspections whole."""

    kind = "inspections"

    def in_scope(self, user):
        from org.scope import get_scope

        return self.none() if get_scope(user).sector_ids is not None else super().in_scope(user)


class InspectedFirm(models.Model):
    """Roll-up (inspections/tally.py): per region (and every region above) and enterprise, how many
    targets the region's inspections have of that enterprise — the list's 家 (its rows) and 家次 (their
    sum) for a whole region. Derived data: plain ids, no foreign keys."""

    region_id = models.IntegerField()
    enterprise_id = models.IntegerField()
    targets = models.IntegerField(default=0)

    objects = RegionTallyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "受检企业汇总"
        constraints = [models.UniqueConstraint(fields=["region_id", "enterprise_id"], name="inspected_firm_key")]
        # The region's firms and 家次 from the index alone.
        indexes = [models.Index(fields=["region_id", "targets", "enterprise_id"], name="inspected_firm_counts")]


class InspectionTeamTally(models.Model):
    """Roll-up (inspections/tally.py): per region (and every region above), the team members and experts of
    its inspections (人次). Derived data: plain ids."""

    region_id = models.IntegerField(unique=True)
    people = models.IntegerField(default=0)

    objects = RegionTallyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "督查人员汇总"


class Progress:
    """已查 7/11, the score (分值 of 符合 over 分值 of 符合 + 不符合, 不适用 left out) and the 不符合 on a
    重大隐患 criterion — of one target's items, or of several targets' together."""

    def __init__(self, checked, total, passed, scored, major_fails):
        self.checked, self.total, self.major_fails = checked, total, major_fails
        self.score = round(100 * passed / scored) if scored else None

    @classmethod
    def of(cls, items):
        items = list(items)
        answered = [i for i in items if i.result != CheckItem.Result.PENDING]
        passed = sum(i.weight for i in answered if i.result == CheckItem.Result.PASS)
        scored = sum(i.weight for i in answered if i.result in (CheckItem.Result.PASS, CheckItem.Result.FAIL))
        major = sum(1 for i in answered if i.result == CheckItem.Result.FAIL and i.criterion_id)
        return cls(len(answered), len(items), passed, scored, major)


def item_photo_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"inspections/{timezone.localdate():%Y/%m}/item-{instance.pk or 'new'}-{timezone.now():%H%M%S%f}.{ext}"


class ItemQuerySet(ChildQuerySet):
    parent = "target__inspection"

    def in_scope(self, user):
        return _own_rows(super().in_scope(user), user, "target__enterprise_id")


class CheckItem(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", "未检查"
        PASS = "pass", "符合"
        FAIL = "fail", "不符合"
        NA = "na", "不适用"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("检查内容")
    basis = models.CharField("检查依据", max_length=120, blank=True)
    criterion = models.ForeignKey("hazards.Criterion", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="对应重大隐患判定标准")
    result = models.CharField("检查结果", max_length=8, choices=Result.choices, default=Result.PENDING, db_index=True)
    weight = models.PositiveSmallIntegerField("分值", default=1)
    note = models.TextField("情况说明", blank=True)
    # The evidence copy, stamped with time, place and coordinates; the unstamped original kept beside it.
    photo = models.ImageField("现场照片", upload_to=item_photo_path, blank=True)
    photo_original = models.ImageField("现场照片（原图）", upload_to=item_photo_path, blank=True)
    photo_taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    photo_lat = models.DecimalField("拍摄位置纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    photo_lng = models.DecimalField("拍摄位置经度", max_digits=9, decimal_places=6, null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    # The hazard a 不符合 item became; one item, one hazard.
    hazard = models.OneToOneField("hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="check_item", verbose_name="转为隐患")

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "检查项"
        ordering = ["target_id", "order", "id"]


def signature_path(instance, filename):
    return f"inspections/{timezone.localdate():%Y/%m}/sign-{instance.inspection_id}-{timezone.now():%H%M%S%f}.png"


class SignatureQuerySet(InspectionChildQuerySet):
    own = "target__enterprise_id"


class Signature(models.Model):
    """A signature drawn on the phone (canvas → PNG): an inspector's, or the inspected party's representative's,
    on one target's record — with who and when. The 现场检查笔录 and the 责令限期整改指令书 print them."""

    class Role(models.TextChoices):
        INSPECTOR = "inspector", "检查人员"
        PARTY = "party", "被检查单位负责人"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="signatures")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField("签名人身份", max_length=10, choices=Role.choices)
    name = models.CharField("签名人", max_length=40)
    image = models.ImageField("签名", upload_to=signature_path)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="记录人")
    signed_at = models.DateTimeField("签名时间", default=timezone.now)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "现场签名"
        ordering = ["inspection_id", "target_id", "role", "signed_at", "id"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


class InspectionEvent(EventBase):
    LABELS = {"signed": "现场签名", "planned": "安排检查", "target_added": "增加检查对象", "item_added": "增加检查项", "item_recorded": "记录检查结果", "completed": "结束检查", "cancelled": "取消检查", "hazard_created": "转为隐患", "drawn": "双随机抽取生成"}
    MILESTONES = {"completed": "done_on"}
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")

    objects = InspectionChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "检查记录"


class DrawQuerySet(InternalQuerySet):
    kind = "inspection_work"


class RandomDraw(models.Model):
    """"双随机": N enterprises and M inspectors drawn with a recorded seed.

    The population (ids, in id order) is frozen into the row, so anyone can
    re-run `random.Random(seed).sample(population, n)` and get the same list
    even after enterprises are added or closed.
    """

    title = models.CharField("抽查事项", max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="抽取区划")
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="行业领域")
    key_only = models.BooleanField("仅“两客一危”", default=False)
    inspector_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="执法人员所在单位")
    enterprise_count = models.PositiveIntegerField("抽取企业数")
    inspector_count = models.PositiveIntegerField("抽取执法人员数")
    seed = models.CharField("随机种子", max_length=40)
    population = models.JSONField("企业名录（抽取时）", default=list)
    inspector_population = models.JSONField("执法人员名录（抽取时）", default=list)
    enterprises = models.JSONField("抽中企业", default=list)
    inspectors = models.JSONField("抽中执法人员", default=list)
    # 差异化: draw by the 红/黄/绿 code — plain, weighted (红 ×3, 黄 ×2, 绿 ×1), or every 红 firm first.
    grading = models.CharField("按分级抽取", max_length=10, choices=[("", "不区分"), ("weighted", "按分级加权（红3 黄2 绿1）"),
                                                                ("red_first", "红色企业必抽，其余随机")], default="",
                               blank=True)
    population_grades = models.JSONField("企业分级（抽取时）", default=list, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "双随机抽取"
        ordering = ["-drawn_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("inspections:draw", args=[self.pk])


class DrawEventQuerySet(ChildQuerySet):
    parent = "draw"


class DrawEvent(EventBase):
    LABELS = {"drawn": "抽取", "published": "公示结果", "inspections_planned": "生成检查任务"}
    draw = models.ForeignKey(RandomDraw, on_delete=models.CASCADE, related_name="events")

    objects = DrawEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "抽取记录"


class EnforcementQuerySet(RecordQuerySet):
    kind = "enforcement"  # an enterprise sees the measures taken against it


class EnforcementAction(models.Model):
    class Kind(models.TextChoices):
        ORDER = "order", "责令限期整改"
        PENALTY = "penalty", "行政处罚"
        SUSPENSION = "suspension", "停产停业整顿"
        INTERVIEW = "interview", "约谈"
        EXPOSURE = "exposure", "通报曝光"
        BLACKLIST = "blacklist", "联合惩戒/黑名单"
        DUAL_PENALTY = "dual_penalty", "一案双罚"
        TRANSFER = "transfer", "移送"

    class Status(models.TextChoices):
        OPEN = "open", "执行中"
        CLOSED = "closed", "已结案"

    kind = models.CharField("措施类型", max_length=14, choices=Kind.choices, db_index=True)
    case_number = models.CharField("案号/文书编号", max_length=60, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name="行业领域")
    theme = models.ForeignKey("org.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="专项整治主题")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="enforcement_actions", verbose_name="当事单位")
    party_name = models.CharField("当事人（个人）", max_length=60, blank=True,
                                  help_text="一案双罚中被处罚的主要负责人等个人")
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="actions", verbose_name="关联检查")
    hazard = models.ForeignKey("hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="enforcement_actions", verbose_name="关联隐患")
    facts = models.TextField("违法事实/事由")
    legal_basis = models.CharField("法律依据", max_length=200)
    decided_on = models.DateField("决定日期", db_index=True)
    deadline = models.DateField("整改/整顿期限", null=True, blank=True)
    fine = models.DecimalField("罚款金额（元）", max_digits=12, decimal_places=2, default=0)
    person_fine = models.DecimalField("对个人罚款（元）", max_digits=12, decimal_places=2, default=0)
    transferred_to = models.CharField("移送机关", max_length=80, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = EnforcementQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "执法措施"
        ordering = ["-decided_on", "-id"]
        # (hazard, kind, decided_on): a 重大 hazard's penalties (安全生产法 §113, the enterprise list's 红/黄/绿)
        # from the index alone — without it SQLite builds a temporary one for every page of firms.
        indexes = [models.Index(fields=["region", "decided_on"]),
                   models.Index(fields=["hazard", "kind", "decided_on"], name="action_hazard_penalties")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_number}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("inspections:action", args=[self.pk])

    @property
    def party(self):
        return self.enterprise.name if self.enterprise_id else self.party_name


class EnforcementEventQuerySet(ChildQuerySet):
    parent = "action"


class EnforcementEvent(EventBase):
    LABELS = {"recorded": "登记", "closed": "结案"}
    action = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="events")

    objects = EnforcementEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "执法措施记录"


class TemplateEvent(EventBase):
    LABELS = {"created": "新建检查表", "edited": "修改检查表"}
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="events")

    objects = TemplateQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "检查表变更记录"


class ScheduleQuerySet(InternalQuerySet):
    kind = "inspection_work"


class InspectionSchedule(models.Model):
    """检查计划（周期）: a population (区划, 行业, 两客一危), a frequency and a team; each period the scheduler
    makes the period's inspection once. 差异化: 红 firms may be visited more often (`red_every`) — they then
    leave the ordinary run and get their own."""

    EVERY = [("month", "每月"), ("quarter", "每季度"), ("half_year", "每半年"), ("year", "每年")]

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="区划")
    title = models.CharField("检查名称", max_length=120)
    kind = models.CharField("检查类型", max_length=16, choices=Inspection.Kind.choices)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name="行业领域")
    key_only = models.BooleanField("仅“两客一危”", default=False)
    every = models.CharField("频次", max_length=10, choices=EVERY)
    red_every = models.CharField("红色企业频次", max_length=10, choices=EVERY, blank=True,
                                 help_text="留空则红色企业与其他企业同频次")
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="牵头单位")
    leader = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="带队负责人")
    members = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name="检查人员")
    template = models.ForeignKey(ChecklistTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="检查表")
    with_criteria = models.BooleanField("附重大隐患判定标准", default=True)
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "周期检查计划"
        ordering = ["-created_at", "-id"]

    def get_active_display(self):
        return "启用" if self.active else "已停用"

    def __str__(self):
        return self.title


class ScheduleChildQuerySet(ChildQuerySet):
    parent = "schedule"


class ScheduleEvent(EventBase):
    LABELS = {"created": "制定周期检查计划", "paused": "停用周期检查计划", "resumed": "恢复周期检查计划"}
    schedule = models.ForeignKey(InspectionSchedule, on_delete=models.CASCADE, related_name="events")

    objects = ScheduleChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "周期检查计划变更记录"


class ScheduleRun(models.Model):
    """One period of a schedule, made once: the unique key is what keeps two runs at once from making two."""

    schedule = models.ForeignKey(InspectionSchedule, on_delete=models.CASCADE, related_name="runs")
    band = models.CharField("对象", max_length=6, choices=[("all", "全部企业"), ("red", "红色企业")])
    period_start = models.DateField("周期起")
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    firms = models.PositiveIntegerField("企业数", default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScheduleChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "周期检查生成记录"
        constraints = [models.UniqueConstraint(fields=["schedule", "band", "period_start"], name="one_run_per_period")]
