"""The one door for reads.

Two questions, answered here and nowhere else:
1. may this role read this kind of record at all? — `org.roles.READERS`, asked by
   `may_read` / `require_read`;
2. which rows? — the data scope (`get_scope`): the user's region subtree, sectors, units
   or enterprise.

Every model's queryset derives from `ScopedQuerySet` and names its kind and one of a few
strategies (records of a region/sector/enterprise, internal records of a region, children
visible with their parent, reference data). `for_user()` applies both questions; pages, API
viewsets, exports, documents and map feeds call `readable(Model, user)`, which refuses a role
outside the table with a Chinese 403 instead of an empty list. `place()` is the matching
check for writes: is the new record inside my scope?
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models

from .roles import READERS, Role, may_read


@dataclass(frozen=True)
class Scope:
    # Materialised path of the region the user sees below; None = sees nothing.
    region_path: str | None = None
    # Sector ids (with descendants) the user is limited to; None = all sectors.
    sector_ids: frozenset | None = None
    # Set for enterprise users: the only enterprise they see.
    enterprise_id: int | None = None
    # Unit ids the user belongs to (own unit and its sub-units).
    unit_ids: frozenset = field(default_factory=frozenset)
    # False for the system administrator: the organisation and accounts of the region,
    # no business records (三员分立).
    business: bool = True

    @property
    def sees_nothing(self):
        """True when no business record is visible (organisation querysets test region_path)."""
        return self.region_path is None or not self.business


NOTHING = Scope()


def _region_path(user):
    if user.role == Role.ENTERPRISE:
        return user.enterprise.region.path if user.enterprise_id else None
    if user.role == Role.UNIT_STAFF and user.unit_id:
        return (user.region or user.unit.region).path
    return user.region.path if user.region_id else None


def compute_scope(user) -> Scope:
    from .models import Sector, Unit

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser and not user.region_id:
        return Scope(region_path="/")
    role = user.role
    if role in (Role.SECURITY_ADMIN, Role.AUDITOR):
        # 三员分立: security settings and the audit log only, never business records.
        return NOTHING
    path = _region_path(user)
    if path is None:
        return NOTHING
    if role == Role.ENTERPRISE:
        return Scope(region_path=path, enterprise_id=user.enterprise_id)
    if role == Role.UNIT_STAFF:
        unit = user.unit
        unit_ids = frozenset(Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))
        roots = list(Sector.objects.filter(units__id__in=unit_ids).values_list("path", flat=True).distinct())
        sector_ids = set()
        for root in roots:
            sector_ids.update(Sector.objects.filter(path__startswith=root).values_list("id", flat=True))
        return Scope(region_path=path, sector_ids=frozenset(sector_ids), unit_ids=unit_ids)
    if role == Role.SYS_ADMIN:
        return Scope(region_path=path, business=False)
    # Leaders, the safety office and experts (read-only) see the region.
    return Scope(region_path=path)


def get_scope(user) -> Scope:
    cached = getattr(user, "_zhiben_scope", None)
    if cached is None:
        cached = compute_scope(user)
        try:
            user._zhiben_scope = cached
        except AttributeError:  # AnonymousUser is immutable enough to refuse
            pass
    return cached


def whole_region(user):
    """The region whose records this user reads whole — its entire subtree, no sector or enterprise
    limit: the region's id, "all" for the whole tree, else None. What the roll-ups kept per region
    (hazards/tally.py, inspections/tally.py) answer exactly."""
    from core.models import ids_in_path

    scope = get_scope(user)
    if scope.sees_nothing or scope.enterprise_id or scope.sector_ids is not None:
        return None
    return "all" if scope.region_path == "/" else ids_in_path(scope.region_path)[-1]


def home_region(user):
    """The region a user works for: their own, or their unit's (headers, default periods, 填报单位)."""
    if getattr(user, "region_id", None):
        return user.region
    return user.unit.region if getattr(user, "unit_id", None) else None


