"""执法措施 (SPEC §7): recording and closing enforcement actions.

What each kind needs is one table (REQUIRES), so the form, the service and
the API refuse the same things with the same words.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from hazards.models import Hazard
from org.roles import Role
from org.scope import get_scope, place, within

from .models import EnforcementAction, EnforcementEvent, Inspection

K = EnforcementAction.Kind
WRITERS = {Role.UNIT_STAFF, Role.SAFETY_OFFICE}

# kind: the fields it must carry (beyond facts, legal basis and decision date).
REQUIRES = {
    K.ORDER: ("case_number", "enterprise", "deadline"),
    K.PENALTY: ("case_number", "fine"),
    K.SUSPENSION: ("case_number", "enterprise", "deadline"),
    K.INTERVIEW: ("enterprise",),
    K.EXPOSURE: (),
    K.BLACKLIST: ("enterprise",),
    K.DUAL_PENALTY: ("case_number", "enterprise", "fine", "party_name", "person_fine"),
    K.TRANSFER: ("case_number", "transferred_to"),
}
LABELS = {"case_number": "案号/文书编号", "enterprise": "当事单位", "deadline": "整改/整顿期限",
          "fine": "罚款金额", "party_name": "被处罚的个人", "person_fine": "对个人罚款金额",
          "transferred_to": "移送机关"}


def prefill(user, inspection_id=None, item_id=None):
    """登记执法措施 from an inspection or one of its findings: the form filled from the record — 当事单位, 行业,
    区划, 责令限期整改, the facts (what was seen), the legal basis (the items' 依据) and the hazard the finding
    became — so the finding → hazard → 责令限期整改 chain is one record each, linked."""
    from .models import CheckItem, Inspection

    fails = CheckItem.objects.for_user(user).filter(result=CheckItem.Result.FAIL).select_related(
        "target__inspection", "target__enterprise", "hazard").order_by("target__order", "order")
    if item_id:
        fails = fails.filter(pk=item_id)
    elif inspection_id:
        fails = fails.filter(target__inspection_id=inspection_id)
    else:
        return {}
    fails = list(fails)
    inspection = fails[0].target.inspection if fails else \
        Inspection.objects.for_user(user).filter(pk=inspection_id).first()
    if inspection is None:
        return {}
    firms = {i.target.enterprise for i in fails if i.target.enterprise_id}
    targets = list(inspection.targets.select_related("enterprise")) if not firms else []
    if not firms and len(targets) == 1 and targets[0].enterprise_id:
        firms = {targets[0].enterprise}
    firm = firms.pop() if len(firms) == 1 else None
    day = inspection.done_on or timezone.localdate()
    seen = "；".join(f"{n}. {i.note or i.text}" for n, i in enumerate(fails, 1)) if len(fails) > 1 else \
        (fails[0].note or fails[0].text if fails else "")
    bases = list(dict.fromkeys(i.basis for i in fails if i.basis))
    hazards = [i.hazard for i in fails if i.hazard_id]
    out = {"inspection": inspection.pk, "kind": EnforcementAction.Kind.ORDER if fails else "",
           "sector": firm.sector_for(inspection.sector).pk if firm else inspection.sector_id,
           "region": firm.region_id if firm else inspection.region_id, "legal_basis": "；".join(bases)[:200],
           "facts": f"{day:%Y年%-m月%-d日}{inspection.get_kind_display()}（{inspection.number}）发现：{seen}" if seen else ""}
    if firm:
        out["enterprise"] = firm.pk
    if len(hazards) == 1:
        out["hazard"] = hazards[0].pk
    return {k: v for k, v in out.items() if v not in ("", None)}


def _missing(data, key):
    value = data.get(key)
    if isinstance(value, Decimal | int | float):
        return value <= 0
    return value in (None, "") or (isinstance(value, str) and not value.strip())


@transaction.atomic
def record_action(user, data):
    if not (user.is_authenticated and user.role in WRITERS):
        raise PermissionDenied("您的角色不能登记执法措施。")
    data = dict(data)
    kind = data.get("kind")
    if kind not in K.values:
        raise ServiceError("请选择措施类型。", field="kind")
    hazard, inspection = data.get("hazard"), data.get("inspection")
    if hazard is not None:
        if not Hazard.objects.for_user(user).filter(pk=hazard.pk).exists():
            raise ServiceError("关联隐患不在您的数据范围内。", field="hazard")
        data["enterprise"] = data.get("enterprise") or hazard.enterprise
    if inspection is not None and not Inspection.objects.for_user(user).filter(pk=inspection.pk).exists():
        raise ServiceError("关联检查不在您的数据范围内。", field="inspection")
    for key in REQUIRES[K(kind)]:
        if _missing(data, key):
            raise ServiceError(f"“{K(kind).label}”须填写{LABELS[key]}。", field=key)
    for key in ("facts", "legal_basis"):
        if _missing(data, key):
            raise ServiceError("请填写违法事实/事由和法律依据。", field=key)
    decided_on = data.get("decided_on")
    if decided_on is None:
        raise ServiceError("请填写决定日期。", field="decided_on")
    if decided_on > timezone.localdate():
        raise ServiceError("决定日期不能晚于今天。", field="decided_on")
    if data.get("deadline") and data["deadline"] < decided_on:
        raise ServiceError("整改/整顿期限不能早于决定日期。", field="deadline")
    for key in ("fine", "person_fine"):
        if (data.get(key) or 0) < 0:
            raise ServiceError("罚款金额不能为负数。", field=key)
    scope = get_scope(user)
    enterprise = data.get("enterprise")
    if enterprise is not None:
        within(user, enterprise, "enterprise", "当事单位")
        data["region"] = enterprise.region
        data["sector"] = data.get("sector") or enterprise.sector_for(allowed_ids=scope.sector_ids)
    elif not (data.get("party_name") or "").strip():
        raise ServiceError("请选择当事单位或填写当事人。", field="enterprise")
    place(user, region=data.get("region"), sector=data.get("sector"))
    fields = {f.name for f in EnforcementAction._meta.fields}
    action = EnforcementAction(created_by=user, **{k: v for k, v in data.items() if k in fields and v is not None})
    for key in ("case_number", "party_name", "transferred_to", "facts", "legal_basis"):
        setattr(action, key, (getattr(action, key) or "").strip())
    action.save()
    EnforcementEvent.objects.create(action=action, type="recorded", actor=user,
                                    data={"kind": kind, "fine": str(action.fine), "person_fine": str(action.person_fine)})
    return action


@transaction.atomic
def close_action(user, action_id, closed_on, comment=""):
    """结案: the order was complied with, the fine paid, the suspension lifted."""
    if user.role not in WRITERS:
        raise PermissionDenied("您的角色不能为执法措施结案。")
    action = workflow.lock(EnforcementAction, user, action_id, what="执法措施")
    if action.status == EnforcementAction.Status.CLOSED:
        raise ServiceError("该执法措施已结案。")
    if closed_on is None or closed_on < action.decided_on or closed_on > timezone.localdate():
        raise ServiceError("结案日期应在决定日期之后、今天之前。", field="closed_on")
    action.status, action.closed_on = EnforcementAction.Status.CLOSED, closed_on
    action.save(update_fields=["status", "closed_on"])
    EnforcementEvent.objects.create(action=action, type="closed", actor=user, comment=(comment or "").strip(),
                                    data={"closed_on": closed_on})
    return action
