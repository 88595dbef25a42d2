"""People's safety capacity (SPEC §8): trainings with attendees and results,
emergency drills with frequency rules, and coverage targets (全覆盖) as data."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import EventBase
from org.models import Person, Region, Sector, Unit
from org.scope import ChildQuerySet, InternalQuerySet, RecordQuerySet, ReferenceQuerySet


class TrainingQuerySet(InternalQuerySet):
    kind = "trainings"


class TargetQuerySet(InternalQuerySet):
    kind = "coverage"


class Training(models.Model):
    class Kind(models.TextChoices):
        KEY_PEOPLE = "key_people", "主要负责人/安全管理人员全覆盖培训"
        ENFORCEMENT = "enforcement", "执法人员轮训"
        WORKERS = "workers", "从业人员培训"
        VIOLATIONS = "violations", "“三违”人员脱产培训"
        OTHER = "other", "其他培训"

    kind = models.CharField("培训类型", max_length=12, choices=Kind.choices, db_index=True)
    title = models.CharField("培训名称", max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    organizer = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="组织单位")
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", db_index=True)
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1)
    place = models.CharField("地点", max_length=120, blank=True)
    note = models.TextField("内容摘要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "培训"
        ordering = ["-end_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("safety:training", args=[self.pk])


class TrainingChildQuerySet(ChildQuerySet):
    parent = "training"


class Attendee(models.Model):
    """One person at a training: an enterprise's 主要负责人/安全管理人员 (Contact) or the bureau's own staff (Person)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendees")
    contact = models.ForeignKey("enterprises.Contact", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="attendances")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances")
    passed = models.BooleanField("考核合格", null=True, blank=True)

    objects = TrainingChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "参训人员"
        ordering = ["training_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "contact"], name="attendee_contact_once"),
            models.UniqueConstraint(fields=["training", "person"], name="attendee_person_once"),
        ]

    @property
    def name(self):
        return self.contact.name if self.contact_id else self.person.name


def attachment_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"safety/{timezone.localdate():%Y/%m}/{instance.training_id}-{timezone.now():%H%M%S%f}.{ext}"


class TrainingAttachment(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)

    objects = TrainingChildQuerySet.as_manager()


class TrainingEvent(EventBase):
    LABELS = {"recorded": "登记培训", "results": "登记考核结果"}
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="events")

    objects = TrainingChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "培训记录"


class DrillQuerySet(RecordQuerySet):
    kind = "drills"


class Drill(models.Model):
    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", "综合应急演练"
        SPECIAL = "special", "专项应急演练"
        ONSITE = "onsite", "现场处置方案演练"
        TABLETOP = "tabletop", "桌面推演"
        EVACUATION = "evacuation", "疏散逃生演练"

    # An enterprise's drill, or the bureau's own (组织单位, no enterprise).
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="drills", verbose_name="生产经营单位")
    organiser = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="drills",
                                  verbose_name="组织单位")
    plan_item = models.ForeignKey("DrillPlanItem", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="drills", verbose_name="演练计划")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name="行业领域")
    kind = models.CharField("演练类型", max_length=14, choices=Kind.choices, db_index=True)
    held_on = models.DateField("演练日期", db_index=True)
    scenario = models.CharField("演练科目", max_length=120)
    participants = models.PositiveIntegerField("参演人数")
    evaluation = models.TextField("演练评估")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = DrillQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急演练"
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(enterprise__isnull=False) | models.Q(organiser__isnull=False), name="drill_has_a_holder")]

    @property
    def holder(self):
        return self.enterprise.name if self.enterprise_id else self.organiser.name


class DrillPlanQuerySet(InternalQuerySet):
    kind = "drills"