def owner_name(user):
    """Whose papers a download is, as its file name begins: the enterprise for its own
    accounts, else the region the user works for ("乌审旗"); "" for a system account."""
    if getattr(user, "enterprise_id", None):
        return user.enterprise.name
    region = home_region(user)
    return region.name if region else ""


def subtree(model, path):
    """The ids of a tree's branch (regions, sectors, units) as a subquery. Scoped filters compare a
    row's indexed foreign key with it — `region_id IN (SELECT id …)` — never the path of a joined
    row checked per row: a county's hazards on a province's database cost the county's rows.
    Written as SQL, not a queryset: every scoped query of every page has one, and the ORM built and
    compiled the same subquery each time (a materialised path holds digits and slashes only, so the
    prefix needs no LIKE escaping; it is still a parameter)."""
    from django.db.models.expressions import RawSQL

    return RawSQL(f'SELECT "id" FROM "{model._meta.db_table}" WHERE "path" LIKE %s', (f"{path}%",),
                  output_field=models.IntegerField())


def in_region(path, via="region"):
    """Q: the rows whose `via` (a lookup to a Region) lies in the region subtree at `path`."""
    from .models import Region

    return models.Q(**{f"{via}__in": subtree(Region, path)})


def in_sector(path, via="sector"):
    """Q: the rows whose `via` (a lookup to a Sector) lies in the sector subtree at `path`."""
    from .models import Sector

    return models.Q(**{f"{via}__in": subtree(Sector, path)})


def scope_records(qs, user):
    """The scope rule for records that belong to one enterprise (or a public place),
    one region and one sector — hazards, accidents: an enterprise user sees its own,
    others see their region's subtree, unit staff only their sectors."""
    scope = get_scope(user)
    if scope.sees_nothing:
        return qs.none()
    if scope.enterprise_id:
        return qs.filter(enterprise_id=scope.enterprise_id)
    if scope.region_path != "/":
        qs = qs.filter(in_region(scope.region_path))
    if scope.sector_ids is not None:
        qs = qs.filter(sector_id__in=scope.sector_ids)
    return qs


# --- the door -----------------------------------------------------------------------------------


def require_read(user, kind):
    """Refuse (403, in Chinese) a user whose role may not read this kind of record."""
    if not may_read(user, kind):
        raise PermissionDenied(f"您的账号不能查看{READERS[kind][1]}。")


def readable(model, user):
    """The scoped queryset of a page, endpoint, export or feed: refused outright for a role
    outside the model's kind, otherwise the rows the user's scope covers."""
    kind = kind_of(model)
    if kind:
        require_read(user, kind)
    return model.objects.all().for_user(user)


def kind_of(model):
    """The READERS kind of a model: its queryset's, or (for a child record) its parent's."""
    qs = model.objects.all()
    if getattr(qs, "kind", None):
        return qs.kind
    if isinstance(qs, ChildQuerySet):
        return kind_of(qs.parent_model())
    return None


_UNSET = object()


def within(user, chosen, field, label):
    """Refuse a chosen record (a unit, a person, an enterprise…) this user cannot read: the
    write-side check for every picker. `chosen` is one record, a list of records, or None;
    a list's refusal names the first record outside the scope."""
    from core.exceptions import ServiceError

    many = isinstance(chosen, (list, tuple, set))
    records = [r for r in (chosen if many else [chosen]) if r is not None]
    if not records:
        return
    visible = set(
        type(records[0]).objects.for_user(user).filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True)
    )
    for record in records:
        if record.pk not in visible:
            name = f"“{record}”" if many else ""
            raise ServiceError(f"{label}{name}不在您的管理范围内。", field=field)


