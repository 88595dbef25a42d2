"""生产经营单位 (SPEC §3) and their licences, key personnel, vehicles, ships and status history."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.dates import add_years
from core.models import EventBase
from core.validators import validate_credit_code, validate_phone
from org.models import Region, Sector
from org.scope import ChildQuerySet, ReferenceQuerySet, ScopedQuerySet, get_scope, in_region


class EnterpriseQuerySet(ScopedQuerySet):
    kind = "enterprises"

    def in_scope(self, user):
        scope = get_scope(user)
        if scope.sees_nothing:
            return self.none()
        if scope.enterprise_id:
            return self.filter(pk=scope.enterprise_id)
        qs = self if scope.region_path == "/" else self.filter(in_region(scope.region_path))
        if scope.sector_ids is not None:
            # EXISTS rather than a join: no duplicates, no DISTINCT over 100k rows.
            through = Enterprise.sectors.through
            qs = qs.filter(
                Exists(through.objects.filter(enterprise_id=OuterRef("pk"), sector_id__in=scope.sector_ids))
            )
        return qs

    def search(self, text):
        """Chinese search: every whitespace-separated term must occur (name, code, address, people)."""
        from core.search import normalize

        for term in normalize(text).split():
            self = self.filter(search_text__contains=term)
        return self


class EnterpriseChildQuerySet(ChildQuerySet):
    """Licences, contacts, vehicles, ships, history: visible with their enterprise."""

    parent = "enterprise"


class Enterprise(models.Model):
    class Status(models.TextChoices):
        OPERATING = "operating", "在营"
        SUSPENDED = "suspended", "停产整顿"
        CANCELLED = "cancelled", "注销"

    class Standardization(models.TextChoices):
        LEVEL1 = "level1", "一级"
        LEVEL2 = "level2", "二级"
        LEVEL3 = "level3", "三级"
        NONE = "none", "未达标"

    class Credit(models.TextChoices):
        AA = "AA", "AA"
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"

    # 交安监发〔2012〕175号: a standardisation certificate must be renewed every three years.
    STANDARDIZATION_VALID_YEARS = 3

    name = models.CharField("企业名称", max_length=120)
    short_name = models.CharField("简称", max_length=40, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    legal_representative = models.CharField("法定代表人", max_length=40, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="enterprises", verbose_name="行业领域")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="enterprises", verbose_name="所属区划")
    address = models.CharField("地址", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    business_scope = models.TextField("经营范围", blank=True)
    vehicles_count = models.PositiveIntegerField("车辆数", default=0)
    ships_count = models.PositiveIntegerField("船舶数", default=0)
    employees_count = models.PositiveIntegerField("从业人员数", default=0)
    is_two_plus_one = models.BooleanField("两客一危", default=False, db_index=True)
    standardization_level = models.CharField(
        "安全生产标准化等级", max_length=8, choices=Standardization.choices, default=Standardization.NONE
    )
    standardization_date = models.DateField("标准化证书日期", null=True, blank=True)
    credit_level = models.CharField("信用等级", max_length=2, choices=Credit.choices, blank=True)
    # The latest published 考核 (appraisal): what the 红/黄/绿 code reads (enterprises.grading).
    appraisal_title = models.CharField("最近考核", max_length=160, blank=True, editable=False)
    appraisal_score = models.DecimalField("考核得分", max_digits=6, decimal_places=1, null=True, blank=True,
                                          editable=False)
    appraisal_vetoed = models.BooleanField("考核一票否决", default=False, editable=False)
    status = models.CharField("经营状态", max_length=10, choices=Status.choices, default=Status.OPERATING, db_index=True)
    # Denormalised lower-case text of name, codes, address and key people, for search.
    search_text = models.TextField(default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "生产经营单位"
        ordering = ["name", "id"]
        # The 工作台's enterprise figures count a province's every firm by status, 两客一危 and 标准化: all of it
        # in one index, read without the rows (issue 23).
        indexes = [models.Index(fields=["region", "status", "is_two_plus_one", "standardization_level",
                                        "standardization_date"], name="enterprise_region_figures"),
                   models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def sector_for(self, within=None, allowed_ids=None):
        """The enterprise's sector to file a record under: one inside `within` (a sector
        subtree) and `allowed_ids` (a user's scope) when there is one, else its first."""
        sectors = sorted(self.sectors.all(), key=lambda s: s.path)
        fits = [s for s in sectors if (within is None or s.path.startswith(within.path))
                and (allowed_ids is None or s.pk in allowed_ids)]
        return (fits or sectors or [within])[0]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("enterprises:detail", args=[self.pk])

    @property
    def standardization_expires(self):
        d = self.standardization_date
        if not d or self.standardization_level == self.Standardization.NONE:
            return None
        return add_years(d, self.STANDARDIZATION_VALID_YEARS)

    @property
    def standardization_expired(self):
        exp = self.standardization_expires
        return bool(exp and exp < timezone.localdate())

    def principal(self):
        return next((c for c in self.contacts.all() if c.role == Contact.Role.PRINCIPAL), None)


class Licence(models.Model):
    class Kind(models.TextChoices):
        ROAD_TRANSPORT = "road_transport", "道路运输经营许可证"
        DANGEROUS_GOODS = "dangerous_goods", "危险货物道路运输经营许可证"
        WATERWAY = "waterway", "水路运输许可证"
        PORT = "port", "港口经营许可证"
        CONSTRUCTION = "construction", "施工资质证书"
        SAFETY = "safety", "安全生产许可证"
        OTHER = "other", "其他"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="licences")

    objects = EnterpriseChildQuerySet.as_manager()
    kind = models.CharField("证照类型", max_length=20, choices=Kind.choices, default=Kind.ROAD_TRANSPORT)
    number = models.CharField("证号", max_length=60)
    issuer = models.CharField("发证机关", max_length=80, blank=True)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "许可证照"
        ordering = ["enterprise_id", "id"]
        indexes = [models.Index(fields=["valid_until", "enterprise"])]  # the expired ones, by day

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def expired(self):
        return bool(self.valid_until and self.valid_until < timezone.localdate())


