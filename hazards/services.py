"""Every change to a hazard: one function per transition of SPEC §4.

Each checks role and scope, runs in one transaction, locks the row, checks the
version the user saw (so two people acting at once cannot both win), and
writes one HazardEvent with its attachments. Nothing is ever deleted.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import replay, uploads, workflow
from core.numbering import next_number
from core.exceptions import ServiceError
from core.fulltext import index_text
from core.stats import PREFIX
from enterprises.models import Enterprise
from org.roles import Role
from org.scope import get_scope, place, within
from notify.services import announce, hazard_people, notify_now

from . import events as ev
from . import permissions
from .models import Attachment, Extension, Hazard, HazardEvent, State, Supervision

PLAN_FIELDS = ("plan_goal", "plan_measures", "plan_funds", "plan_materials", "plan_organization", "plan_deadline",
               "plan_safety", "shutdown")
DETAIL_FIELDS = ("title", "description", "address", "latitude", "longitude", "place_kind", "place_name",
                 "owner_name", "owner_phone", "criterion", "discovered_by", "discovered_on", "sector", "theme")
PLAN_LABELS = {"plan_goal": "目标和任务", "plan_measures": "整改措施", "plan_funds": "整改资金",
               "plan_materials": "物资", "plan_organization": "负责机构和人员", "plan_deadline": "整改时限",
               "plan_safety": "安全措施和应急预案"}


# --- helpers -------------------------------------------------------------------------


def _today():
    return timezone.localdate()


def _lock(user, hazard_id, version=None):
    return workflow.lock(Hazard, user, hazard_id, version, what="隐患", done="处理或修改")


def _check(user, hazard, action, verb):
    permissions.ACTIONS.check(user, hazard, action, verb, what="隐患")


# Events after which a hazard lands on somebody's 待办: they hear of it at once.
ARRIVALS = {ev.REPORTED, ev.VERIFIED, ev.CONFIRMED, ev.SUBMITTED, ev.ACCEPTED, ev.EXTENSION_REQUESTED,
            ev.EXPERT_SIGNED}


def _event(hazard, user, type, from_state="", comment="", data=None):
    event = HazardEvent.objects.create(
        hazard=hazard, type=type, actor=user, from_state=from_state, to_state=hazard.state,
        comment=(comment or "").strip(), data=data or {},
    )
    if type in ARRIVALS:
        _announce(hazard, user)
    return event


def _announce(hazard, actor):
    """Whoever now has work waiting on this hazard (by the same rules as their 待办) hears of it."""
    from .models import Extension

    supervision = hazard.supervisions.filter(lifted_at__isnull=True).first()
    pending = hazard.extensions.filter(decision=Extension.Decision.PENDING).first()
    announce(hazard, actor, permissions, lambda user: permissions.available_actions(user, hazard, supervision, pending),
             f"{hazard.number} {hazard.title}")


_save = workflow.bump


def _attach(hazard, event, user, files, kind):
    """Validate every file before saving any, so a bad file changes nothing."""
    checked = []
    for f in files or []:
        ext = uploads.image_extension(f) if kind != Attachment.Kind.DOCUMENT else uploads.document_extension(f)
        checked.append((f, ext))
    for f, ext in checked:
        att = Attachment(hazard=hazard, event=event, kind=kind, original_name=f.name[:200], size=f.size,
                         uploaded_by=user)
        att.file.save(f"upload.{ext}", uploads.stored(f, ext), save=False)
        if ext in uploads.IMAGE_EXTENSIONS:
            att.thumbnail.save("thumb.jpg", uploads.thumbnail(f), save=False)
        att.save()
    return len(checked)


def _validate_images(files):
    for f in files or []:
        uploads.image_extension(f)


def criterion_fits(criterion, sector):
    """A 判定标准 fits a hazard's 行业领域 when it names no sector (general clauses) or belongs to the same
    top-level 行业领域 (道路运输 clauses for any road-transport hazard; a port or construction clause does not
    fit a carrier). The picker offers the hazard's own branch first, then the rest of its 行业领域."""
    if criterion is None or sector is None or criterion.sector_id is None:
        return True
    return criterion.sector.path[:PREFIX] == sector.path[:PREFIX]