class DrillPlanItem(models.Model):
    """年度应急演练计划: one drill the bureau plans, by month; held when a drill is recorded against it."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    month = models.PositiveSmallIntegerField("计划月份")
    scenario = models.CharField("演练科目", max_length=120)
    kind = models.CharField("演练类型", max_length=14, choices=Drill.Kind.choices)
    organiser = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="组织单位")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = DrillPlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急演练计划"
        ordering = ["year", "month", "id"]

    def __str__(self):
        return f"{self.year}年{self.month}月 {self.scenario}"

    def state(self, today):
        """已开展 when a drill was recorded against it; 逾期未开展 once its month is over; else 计划中."""
        if self.drills.exists():
            return "已开展"
        month_over = (today.year, today.month) > (self.year, self.month)
        return "逾期未开展" if month_over else "计划中"


class DrillPlanEventQuerySet(ChildQuerySet):
    parent = "item"


class DrillPlanEvent(EventBase):
    LABELS = {"planned": "列入演练计划"}

    item = models.ForeignKey(DrillPlanItem, on_delete=models.CASCADE, related_name="events")

    objects = DrillPlanEventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "演练计划事件"


class DrillEvent(EventBase):
    LABELS = {"recorded": "登记演练"}
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="events")

    objects = DrillQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "演练记录"


class RuleQuerySet(ReferenceQuerySet):
    pass


class DrillRule(models.Model):
    """How often an enterprise class must drill: e.g. 高危（两客一危）every 6 months, any kind."""

    name = models.CharField("规则", max_length=80)
    kind = models.CharField("演练类型（空为任意）", max_length=14, choices=Drill.Kind.choices, blank=True)
    months = models.PositiveSmallIntegerField("周期（月）")
    two_plus_one_only = models.BooleanField("仅“两客一危”企业", default=False)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="适用行业领域（空为全部）")
    active = models.BooleanField("启用", default=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "演练频次规则"
        ordering = ["id"]

    def __str__(self):
        return self.name


class CoverageTarget(models.Model):
    """全覆盖目标: a population, what counts as covered, a target % and a deadline."""

    class Population(models.TextChoices):
        ENTERPRISES = "enterprises", "在营企业"
        OFFICERS = "officers", "监管执法人员（持执法证）"
        ITEMS = "items", "清单事项（如点位、项目）"

    class Rule(models.TextChoices):
        KEY_PEOPLE_TRAINED = "key_people_trained", "主要负责人和安全管理人员培训考核合格"
        OFFICER_TRAINED = "officer_trained", "参加执法人员轮训并考核合格"
        MARKED = "marked", "逐家确认达标（如接入平台、安装设备）"
        ITEM_DONE = "item_done", "清单事项已完成"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    name = models.CharField("目标名称", max_length=80)
    population = models.CharField("统计对象", max_length=12, choices=Population.choices)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="行业领域（含下级）")
    two_plus_one_only = models.BooleanField("仅“两客一危”企业", default=False)
    rule = models.CharField("达标条件", max_length=20, choices=Rule.choices)
    counted_from = models.DateField("计算起始日期", help_text="培训类条件只计此日期之后结束的培训")
    target_percent = models.DecimalField("目标（%）", max_digits=5, decimal_places=1, default=100)
    deadline = models.DateField("完成时限")
    # Who must close the gap: past its deadline and short of its target, the target is on this unit's 待办.
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="责任单位")
    order = models.PositiveSmallIntegerField(default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "全覆盖目标"
        ordering = ["region_id", "order", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("safety:target", args=[self.pk])


class TargetChildQuerySet(ChildQuerySet):
    parent = "target"


class CoverageMark(models.Model):
    """An enterprise confirmed as meeting a "marked" target (e.g. 已接入智慧监管平台)."""

    target = models.ForeignKey(CoverageTarget, on_delete=models.CASCADE, related_name="marks")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    marked_on = models.DateField("确认日期")
    note = models.CharField("依据", max_length=200, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = TargetChildQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "enterprise"], name="one_mark_per_enterprise")]


class CoverageItem(models.Model):
    """An item of an "items" target (a 非现场执法点位, a 平安工地 project …)."""

    target = models.ForeignKey(CoverageTarget, on_delete=models.CASCADE, related_name="items")
    name = models.CharField("名称", max_length=120)
    done_on = models.DateField("完成日期", null=True, blank=True)

    objects = TargetChildQuerySet.as_manager()

    class Meta:
        ordering = ["target_id", "id"]


class CoverageEvent(EventBase):
    LABELS = {"created": "新建目标", "saved": "修改目标", "marked": "标记已覆盖", "unmarked": "撤销覆盖标记", "item_added": "增加工作事项", "item_done": "完成工作事项"}
    target = models.ForeignKey(CoverageTarget, on_delete=models.CASCADE, related_name="events")

    objects = TargetChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "全覆盖记录"


# --- 应急物资 and 救援队伍 (issue 21 #5) ---------------------------------------------------------------


class EmergencyQuerySet(InternalQuerySet):
    kind = "emergency"


class EmergencySupply(models.Model):
    """应急物资: what the bureau keeps, where, how much, and whom to call for it."""

    class Category(models.TextChoices):
        FLOOD = "flood", "防汛抢险"
        SNOW = "snow", "除冰融雪"
        FIRE = "fire", "消防器材"
        RESCUE = "rescue", "救援器材"
        PROTECTION = "protection", "防护用品"
        LIGHTING = "lighting", "通信照明"
        OTHER = "other", "其他"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    name = models.CharField("物资名称", max_length=80)
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    measure = models.CharField("计量单位", max_length=10)
    location = models.CharField("存放地点", max_length=120)
    keeper = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="管理单位")
    contact = models.CharField("联系人", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    checked_on = models.DateField("盘点日期", null=True, blank=True)

    objects = EmergencyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急物资"
        ordering = ["category", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name", "location"], name="one_supply_per_place")]

    def __str__(self):
        return f"{self.name}（{self.location}）"


class RescueTeam(models.Model):
    """救援队伍: who can be called out, how many, with what, from where."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", "专业救援队伍"
        PART_TIME = "part_time", "兼职救援队伍"
        SOCIAL = "social", "社会救援力量"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    name = models.CharField("队伍名称", max_length=80)
    kind = models.CharField("类型", max_length=14, choices=Kind.choices)
    members = models.PositiveIntegerField("人数")
    leader = models.CharField("负责人", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    location = models.CharField("驻地", max_length=120)
    equipment = models.CharField("主要装备", max_length=300, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="所属单位")

    objects = EmergencyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "救援队伍"
        ordering = ["kind", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="one_team_name_per_region")]

    def __str__(self):
        return self.name


class EmergencyEvent(EventBase):
    """Additions to and changes of the two registers (one row per imported or edited record)."""
    LABELS = {"added": "新增", "changed": "修改"}

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()

    objects = EmergencyQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "应急资源变更记录"