def place(user, *, enterprise=None, region=_UNSET, sector=_UNSET):
    """The write-side twin of the read scope: may this user put a new record on this
    enterprise, in this region, under this sector? Each given part is checked; the first
    that lies outside the user's scope is refused with a Chinese message naming its field.
    (A region or sector passed as None counts as missing.)"""
    from core.exceptions import ServiceError

    scope = get_scope(user)
    within(user, enterprise, "enterprise", "所选企业")
    if region is not _UNSET and (region is None or not region.path.startswith(scope.region_path or "/none/")):
        raise ServiceError("请选择您管理范围内的所属区划。", field="region")
    if sector is not _UNSET:
        if sector is None:
            raise ServiceError("请选择行业领域。", field="sector")
        if scope.sector_ids is not None and sector.pk not in scope.sector_ids:
            raise ServiceError(f"行业领域“{sector.name}”不在本单位的监管范围内。", field="sector")


class ScopedQuerySet(models.QuerySet):
    """Base of every scoped queryset: the role gate of `kind` (a READERS key; None = no
    gate), then the strategy's `in_scope`. The base strategy shows nothing."""

    kind = None

    def for_user(self, user):
        if self.kind is not None and not may_read(user, self.kind):
            return self.none()
        return self.in_scope(user)

    def in_scope(self, user):
        return self.none()


class RecordQuerySet(ScopedQuerySet):
    """Records of one region, one sector and (optionally) one enterprise."""

    def in_scope(self, user):
        return scope_records(self, user)


class InternalQuerySet(ScopedQuerySet):
    """The bureau's internal records of a region: never shown to an enterprise."""

    def in_scope(self, user):
        scope = get_scope(user)
        if scope.sees_nothing or scope.enterprise_id:
            return self.none()
        return self.filter(in_region(scope.region_path))


class ReferenceQuerySet(ScopedQuerySet):
    """Configuration and reference data: every signed-in user of the kind reads all of it."""

    def in_scope(self, user):
        return self if getattr(user, "is_authenticated", False) else self.none()


class PersonalQuerySet(ScopedQuerySet):
    """A person's own rows (an inbox): nobody reads another's, whatever the role."""

    owner = "recipient"

    def in_scope(self, user):
        return self.filter(**{self.owner: user}) if getattr(user, "is_authenticated", False) else self.none()


class OrganisationQuerySet(ScopedQuerySet):
    """The bureau's organisation in a region (units, people, working groups): read by its staff
    and by the system administrator who maintains it. `region` is the lookup to the row's
    Region ("" for a region itself). Enterprises see only what `for_enterprise` allows."""

    region = "region"

    def in_scope(self, user):
        scope = get_scope(user)
        if scope.region_path is None:
            return self.none()
        if scope.enterprise_id:
            return self.for_enterprise(scope)
        if not self.region:
            return self.filter(path__startswith=scope.region_path)
        return self.filter(in_region(scope.region_path, via=self.region))

    def for_enterprise(self, scope):
        return self.none()


class RollupQuerySet(ScopedQuerySet):
    """Counts kept per region and sector (plain ids, no foreign keys): read by whoever sees those
    regions' and sectors' records whole — never by an enterprise, whose figures are its own rows."""

    def in_scope(self, user):
        from .models import Region

        scope = get_scope(user)
        if scope.sees_nothing or scope.enterprise_id:
            return self.none()
        qs = self
        if scope.region_path != "/":
            qs = qs.filter(region_id__in=subtree(Region, scope.region_path))
        if scope.sector_ids is not None:
            qs = qs.filter(sector_id__in=scope.sector_ids)
        return qs


class ChildQuerySet(ScopedQuerySet):
    """Rows visible exactly when their parent is: `parent` is the lookup path to it."""

    parent = None

    def parent_model(self):
        model = self.model
        for name in self.parent.split("__"):
            model = model._meta.get_field(name).related_model
        return model

    def in_scope(self, user):
        # EXISTS (the parent, by its key, in the user's scope): a probe per child row. `parent IN (the
        # scope's every parent)` had the database list a province's million hazards first, for a handful
        # of 督办 — even for none.
        parents = self.parent_model().objects.for_user(user).filter(pk=models.OuterRef(self.parent))
        return self.filter(models.Exists(parents))