def check_criterion(user, criterion, sector, confirmed=False):
    """Refuse a criterion of an unrelated sector, unless the safety office confirms it applies."""
    if criterion_fits(criterion, sector) or (confirmed and user.role == Role.SAFETY_OFFICE):
        return
    raise ServiceError(f"判定标准 {criterion.code} 属于“{criterion.sector.name}”行业，与隐患的行业领域“{sector.name}”"
                       "不符；如确属适用，须由安委办确认后选用。", field="criterion")


def _require(value, message, field=None):
    if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
        raise ServiceError(message, field=field)


def _future_date(d, label, field):
    if d is None:
        raise ServiceError(f"请填写{label}。", field=field)
    if d < _today():
        raise ServiceError(f"{label}不能早于今天（{_today():%Y-%m-%d}）。", field=field)


def refresh_search_text(hazard):
    hazard.search_text = index_text(
        hazard.number, hazard.title, hazard.description, hazard.address, hazard.place_name,
        hazard.enterprise.name if hazard.enterprise_id else "", hazard.owner_name,
    )


# --- report ---------------------------------------------------------------------------


@transaction.atomic
def report_hazard(user, data, photos, key=""):
    """上报. Enterprise users self-report for their own enterprise; unit staff and the
    safety office report what they find. A before-photo is required. `key`: the phone's idempotency key of
    a report queued offline — sent again, it gives back the hazard it made (core/replay.py)."""
    if not (user.is_authenticated and user.role in permissions.REPORT_ROLES):
        raise PermissionDenied("您的角色不能上报隐患。")
    if prior := replay.seen(user, key, Hazard):
        return prior
    if not photos:
        raise ServiceError("请至少上传一张隐患照片（整改前）。", field="photos")
    _validate_images(photos)
    data = dict(data)
    enterprise = data.get("enterprise")
    if user.role == Role.ENTERPRISE:
        enterprise = Enterprise.objects.get(pk=user.enterprise_id)
        data["source"] = Hazard.Source.SELF_REPORT
    if enterprise is None and not (data.get("place_name") or "").strip():
        raise ServiceError("请选择生产经营单位，或填写公共场所（路段、桥梁、场站等）名称。", field="place_name")
    region = enterprise.region if enterprise else data.get("region")
    sector = data.get("sector")
    place(user, enterprise=enterprise, region=region, sector=sector)
    level = data.get("level") or Hazard.Level.GENERAL
    if level == Hazard.Level.MAJOR and not data.get("criterion"):
        raise ServiceError("重大事故隐患必须选择对应的判定标准条款。", field="criterion")
    check_criterion(user, data.get("criterion"), sector, data.get("criterion_confirmed"))
    discovered_on = data.get("discovered_on") or _today()
    if discovered_on > _today():
        raise ServiceError("发现日期不能晚于今天。", field="discovered_on")
    _require((data.get("title") or "").strip(), "请填写隐患名称。", "title")
    _require((data.get("description") or "").strip(), "请描述隐患情况。", "description")
    hazard = Hazard(
        number=next_number(region, discovered_on.year), level=level, sector=sector, region=region,
        enterprise=enterprise, reported_by=user, discovered_on=discovered_on,
        source=data.get("source") or Hazard.Source.OTHER,
        place_kind=Hazard.PlaceKind.ENTERPRISE if enterprise else (data.get("place_kind") or Hazard.PlaceKind.OTHER),
        **{k: data[k] for k in DETAIL_FIELDS if k in data and k not in ("sector", "discovered_on", "place_kind")
           and data[k] is not None},
    )
    if enterprise and not hazard.owner_name:
        principal = enterprise.contacts.filter(role="principal").first()
        if principal:
            hazard.owner_name, hazard.owner_phone = principal.name, principal.phone
    refresh_search_text(hazard)
    hazard.save()
    event = _event(hazard, user, ev.REPORTED, comment=data.get("comment", ""),
                   data={"level": level, "source": hazard.source})
    _attach(hazard, event, user, photos, Attachment.Kind.BEFORE)
    replay.keep(user, key, hazard)
    return hazard


