"""Data scope: what part of the county (or province) a user may see.

Every `for_user()` queryset method asks `get_scope(user)` and filters by it,
so the rule lives in one place. The scope is computed once per request and
cached on the user object.
"""

from dataclasses import dataclass, field

from .roles import Role


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


def home_region(user):
    """The region a user works for: their own, or their unit's (headers, default periods, 填报单位)."""
    if getattr(user, "region_id", None):
        return user.region
    return user.unit.region if getattr(user, "unit_id", None) else None


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
        qs = qs.filter(region__path__startswith=scope.region_path)
    if scope.sector_ids is not None:
        qs = qs.filter(sector_id__in=scope.sector_ids)
    return qs
