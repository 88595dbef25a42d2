"""Every change to an enterprise goes through here: permission check, one
transaction, row lock, optimistic version check, one event row."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from core.search import build_search_text
from org.models import Sector
from org.roles import Role

from . import permissions
from .models import Contact, Enterprise, EnterpriseEvent, Licence, Ship, StatusChange, Vehicle

CONTACT_FIELDS = ("role", "name", "phone", "certificate_no", "training_status", "trained_on")
LICENCE_FIELDS = ("kind", "number", "issuer", "issued_on", "valid_until")
VEHICLE_FIELDS = ("plate_no", "vehicle_type", "transport_cert_no", "is_two_plus_one", "active")
SHIP_FIELDS = ("name", "registry_no", "gross_tonnage", "passenger_capacity", "active")
# Fields an edit may set, beyond sectors and the child rows.
EDITABLE_FIELDS = (
    "name", "short_name", "credit_code", "legal_representative", "region", "address", "latitude", "longitude",
    "phone", "business_scope", "vehicles_count", "ships_count", "employees_count", "standardization_level",
    "standardization_date", "credit_level",
)


def refresh_derived_fields(enterprise, sector_ids, contacts):
    """Two-plus-one flag follows the sectors; search text follows names and people."""
    enterprise.is_two_plus_one = Sector.objects.filter(pk__in=sector_ids, is_two_plus_one=True).exists()
    enterprise.search_text = build_search_text(
        enterprise.name, enterprise.short_name, enterprise.credit_code, enterprise.address,
        enterprise.legal_representative, *[c.get("name") for c in contacts],
    )


def _snapshot(enterprise):
    data = {f: getattr(enterprise, f) for f in EDITABLE_FIELDS if f != "region"}
    data["region"] = enterprise.region_id
    data["sectors"] = sorted(enterprise.sectors.values_list("id", flat=True))
    return {k: (str(v) if v is not None and not isinstance(v, (int, str, list)) else v) for k, v in data.items()}


def _rows(model, enterprise, rows, fields):
    return [model(enterprise=enterprise, **{k: v for k in fields if (v := row.get(k)) is not None}) for row in rows]


def _sync_contacts(enterprise, rows):
    """Contacts are updated in place — a row with an id (or the same role and name) keeps its
    record, which training attendance points at — created when new, and removed only when
    nothing refers to them."""
    from django.db.models import ProtectedError

    existing = {c.pk: c for c in enterprise.contacts.all()}
    kept = set()
    for row in rows:
        values = {k: row.get(k) for k in CONTACT_FIELDS if row.get(k) is not None}
        contact = existing.get(row.get("id")) if row.get("id") not in kept else None
        if contact is None:
            contact = next((c for pk, c in existing.items() if pk not in kept and c.role == values.get("role")
                            and c.name == (values.get("name") or "").strip()), None)
        if contact is None:
            contact = Contact(enterprise=enterprise)
        for key in CONTACT_FIELDS:
            default = Contact._meta.get_field(key).get_default()
            setattr(contact, key, values.get(key, default))
        contact.save()
        kept.add(contact.pk)
    for pk, contact in existing.items():
        if pk in kept:
            continue
        try:
            with transaction.atomic():
                contact.delete()
        except ProtectedError:
            raise ServiceError(f"“{contact.name}”已有培训记录，不能删除；如人员变动，请修改其信息。",
                               field="contacts") from None


def _replace_children(enterprise, contacts, licences, vehicles=None, ships=None):
    if contacts is not None:
        _sync_contacts(enterprise, contacts)
    if licences is not None:
        enterprise.licences.all().delete()
        Licence.objects.bulk_create(_rows(Licence, enterprise, licences, LICENCE_FIELDS))
    if vehicles is not None:
        plates = [v["plate_no"].strip().upper() for v in vehicles]
        if len(set(plates)) != len(plates):
            raise ServiceError("同一车牌号填写了两次。", field="vehicles")
        taken = Vehicle.objects.filter(plate_no__in=plates).exclude(enterprise=enterprise).values_list("plate_no", flat=True)
        if taken:
            raise ServiceError(f"车牌号 {'、'.join(taken)} 已登记在其他企业名下。", field="vehicles")
        enterprise.vehicles.all().delete()
        Vehicle.objects.bulk_create(_rows(Vehicle, enterprise, [dict(v, plate_no=p) for v, p in zip(vehicles, plates)],
                                          VEHICLE_FIELDS))
    if ships is not None:
        enterprise.ships.all().delete()
        Ship.objects.bulk_create(_rows(Ship, enterprise, ships, SHIP_FIELDS))


def _check_unique_code(credit_code, exclude_pk=None):
    qs = Enterprise.objects.filter(credit_code=credit_code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ServiceError(f"统一社会信用代码 {credit_code} 已被其他企业使用。", field="credit_code")


@transaction.atomic
def create_enterprise(user, fields, sector_ids, contacts=(), licences=(), vehicles=(), ships=(),
                      event_type=EnterpriseEvent.Type.CREATED):
    """Register a new enterprise within the user's scope."""
    if not permissions.can_create(user):
        raise PermissionDenied("您没有登记企业的权限。")
    if not sector_ids:
        raise ServiceError("请至少选择一个行业领域。", field="sectors")
    error = permissions.placement_error(user, fields.get("region"), sector_ids)
    if error:
        raise ServiceError(error, field="region")
    _check_unique_code(fields["credit_code"])
    enterprise = Enterprise(**{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}, created_by=user)
    contacts, licences = list(contacts), list(licences)
    refresh_derived_fields(enterprise, sector_ids, contacts)
    enterprise.save()
    enterprise.sectors.set(sector_ids)
    _replace_children(enterprise, contacts, licences, list(vehicles), list(ships))
    StatusChange.objects.create(
        enterprise=enterprise, from_status="", to_status=enterprise.status, reason="登记", changed_by=user
    )
    EnterpriseEvent.objects.create(enterprise=enterprise, type=event_type, actor=user, data=_snapshot(enterprise))
    return enterprise