class Contact(models.Model):
    """主要负责人 / 安全管理人员 — the people the law holds responsible."""

    class Role(models.TextChoices):
        PRINCIPAL = "principal", "主要负责人"
        SAFETY_MANAGER = "safety_manager", "安全管理人员"

    class Training(models.TextChoices):
        NONE = "none", "未培训"
        TRAINED = "trained", "已培训"
        CERTIFIED = "certified", "考核合格"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")

    objects = EnterpriseChildQuerySet.as_manager()
    role = models.CharField("身份", max_length=16, choices=Role.choices)
    name = models.CharField("姓名", max_length=40)
    phone = models.CharField("电话", max_length=30, blank=True, validators=[validate_phone])
    certificate_no = models.CharField("安全考核合格证号", max_length=60, blank=True)
    training_status = models.CharField("培训状态", max_length=10, choices=Training.choices, default=Training.NONE)
    trained_on = models.DateField("培训/考核日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "主要负责人/安全管理人员"
        ordering = ["enterprise_id", "role", "id"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


class Vehicle(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="vehicles")

    objects = EnterpriseChildQuerySet.as_manager()
    plate_no = models.CharField("车牌号", max_length=16)
    vehicle_type = models.CharField("车辆类型", max_length=40, blank=True)
    transport_cert_no = models.CharField("道路运输证号", max_length=40, blank=True)
    is_two_plus_one = models.BooleanField("两客一危车辆", default=False)
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "车辆"
        ordering = ["enterprise_id", "plate_no"]
        constraints = [models.UniqueConstraint(fields=["plate_no"], name="vehicle_plate_unique")]

    def __str__(self):
        return self.plate_no


class Ship(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="ships")

    objects = EnterpriseChildQuerySet.as_manager()
    name = models.CharField("船名", max_length=40)
    registry_no = models.CharField("船舶登记号", max_length=40, blank=True)
    gross_tonnage = models.DecimalField("总吨", max_digits=10, decimal_places=1, null=True, blank=True)
    passenger_capacity = models.PositiveIntegerField("载客定额", null=True, blank=True)
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "船舶"
        ordering = ["enterprise_id", "name"]

    def __str__(self):
        return self.name


class StatusChange(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="status_changes")

    objects = EnterpriseChildQuerySet.as_manager()
    from_status = models.CharField("原状态", max_length=10, choices=Enterprise.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=10, choices=Enterprise.Status.choices)
    effective_on = models.DateField("生效日期", default=datetime.date.today)
    reason = models.TextField("原因")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "经营状态变更"
        ordering = ["enterprise_id", "-changed_at", "-id"]


class EnterpriseEvent(EventBase):
    class Type(models.TextChoices):
        CREATED = "created", "登记"
        UPDATED = "updated", "修改"
        STATUS_CHANGED = "status_changed", "状态变更"
        IMPORTED = "imported", "批量导入"
        APPRAISED = "appraised", "考核结果"

    LABELS = dict(Type.choices)

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="events")

    objects = EnterpriseChildQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "企业事件"

    def get_type_display(self):
        return self.Type(self.type).label if self.type in self.Type.values else self.type


class RuleQuerySet(ReferenceQuerySet):
    """The grading rule is configuration every signed-in user may read."""


class GradingRule(models.Model):
    """The 红/黄/绿 code rule (SPEC §3): counts over the last `window_days`; a threshold of 0
    switches that condition off. Red if any red condition holds, else yellow if any yellow one."""

    window_days = models.PositiveIntegerField("统计周期（天）", default=365)
    red_open_major = models.PositiveIntegerField("未销号重大隐患 ≥（红）", default=1)
    red_accidents = models.PositiveIntegerField("生产安全事故 ≥（红）", default=1)
    red_serious_actions = models.PositiveIntegerField("行政处罚/停产整顿/联合惩戒 ≥（红）", default=2)
    yellow_overdue = models.PositiveIntegerField("逾期未整改隐患 ≥（黄）", default=1)
    yellow_actions = models.PositiveIntegerField("执法措施 ≥（黄）", default=1)
    red_appraisal_vetoed = models.PositiveIntegerField("最近一次考核被一票否决（红；1 启用，0 不启用）", default=1)
    yellow_appraisal_below = models.PositiveIntegerField("最近一次考核得分低于（黄）", default=60)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "企业分级规则"

    THRESHOLDS = ("red_open_major", "red_accidents", "red_serious_actions", "red_appraisal_vetoed", "yellow_overdue",
                  "yellow_actions", "yellow_appraisal_below")

    @classmethod
    def current(cls):
        return cls.objects.order_by("-id").first() or cls()


class GradingRuleEvent(EventBase):
    LABELS = {"saved": "修改分级规则"}
    rule = models.ForeignKey(GradingRule, on_delete=models.CASCADE, related_name="events")

    objects = RuleQuerySet.as_manager()

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "企业分级规则变更记录"