# --- verification: 核查, 两级确认, 驳回 ------------------------------------------------------


@transaction.atomic
def verify(user, hazard_id, version, *, level, deadline, supervising_unit=None, supervisor=None, criterion=None,
           comment="", criterion_confirmed=False):
    """核查: set level, deadline and supervisor. 一般 → 整改中. 重大 → 待确认 by the safety
    office (两级确认); when the safety office itself verifies, both levels are recorded."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "verify", "核查")
    if level not in Hazard.Level.values:
        raise ServiceError("请选择隐患等级。", field="level")
    criterion = criterion or hazard.criterion
    if level == Hazard.Level.MAJOR and criterion is None:
        raise ServiceError("认定为重大事故隐患必须选择判定标准条款。", field="criterion")
    if criterion != hazard.criterion:
        check_criterion(user, criterion, hazard.sector, criterion_confirmed)
    _future_date(deadline, "整改期限", "deadline")
    within(user, supervising_unit, "supervising_unit", "监管单位")
    within(user, supervisor, "supervisor", "督办人")
    before = hazard.state
    now = timezone.now()
    hazard.level, hazard.criterion, hazard.deadline, hazard.original_deadline = level, criterion, deadline, deadline
    hazard.supervising_unit = supervising_unit or user.unit
    hazard.supervisor = supervisor or (user.person if user.person_id else None)
    hazard.unit_confirmed_at = now
    if level == Hazard.Level.GENERAL:
        hazard.state = State.RECTIFYING
    elif user.role == Role.SAFETY_OFFICE:
        hazard.office_confirmed_at = now
        hazard.state = State.CONFIRMED
    else:
        hazard.state = State.PENDING_CONFIRMATION
    _save(hazard)
    _event(hazard, user, ev.VERIFIED, before, comment,
           {"level": level, "deadline": deadline, "criterion": criterion.code if criterion else None})
    return hazard


@transaction.atomic
def confirm(user, hazard_id, version, comment=""):
    """安委办确认 (the second of 两级确认) for a 重大 hazard."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "confirm", "确认重大事故隐患")
    before = hazard.state
    hazard.state = State.CONFIRMED
    hazard.office_confirmed_at = timezone.now()
    _save(hazard)
    _event(hazard, user, ev.CONFIRMED, before, comment)
    return hazard


@transaction.atomic
def reject(user, hazard_id, version, reason):
    """驳回: not a hazard. Kept, with the reason, never deleted."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "reject", "驳回")
    _require((reason or "").strip(), "请填写驳回理由（为何不构成隐患）。", "comment")
    before = hazard.state
    hazard.state = State.REJECTED
    _save(hazard)
    _event(hazard, user, ev.REJECTED, before, reason)
    return hazard


# --- rectification ----------------------------------------------------------------------


def _own_enterprise_only(user, hazard):
    if user.role == Role.ENTERPRISE and hazard.enterprise_id != user.enterprise_id:
        raise PermissionDenied("只能处理本企业的隐患。")


def _apply_plan(hazard, plan):
    for key in PLAN_FIELDS:
        if key in plan and plan[key] is not None:
            setattr(hazard, key, plan[key])
    if hazard.shutdown not in Hazard.Shutdown.values:
        raise ServiceError("停产要求无效。", field="shutdown")
    if hazard.plan_funds is not None and hazard.plan_funds < 0:
        raise ServiceError("整改资金不能为负数。", field="plan_funds")


@transaction.atomic
def save_plan(user, hazard_id, version, plan, comment=""):
    """Save the 五到位 rectification plan (may be completed over several saves)."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "save_plan", "填写整改方案")
    _own_enterprise_only(user, hazard)
    _apply_plan(hazard, plan)
    _save(hazard)
    _event(hazard, user, ev.PLAN_SAVED, hazard.state, comment,
           {k: plan.get(k) for k in PLAN_FIELDS if plan.get(k) not in (None, "")})
    return hazard


