"""Who may change enterprise records. Reads are governed by `for_user()`;
these predicates decide writes, on top of the read scope."""

from org.roles import Role
from org.scope import get_scope

EDITOR_ROLES = {Role.SAFETY_OFFICE, Role.UNIT_STAFF}
EXPORT_ROLES = {Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF}
# An enterprise account keeps its own contact data current but cannot change
# what the bureau decides (credit code, sectors, status, grades).
SELF_EDITABLE_FIELDS = (
    "short_name", "legal_representative", "address", "latitude", "longitude", "phone",
    "business_scope", "vehicles_count", "ships_count", "employees_count",
)


def can_create(user):
    return user.is_authenticated and user.role in EDITOR_ROLES


def can_edit(user, enterprise):
    from .models import Enterprise

    if not user.is_authenticated:
        return False
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise.pk
    return user.role in EDITOR_ROLES and Enterprise.objects.for_user(user).filter(pk=enterprise.pk).exists()


def can_change_status(user, enterprise):
    return user.is_authenticated and user.role in EDITOR_ROLES and can_edit(user, enterprise)


def can_import(user):
    return can_create(user)


def can_export(user):
    return user.is_authenticated and user.role in EXPORT_ROLES


def placement_error(user, region, sector_ids):
    """Why a new or moved enterprise would fall outside the user's scope, or None."""
    scope = get_scope(user)
    if scope.sees_nothing:
        return "您没有管理企业的权限。"
    if region is not None and not region.path.startswith(scope.region_path):
        return f"所属区划“{region.name}”不在您的管理范围内。"
    if scope.sector_ids is not None and not set(sector_ids) & scope.sector_ids:
        return "所选行业领域均不在本单位的监管范围内。"
    return None