@transaction.atomic
def _refuse_bureau_fields(enterprise, fields, sector_ids, licences):
    """An enterprise account changes what its own web form offers, through any door: a field
    outside SELF_EDITABLE_FIELDS, the sectors or the 许可证照 may be sent back unchanged, never
    changed."""
    changed = [k for k, v in fields.items()
               if k not in permissions.SELF_EDITABLE_FIELDS and getattr(enterprise, k, None) != v]
    if sector_ids is not None and set(sector_ids) != set(enterprise.sectors.values_list("id", flat=True)):
        changed.append("sectors")
    if licences is not None:
        current = sorted(tuple(str(getattr(lic, k) or "") for k in LICENCE_FIELDS) for lic in enterprise.licences.all())
        sent = sorted(tuple(str(row.get(k) or "") for k in LICENCE_FIELDS) for row in licences)
        if current != sent:
            changed.append("licences")
    if changed:
        names = {"sectors": "行业领域", "licences": "许可证照"}
        labels = [names.get(k) or str(Enterprise._meta.get_field(k).verbose_name) for k in changed]
        raise PermissionDenied(f"以下信息由监管部门登记，企业用户不能修改：{'、'.join(labels)}。")


def update_enterprise(user, enterprise_id, version, fields, sector_ids=None, contacts=None, licences=None,
                      vehicles=None, ships=None, comment=""):
    """Edit an enterprise. `version` is the one the user loaded; a mismatch means
    someone else saved in between and the edit is refused rather than lost."""
    enterprise = workflow.lock(Enterprise, user, enterprise_id, what="企业")
    if not permissions.can_edit(user, enterprise):
        raise PermissionDenied("您没有修改该企业的权限。")
    workflow.check_version(enterprise, version, "企业", "修改")
    allowed = permissions.SELF_EDITABLE_FIELDS if user.role == "enterprise" else EDITABLE_FIELDS
    if user.role == "enterprise":
        _refuse_bureau_fields(enterprise, fields, sector_ids, licences)
        sector_ids, licences = None, None  # the bureau's decision (unchanged values may be sent back)
    before = _snapshot(enterprise)
    for key, value in fields.items():
        if key in allowed:
            setattr(enterprise, key, value)
    new_sectors = list(sector_ids) if sector_ids is not None else list(enterprise.sectors.values_list("id", flat=True))
    if sector_ids is not None and not new_sectors:
        raise ServiceError("请至少选择一个行业领域。", field="sectors")
    if user.role != "enterprise":
        error = permissions.placement_error(user, enterprise.region, new_sectors)
        if error:
            raise ServiceError(error, field="region")
    _check_unique_code(enterprise.credit_code, exclude_pk=enterprise.pk)
    contact_rows = list(contacts) if contacts is not None else list(enterprise.contacts.values(*CONTACT_FIELDS))
    refresh_derived_fields(enterprise, new_sectors, contact_rows)
    enterprise.version += 1
    enterprise.updated_at = timezone.now()
    enterprise.save()
    if sector_ids is not None:
        enterprise.sectors.set(new_sectors)
    _replace_children(enterprise, contacts, licences, vehicles, ships)
    after = _snapshot(enterprise)
    changes = {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}
    EnterpriseEvent.objects.create(
        enterprise=enterprise, type=EnterpriseEvent.Type.UPDATED, actor=user, comment=comment, data={"changes": changes}
    )
    return enterprise