@transaction.atomic
def start_rectifying(user, hazard_id, version, plan=None, comment=""):
    """待整改 → 整改中. A 重大 hazard needs every element of the 五到位 plan first."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "start_rectifying", "开始整改")
    _own_enterprise_only(user, hazard)
    if plan:
        _apply_plan(hazard, plan)
    if hazard.is_major and not hazard.plan_complete():
        missing = [key for key in PLAN_LABELS if getattr(hazard, key) in (None, "")]
        raise ServiceError("重大事故隐患须先制定“五到位”整改方案，尚缺：" + "、".join(PLAN_LABELS[k] for k in missing)
                           + "。", field=missing[0])  # the page shows it beside the first missing element
    before = hazard.state
    hazard.state = State.RECTIFYING
    _save(hazard)
    _event(hazard, user, ev.RECTIFYING, before, comment,
           {k: plan.get(k) for k in PLAN_FIELDS if plan and plan.get(k) not in (None, "")})
    return hazard


@transaction.atomic
def request_extension(user, hazard_id, new_deadline, reason):
    hazard = _lock(user, hazard_id)
    _check(user, hazard, "request_extension", "申请延期")
    _own_enterprise_only(user, hazard)
    if hazard.extensions.filter(decision=Extension.Decision.PENDING).exists():
        raise ServiceError("已有一项延期申请待审批，请等待审批结果。")
    _require((reason or "").strip(), "请填写延期理由。", "reason")
    if new_deadline is None or (hazard.deadline and new_deadline <= hazard.deadline):
        raise ServiceError(f"申请的期限须晚于当前整改期限（{hazard.deadline:%Y-%m-%d}）。", field="new_deadline")
    ext = Extension.objects.create(hazard=hazard, requested_deadline=new_deadline, reason=reason.strip(),
                                   requested_by=user)
    _save(hazard)
    _event(hazard, user, ev.EXTENSION_REQUESTED, hazard.state, reason,
           {"extension": ext.pk, "from": hazard.deadline, "to": new_deadline})
    return ext


@transaction.atomic
def decide_extension(user, hazard_id, approve, comment=""):
    """Approve or deny the pending extension. The original deadline is never changed."""
    hazard = _lock(user, hazard_id)
    _check(user, hazard, "decide_extension", "审批延期")
    if hazard.is_major and user.role not in permissions.MAJOR_EXTENSION_ROLES:
        raise PermissionDenied("重大事故隐患的延期由安委办审批。")
    ext = hazard.extensions.select_for_update().filter(decision=Extension.Decision.PENDING).first()
    if ext is None:
        raise ServiceError("没有待审批的延期申请。")
    if not approve:
        _require((comment or "").strip(), "不批准延期时请说明理由。", "comment")
    ext.decision = Extension.Decision.APPROVED if approve else Extension.Decision.DENIED
    ext.decided_by, ext.decided_at, ext.decision_comment = user, timezone.now(), (comment or "").strip()
    ext.save()
    old = hazard.deadline
    if approve:
        hazard.deadline = ext.requested_deadline
    _save(hazard)
    _event(hazard, user, ev.EXTENSION_APPROVED if approve else ev.EXTENSION_DENIED, hazard.state, comment,
           {"extension": ext.pk, "from": old, "to": hazard.deadline})
    return ext


@transaction.atomic
def submit_for_acceptance(user, hazard_id, version, photos, comment=""):
    """整改中 → 待验收, with at least one after-photo."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "submit", "提交验收")
    _own_enterprise_only(user, hazard)
    if not photos:
        raise ServiceError("提交验收须上传至少一张整改后照片。", field="photos")
    _validate_images(photos)
    _require((comment or "").strip(), "请简要说明整改完成情况。", "comment")
    before = hazard.state
    hazard.state = State.AWAITING_ACCEPTANCE
    hazard.rectified_on = _today()
    _save(hazard)
    event = _event(hazard, user, ev.SUBMITTED, before, comment)
    _attach(hazard, event, user, photos, Attachment.Kind.AFTER)
    return hazard


# --- acceptance and close-out -------------------------------------------------------------


