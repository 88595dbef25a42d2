"""Organisation (SPEC §2): regions, units, people, working groups, sectors, users."""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.models import EventBase, TreeNode, ids_in_path
from core.validators import validate_phone

from .roles import Role
from .scope import (
    ChildQuerySet, InternalQuerySet, OrganisationQuerySet, ReferenceQuerySet, ScopedQuerySet, get_scope, in_region,
)


class RegionQuerySet(OrganisationQuerySet):
    """A user's region and everything below it; an enterprise account its own region's."""

    region = ""

    def for_enterprise(self, scope):
        return self.filter(path__startswith=scope.region_path)


class Region(TreeNode):
    """行政区划: 省 / 市 / 县 / 乡镇. Every record that belongs somewhere points at one."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        TOWN = "town", "乡镇"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    abbr = models.CharField("编号前缀", max_length=8, blank=True, help_text="隐患编号前缀，如 WS（乌审旗）")

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def county(self):
        """The county-level region above a town (its bureau issues notices and numbers)."""
        region = self
        while region.level == Region.Level.TOWN and region.parent_id:
            region = region.parent
        return region


class SectorQuerySet(ReferenceQuerySet):
    """The sector catalogue is configuration, not data: every signed-in user reads it."""


class Sector(TreeNode):
    """行业领域, a configurable tree seeded by migration 0002 with SPEC's defaults."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40)
    is_two_plus_one = models.BooleanField("属于两客一危", default=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行业领域"
        ordering = ["path", "sort_order"]

    def __str__(self):
        return self.name


class ThemeQuerySet(ReferenceQuerySet):
    """Campaign themes are configuration: every signed-in user reads them."""


class Theme(models.Model):
    """专项整治主题 (烟花爆竹安全, 学生安全, 自然灾害防治 …): a tag on inspections, hazards and
    enforcement actions, so an issued form can give a campaign its own row."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    active = models.BooleanField("启用", default=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "专项整治主题"
        ordering = ["id"]

    def __str__(self):
        return self.name


THEMES = [("fireworks", "烟花爆竹安全"), ("culture-tourism", "文化体育旅游"), ("students", "学生安全"),
          ("natural-disasters", "自然灾害防治"), ("illegal-operation", "打非治违")]
# The words by which a plan names a theme's action or 专班 ("烟花爆竹专项整治", "学生安全专项整治",
# "建设领域整治专班" has none): matched in that order, the first wins.
THEME_WORDS = {"fireworks": ("烟花爆竹",), "culture-tourism": ("文化体育旅游", "文化旅游", "文旅", "体育旅游"),
               "students": ("学生", "校车", "校园"), "natural-disasters": ("自然灾害", "防汛", "地质灾害", "防灾减灾"),
               "illegal-operation": ("打非治违", "非法营运")}


def match_theme(*texts):
    """The campaign theme a plan's action or 专班 names (by THEME_WORDS, or the theme's own name),
    or None."""
    return theme_in(Theme.objects.filter(active=True), texts)


def theme_in(themes, texts):
    """The first of `themes` that the texts name (also for migrations, with their own Theme model)."""
    text = "".join(t for t in texts if t)
    if not text:
        return None
    for theme in themes:
        if theme.name in text or any(word in text for word in THEME_WORDS.get(theme.code, ())):
            return theme
    return None


def default_theme(user):
    """The theme a record this user files belongs to by default: that of the 专班 the user sits in,
    when all their themed 专班 share one (the form still lets them change it)."""
    if not getattr(user, "person_id", None):
        return None
    themes = set(WorkingGroup.objects.filter(members__person_id=user.person_id, active=True, theme__isnull=False)
                 .values_list("theme_id", flat=True))
    return Theme.objects.get(pk=themes.pop()) if len(themes) == 1 else None


def ensure_themes(model=None):
    """The shipped themes (seeded by migration org 0009; again after a test flushed them)."""
    model = model or Theme
    for code, name in THEMES:
        model.objects.get_or_create(code=code, defaults={"name": name})


class UnitQuerySet(OrganisationQuerySet):
    def for_enterprise(self, scope):
        from enterprises.models import Enterprise

        return self.supervising(Enterprise.objects.select_related("region").get(pk=scope.enterprise_id))

    def supervising(self, ent):
        """Units that supervise an enterprise: in its region or above, over one of
        its sectors or a parent sector (a 道路运输 unit supervises a freight company)."""
        sector_ids = {i for path in ent.sectors.values_list("path", flat=True) for i in ids_in_path(path)}
        return self.filter(region_id__in=ids_in_path(ent.region.path), sectors__id__in=sector_ids).distinct()


class Unit(TreeNode):
    """单位: 股室, 二级单位, 执法大队 … Sectors are the fields the unit supervises."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", "局机关"
        OFFICE = "office", "股室"
        SUBORDINATE = "subordinate", "二级单位"
        ENFORCEMENT = "enforcement", "执法机构"
        EXTERNAL = "external", "其他单位"

    name = models.CharField("名称", max_length=80)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.OFFICE)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units", verbose_name="所属区划")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="units", verbose_name="监管行业领域")
    head = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="负责人"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    active = models.BooleanField("启用", default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["region__path", "path"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_name_unique_in_region")]

    def __str__(self):
        return self.name

    @property
    def seal(self):
        """The unit whose seal a report carries (填报单位（章））: a 股室 reports under its bureau;
        a 二级单位 or 执法机构 under its own name."""
        unit = self
        while unit.kind == Unit.Kind.OFFICE and unit.parent_id:
            unit = unit.parent
        return unit


class UnitAliasQuerySet(OrganisationQuerySet):
    def for_enterprise(self, scope):
        return self.none()


class UnitAlias(models.Model):
    """A name plans write for a unit, confirmed by the bureau on a plan import
    (执法大队 → 交通运输综合行政执法大队): the next import in the county maps it by itself."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="unit_aliases", verbose_name="所属区划")
    name = models.CharField("方案中的名称", max_length=80)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name="单位")
    created_by = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="确认人")
    created_at = models.DateTimeField("确认时间", default=timezone.now)

    objects = UnitAliasQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "单位别名"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_alias_unique_in_region")]

    def __str__(self):
        return f"{self.name} → {self.unit.name}"


def reporting_unit_name(user, region=None):
    """填报单位 of a table the user prints: their unit's seal; for the region chosen (or a user
    without a unit) that region's transport bureau."""
    if region is None and getattr(user, "unit_id", None):
        return user.unit.seal.name
    area = region or (user.region if getattr(user, "region_id", None) else None)
    if area is None:
        return ""
    bureau = Unit.objects.filter(region=area, kind=Unit.Kind.BUREAU).order_by("path").first()
    return bureau.name if bureau else f"{area.name}交通运输局"


class PersonQuerySet(OrganisationQuerySet):
    """Phone numbers are personal data: enterprise accounts do not browse the bureau's staff."""

    region = "unit__region"


class Person(models.Model):
    name = models.CharField("姓名", max_length=40)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name="单位")
    position = models.CharField("职务", max_length=80, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField("邮箱", blank=True)
    # 行政执法证号: only certified officers enter the "双随机" inspector pool.
    enforcement_cert = models.CharField("执法证号", max_length=30, blank=True)
    active = models.BooleanField("在职", default=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人员"
        ordering = ["unit_id", "id"]

    def __str__(self):
        return self.name


class WorkingGroupQuerySet(OrganisationQuerySet):
    pass


class WorkingGroup(models.Model):
    """领导小组 / 工作专班 as named in a plan's attachment."""

    class Kind(models.TextChoices):
        LEADING = "leading", "领导小组"
        TASK_FORCE = "task_force", "工作专班"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.LEADING)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="working_groups", verbose_name="所属区划")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subgroups", verbose_name="上级领导小组"
    )
    office_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="办公室设在"
    )
    duties = models.TextField("职责", blank=True)
    # A 专班 of a campaign (烟花爆竹、学生安全 …): what its members file carries the theme by default.
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="专项整治主题")
    active = models.BooleanField("有效", default=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "领导小组/工作专班"
        ordering = ["region_id", "parent_id", "id"]

    def __str__(self):
        return self.name

    @property
    def leader(self):
        m = next((m for m in self.members.all() if m.role == WorkingGroupMember.Role.LEADER), None)
        return m.display_name if m else None


class WorkingGroupMemberQuerySet(ChildQuerySet):
    parent = "group"


class WorkingGroupMember(models.Model):
    """A seat in a group: a named person, or a unit ("…负责人、业务骨干")."""

    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY = "deputy", "副组长"
        MEMBER = "member", "成员"
        OFFICE_DIRECTOR = "office_director", "办公室主任"

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members", verbose_name="小组")
    role = models.CharField("职务", max_length=16, choices=Role.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, verbose_name="人员")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, verbose_name="单位")
    title = models.CharField("职务（原文）", max_length=120, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = WorkingGroupMemberQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "小组成员"
        ordering = ["group_id", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(unit__isnull=False), name="member_is_person_or_unit"
            )
        ]

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.unit.name

    def __str__(self):
        return f"{self.get_role_display()}：{self.display_name}"