@transaction.atomic
def change_status(user, enterprise_id, to_status, reason, effective_on=None):
    """在营 / 停产整顿 / 注销, with a reason; the history keeps every step."""
    enterprise = workflow.lock(Enterprise, user, enterprise_id, what="企业")
    if not permissions.can_change_status(user, enterprise):
        raise PermissionDenied("您没有变更该企业经营状态的权限。")
    if to_status not in Enterprise.Status.values:
        raise ServiceError("经营状态无效。", field="to_status")
    if to_status == enterprise.status:
        raise ServiceError(f"该企业当前已是“{enterprise.get_status_display()}”状态。", field="to_status")
    if not (reason or "").strip():
        raise ServiceError("请填写状态变更原因。", field="reason")
    change = StatusChange.objects.create(
        enterprise=enterprise, from_status=enterprise.status, to_status=to_status, reason=reason.strip(),
        effective_on=effective_on or timezone.localdate(), changed_by=user,
    )
    EnterpriseEvent.objects.create(
        enterprise=enterprise, type=EnterpriseEvent.Type.STATUS_CHANGED, actor=user, comment=reason.strip(),
        data={"from": enterprise.status, "to": to_status, "effective_on": change.effective_on},
    )
    enterprise.status = to_status
    enterprise.version += 1
    enterprise.updated_at = timezone.now()
    enterprise.save(update_fields=["status", "version", "updated_at"])
    return enterprise


@transaction.atomic
def record_appraisal(user, enterprise, *, title, score, vetoed, credit, pass_mark):
    """A published 考核 result reaches the register: the score the 红/黄/绿 code reads and the 信用 level
    of the scheme's bands (called inside the publishing transaction, by the safety office)."""
    if not (user.is_authenticated and user.role == Role.SAFETY_OFFICE):
        raise PermissionDenied("考核结果由安委办发布。")
    before = enterprise.credit_level
    enterprise.appraisal_title, enterprise.appraisal_score, enterprise.appraisal_vetoed = title[:160], score, vetoed
    if credit:
        enterprise.credit_level = credit
    enterprise.version += 1
    enterprise.save(update_fields=["appraisal_title", "appraisal_score", "appraisal_vetoed", "credit_level", "version"])
    verdict = "一票否决" if vetoed else ("合格" if score >= pass_mark else "不合格")
    EnterpriseEvent.objects.create(
        enterprise=enterprise, type=EnterpriseEvent.Type.APPRAISED, actor=user,
        comment=f"{title}：{score} 分（{verdict}）" + (f"，信用等级 {before or '—'} → {credit}" if credit else ""),
        data={"score": str(score), "vetoed": vetoed, "credit": credit})


def save_grading_rule(user, data):
    """The safety office sets the 红/黄/绿 rule. A new row each time: the old rule stays on record."""
    from .models import GradingRule, GradingRuleEvent

    if not (user.is_authenticated and user.role == Role.SAFETY_OFFICE):
        raise PermissionDenied("企业分级规则由安委办设置。")
    window = data.get("window_days") or 0
    if not 30 <= window <= 1095:
        raise ServiceError("统计周期应在 30 到 1095 天之间。", field="window_days")
    if not any(data.get(k) for k in GradingRule.THRESHOLDS):
        raise ServiceError("至少保留一个判定条件（阈值为 0 表示不启用该条件）。")
    rule = GradingRule.objects.create(updated_by=user, window_days=window,
                                      **{k: data.get(k) or 0 for k in GradingRule.THRESHOLDS})
    GradingRuleEvent.objects.create(rule=rule, type="saved", actor=user,
                                    data={k: getattr(rule, k) for k in ("window_days", *GradingRule.THRESHOLDS)})
    return rule