@transaction.atomic
def cosign(user, hazard_id, opinion):
    """专家会签: an expert's technical opinion on the rectification."""
    hazard = _lock(user, hazard_id)
    _check(user, hazard, "cosign", "会签")
    _require((opinion or "").strip(), "请填写专家意见。", "comment")
    if hazard.events.filter(type=ev.EXPERT_SIGNED, actor=user, created_at__gte=_last_submit(hazard)).exists():
        raise ServiceError("您已对本次整改会签。")
    _save(hazard)
    _event(hazard, user, ev.EXPERT_SIGNED, hazard.state, opinion)
    return hazard


def _last_submit(hazard):
    last = hazard.events.filter(type=ev.SUBMITTED).order_by("-created_at").first()
    return last.created_at if last else datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)


@transaction.atomic
def accept(user, hazard_id, version, comment=""):
    """验收通过. Expert co-signatures since the last submission are recorded with it."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "accept", "验收")
    experts = list(hazard.events.filter(type=ev.EXPERT_SIGNED, created_at__gte=_last_submit(hazard))
                   .values_list("actor__username", flat=True))
    before = hazard.state
    hazard.state = State.ACCEPTED
    hazard.accepted_at = timezone.now()
    _save(hazard)
    _event(hazard, user, ev.ACCEPTED, before, comment, {"experts": experts})
    return hazard


@transaction.atomic
def fail_acceptance(user, hazard_id, version, reason):
    """验收不通过 → back to 整改中."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "fail", "退回整改")
    _require((reason or "").strip(), "请写明验收不通过的原因和整改要求。", "comment")
    before = hazard.state
    hazard.state = State.RECTIFYING
    hazard.rectified_on = None
    _save(hazard)
    _event(hazard, user, ev.FAILED, before, reason)
    notify_now(hazard_people(hazard), f"验收未通过：{hazard.number} {hazard.title}", hazard.get_absolute_url(),
               f"退回整改。原因：{reason.strip()}", exclude=user)
    return hazard


@transaction.atomic
def close(user, hazard_id, version, comment=""):
    """销号. A hazard still under 挂牌督办 is lifted first."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "close", "销号")
    if hazard.supervisions.filter(lifted_at__isnull=True).exists():
        raise ServiceError("该隐患仍在挂牌督办中，请先解除督办再销号。")
    before = hazard.state
    hazard.state = State.CLOSED
    hazard.closed_at = timezone.now()
    _save(hazard)
    _event(hazard, user, ev.CLOSED, before, comment)
    return hazard


# --- 挂牌督办, 督办, 批示 ---------------------------------------------------------------------


@transaction.atomic
def open_supervision(user, hazard_id, *, level, doc_number, issuing_unit, signatory, planned_date, requirements=""):
    hazard = _lock(user, hazard_id)
    _check(user, hazard, "open_supervision", "挂牌督办")
    if not hazard.is_major:
        raise ServiceError("只有重大事故隐患可以挂牌督办。")
    if hazard.supervisions.filter(lifted_at__isnull=True).exists():
        raise ServiceError("该隐患已在挂牌督办中。")
    for value, label, field in ((doc_number, "督办文号", "doc_number"), (issuing_unit, "督办单位", "issuing_unit"),
                                (signatory, "签发人", "signatory")):
        _require((value or "").strip(), f"请填写{label}。", field)
    _future_date(planned_date, "计划完成日期", "planned_date")
    if level not in Supervision.Level.values:
        raise ServiceError("请选择督办层级。", field="level")
    sup = Supervision.objects.create(
        hazard=hazard, level=level, doc_number=doc_number.strip(), issuing_unit=issuing_unit.strip(),
        signatory=signatory.strip(), planned_date=planned_date, requirements=(requirements or "").strip(),
        opened_by=user,
    )
    _save(hazard)
    _event(hazard, user, ev.SUPERVISION_OPENED, hazard.state, requirements,
           {"supervision": sup.pk, "level": level, "doc_number": sup.doc_number, "planned_date": planned_date})
    notify_now(hazard_people(hazard), f"挂牌督办：{hazard.number} {hazard.title}", hazard.get_absolute_url(),
               f"{sup.get_level_display()}挂牌督办（{sup.doc_number}），计划完成日期 {planned_date:%Y-%m-%d}。"
               + (f"督办要求：{sup.requirements}" if sup.requirements else ""), exclude=user)
    return sup


@transaction.atomic
def lift_supervision(user, hazard_id, comment=""):
    """解除督办 — only after the rectification has been accepted (现场复查)."""
    hazard = _lock(user, hazard_id)
    _check(user, hazard, "lift_supervision", "解除督办")
    sup = hazard.supervisions.select_for_update().filter(lifted_at__isnull=True).first()
    if sup is None:
        raise ServiceError("该隐患没有正在进行的挂牌督办。")
    sup.lifted_by, sup.lifted_at, sup.lift_comment = user, timezone.now(), (comment or "").strip()
    sup.save()
    _save(hazard)
    _event(hazard, user, ev.SUPERVISION_LIFTED, hazard.state, comment, {"supervision": sup.pk})
    return sup


def _remark(user, hazard_id, action, verb, event_type, comment, prompt):
    """A written remark that changes no state (督办, 批示) but is on the record."""
    hazard = _lock(user, hazard_id)
    _check(user, hazard, action, verb)
    _require((comment or "").strip(), prompt, "comment")
    _save(hazard)
    _event(hazard, user, event_type, hazard.state, comment)
    return hazard


@transaction.atomic
def urge(user, hazard_id, comment):
    """督办: a leader or the safety office presses for progress; the people on it hear at once."""
    hazard = _remark(user, hazard_id, "urge", "督办", ev.URGED, comment, "请填写督办意见。")
    notify_now(hazard_people(hazard), f"督办：{hazard.number} {hazard.title}", hazard.get_absolute_url(),
               f"{user.get_full_name() or user.username}督办意见：{comment.strip()}", exclude=user)
    return hazard


@transaction.atomic
def instruct(user, hazard_id, comment):
    """领导批示: the people on the hazard read the leader's words at once."""
    hazard = _remark(user, hazard_id, "instruct", "批示", ev.INSTRUCTED, comment, "请填写批示内容。")
    notify_now(hazard_people(hazard), f"领导批示：{hazard.number} {hazard.title}", hazard.get_absolute_url(),
               f"{user.get_full_name() or user.username}批示：{comment.strip()}", exclude=user)
    return hazard