class UserQuerySet(ScopedQuerySet):
    def in_scope(self, user):
        """Accounts an administrator may manage: those anchored inside their region;
        anyone else reads only their own."""
        from .roles import ADMIN_ROLES, Role

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role != Role.SYS_ADMIN:
            return self.filter(pk=user.pk)
        path = get_scope(user).region_path or "/none/"
        # 三员分立: the system administrator never manages administrator accounts (own included).
        return self.filter(is_superuser=False).exclude(role__in=ADMIN_ROLES).filter(
            in_region(path) | in_region(path, via="unit__region") | in_region(path, via="enterprise__region")
        )


class ZhibenUserManager(UserManager):
    def get_queryset(self):
        return UserQuerySet(self.model, using=self._db)

    def for_user(self, user):
        return self.get_queryset().for_user(user)


class User(AbstractUser):
    """A login. The role and its anchor (region, unit or enterprise) define the data scope."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.UNIT_STAFF)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name="所属区划"
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name="单位")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name="企业"
    )
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="user", verbose_name="对应人员"
    )
    phone = models.CharField("手机号", max_length=30, blank=True, validators=[validate_phone])
    # Password age and the first-login change (security policy, 等保).
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    large_text = models.BooleanField("大字版", default=False, help_text="适老化：放大文字和按钮（本人在顶栏切换）")
    # Raised by 退出所有设备: every session and API token of the account ends.
    auth_epoch = models.PositiveIntegerField(default=0, editable=False)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="管理员设置或重置的密码，用户登录后必须先改成自己的密码。")

    objects = ZhibenUserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    def clean(self):
        super().clean()
        if self.role == Role.ENTERPRISE and not self.enterprise_id:
            raise ValidationError({"enterprise": "企业用户必须关联一个企业。"})
        if self.role == Role.UNIT_STAFF and not self.unit_id:
            raise ValidationError({"unit": "股室/二级单位用户必须关联一个单位。"})
        if self.role != Role.ENTERPRISE and self.enterprise_id:
            raise ValidationError({"enterprise": "只有企业用户可以关联企业。"})
        if self.role not in (Role.ENTERPRISE, Role.UNIT_STAFF) and not self.region_id and not self.is_superuser:
            raise ValidationError({"region": "请选择该用户所属的行政区划。"})

    @property
    def role_label(self):
        return self.get_role_display()

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def _get_session_auth_hash(self, secret=None):
        """Django ends a session whose stored hash no longer matches: the hash covers the
        password (as Django's does) and `auth_epoch`, so 退出所有设备 ends every session."""
        from django.utils.crypto import salted_hmac

        return salted_hmac("zhiben.User.session", f"{self.password}:{self.auth_epoch}", secret=secret,
                           algorithm="sha256").hexdigest()

    def password_expired(self, policy):
        if not policy.max_age_days or not self.has_usable_password():
            return False
        changed = self.password_changed_at or self.date_joined
        return timezone.now() - changed > datetime.timedelta(days=policy.max_age_days)


class RegistryQuerySet(InternalQuerySet):
    """Experts and duty shifts: internal records of the region; never an enterprise's."""


class Expert(models.Model):
    """专家库: who can join inspections, give opinions and co-sign acceptance."""

    name = models.CharField("姓名", max_length=40)
    field = models.CharField("专业领域", max_length=80)
    title = models.CharField("职称", max_length=40, blank=True)
    employer = models.CharField("工作单位", max_length=80, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="experts", verbose_name="所属区划")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="experts", verbose_name="擅长行业领域")
    available = models.BooleanField("可参加检查", default=True)
    user = models.OneToOneField("User", null=True, blank=True, on_delete=models.SET_NULL, related_name="expert_profile",
                                verbose_name="登录账号")

    objects = RegistryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "专家"
        ordering = ["region_id", "name"]

    def __str__(self):
        return self.name


class DutyShift(models.Model):
    """7×24 值班表: who is on duty when."""

    class Role(models.TextChoices):
        LEADER = "leader", "带班领导"
        OFFICER = "officer", "值班员"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="duty_shifts", verbose_name="所属区划")
    date = models.DateField("日期", db_index=True)
    start = models.TimeField("开始")
    end = models.TimeField("结束", help_text="不晚于开始时间表示次日结束（如 08:30–08:30 为24小时班）")
    role = models.CharField("岗位", max_length=10, choices=Role.choices, default=Role.OFFICER)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="duty_shifts", verbose_name="值班人员")

    objects = RegistryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "值班"
        ordering = ["date", "start", "role"]
        constraints = [models.UniqueConstraint(fields=["person", "date", "start"], name="one_shift_per_start")]


class RegistryEvent(EventBase):
    """Changes to the expert registry and the duty roster."""
    LABELS = {"saved": "保存专家信息", "added": "排班", "unit_created": "新建单位（方案导入）",
              "alias_confirmed": "确认单位别名（方案导入）"}

    object_type = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()

    objects = RegistryQuerySet.as_manager()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "登记变更记录"