@transaction.atomic
def edit(user, hazard_id, version, fields, comment=""):
    """Correct a hazard's details (not its state); the event keeps before and after."""
    hazard = _lock(user, hazard_id, version)
    _check(user, hazard, "edit", "修改")
    changes = {}
    for key in DETAIL_FIELDS:
        if key in fields and fields[key] != getattr(hazard, key):
            old = getattr(hazard, key)
            setattr(hazard, key, fields[key])
            changes[key] = [str(old) if old is not None else None, str(fields[key]) if fields[key] is not None else None]
    if not changes:
        raise ServiceError("没有修改任何内容。")
    if "criterion" in changes or "sector" in changes:
        check_criterion(user, hazard.criterion, hazard.sector, fields.get("criterion_confirmed"))
    if hazard.is_major and hazard.criterion is None:
        raise ServiceError("重大事故隐患必须选择判定标准条款。", field="criterion")
    scope = get_scope(user)
    if scope.sector_ids is not None and hazard.sector_id not in scope.sector_ids:
        raise ServiceError("行业领域不在本单位的监管范围内。", field="sector")
    refresh_search_text(hazard)
    _save(hazard)
    _event(hazard, user, ev.EDITED, hazard.state, comment, {"changes": changes})
    return hazard


@transaction.atomic
def add_documents(user, hazard_id, files, comment=""):
    """Attach documents (PDF or images) to a hazard, as an event."""
    hazard = _lock(user, hazard_id)
    _check(user, hazard, "documents", "上传附件")
    _own_enterprise_only(user, hazard)
    if not files:
        raise ServiceError("请选择要上传的文件。", field="files")
    for f in files:
        uploads.document_extension(f)
    event = _event(hazard, user, ev.DOCUMENTS_ADDED, hazard.state, comment, {"count": len(files)})
    _attach(hazard, event, user, files, Attachment.Kind.DOCUMENT)
    _save(hazard)
    return hazard
