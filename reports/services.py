"""报送: a unit submits its 调度统计表 into a reporting slot (from the plan's ledger), and the
office it reports to checks it.

The figures are computed from the records at that moment, over the unit's scope, from
1 January to the end of the slot's month — the "累计数" the official table asks for — and
stored. The first submission also marks the slot 报送 (on time or late by its due date); a
correction is a new version with a reason. The receiving office (the county's for its units,
the city's for its counties) 接收 or 退回 the latest version; reports.upward sums what it accepted.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from core.validators import validate_phone
from org.roles import Role
from plans import services as plan_services
from plans.models import ReportingDuty, Slot
from notify.services import notify_now
from plans.permissions import SLOT_ACTIONS, receives

from . import dispatch
from .models import Submission, SubmissionEvent


def period_for(slot):
    """The period a slot's table covers: 1 January to the end of the month it is due in (the
    "1月至X月累计数" of the issued form). Fixed by the slot, not by the day it is handed in, so
    every county's table of one period covers the same days and the level above can sum them."""
    due = slot.due_date
    return datetime.date(due.year, 1, 1), datetime.date(due.year, due.month, calendar.monthrange(due.year, due.month)[1])


def reader_for(unit):
    """Who the unit's table is counted for: the unit's own scope (its sectors, sub-units
    included); a unit without sectors (the bureau, the 安委办's 股室) reports the whole region."""
    from org.models import Sector, User

    has_sectors = Sector.objects.filter(units__path__startswith=unit.path).exists()
    if has_sectors:
        return User(role=Role.UNIT_STAFF, unit=unit, region=unit.region, is_active=True)
    return User(role=Role.SAFETY_OFFICE, region=unit.region, is_active=True)


def _signed(value, label, field, limit):
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}（签字人姓名）。", field=field)
    if len(value) > limit:
        raise ServiceError(f"{label}不能超过 {limit} 字。", field=field)
    return value


@transaction.atomic
def submit_dispatch(user, slot_id, *, head, filler, phone, reason=""):
    if not SLOT_ACTIONS.role_allows(user, "submit"):
        raise PermissionDenied("您的角色不能报送调度统计表。")
    slot = workflow.lock(Slot, user, slot_id, what="报送事项", related=("unit__region", "duty__plan"))
    plan_services.require_sender(user, slot)
    duty = slot.duty
    if duty.kind != ReportingDuty.Kind.FORM:
        raise ServiceError(f"该报送事项报送的是{duty.takes}（{duty.text[:30]}），不能报送调度统计表。", field="slot")
    head = _signed(head, "单位负责人", "head", 40)
    filler = _signed(filler, "填表人", "filler", 40)
    phone = (phone or "").strip()
    try:
        validate_phone(phone)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field="phone") from None
    if not phone:
        raise ServiceError("请填写联系电话。", field="phone")
    last = Submission.objects.filter(slot=slot).order_by("-version").first()
    reason = (reason or "").strip()
    if last and not reason:
        raise ServiceError("该期已报送；更正须说明原因，将作为新版本报送。", field="reason")
    start, end = period_for(slot)
    # Counted in the form the duty takes; the submission keeps its rows and columns as they were.
    table = dispatch.compute(reader_for(slot.unit), start, end, form=dispatch.form_for(duty))
    submission = Submission.objects.create(
        slot=slot, unit=slot.unit, version=(last.version + 1) if last else 1, period_start=start, period_end=end,
        figures=dispatch.as_json(table), head=head, filler=filler, phone=phone, reason=reason if last else "",
        submitted_by=user)
    plan_services.register_form_submission(user, slot, f"调度统计表 第{submission.version}版")
    SubmissionEvent.objects.create(submission=submission, type="corrected" if last else "submitted", actor=user,
                                   comment=submission.reason, data={"version": submission.version})
    if receives(user, slot):
        # The receiving office filed it itself (for one of its units): nothing to check.
        _reviewed(submission, user, Submission.Review.ACCEPTED, "本级代为报送，自动接收。")
    else:
        notify_now(receivers(slot), f"待办：审核 {slot.unit.name}{_what(slot)}第{submission.version}版",
                   submission.get_absolute_url(), exclude=user)
    return submission


# --- the receiving office checks what was sent (issue 19 #4) ----------------------------------


def _what(slot):
    return f"报送的调度统计表（{slot.period}）"


def receivers(slot):
    """The safety office of the region whose plan set the duty."""
    from org.models import User

    region = slot.duty.plan.region
    return list(User.objects.filter(role=Role.SAFETY_OFFICE, is_active=True)
                .filter(Q(region=region) | Q(region__isnull=True, unit__region=region)))


def senders(slot, submission):
    """Who hears of a return: whoever submitted it, the slot's unit's staff, and — for a bureau's
    report — the safety office of the bureau's region."""
    from org.models import Unit, User

    who = Q(pk=submission.submitted_by_id) | Q(role=Role.UNIT_STAFF, unit=slot.unit)
    if slot.unit.kind == Unit.Kind.BUREAU:
        who |= Q(role=Role.SAFETY_OFFICE, region=slot.unit.region)
    return list(User.objects.filter(who, is_active=True))


def _reviewed(submission, user, review, note):
    submission.review, submission.review_note = review, note
    submission.reviewed_by, submission.reviewed_at = user, timezone.now()
    submission.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    SubmissionEvent.objects.create(submission=submission, actor=user, comment=note, data={"version": submission.version},
                                   type="accepted" if review == Submission.Review.ACCEPTED else "returned")


def _review_target(user, submission_id, action, verb):
    from .permissions import SUBMISSION_ACTIONS, is_latest

    submission = workflow.lock(Submission, user, submission_id, what="报送的报表",
                               related=("slot__duty__plan", "slot__unit__region"))
    SUBMISSION_ACTIONS.check(user, submission, action, verb, "报表")
    if not receives(user, submission.slot):
        raise PermissionDenied(f"只有报送对象（{submission.slot.duty.plan.region.name}安委办）可以{verb}。")
    if not is_latest(submission):
        raise ServiceError(f"该报表已有更正后的新版本，请{verb}最新版本。")
    return submission


@transaction.atomic
def accept_submission(user, submission_id, comment=""):
    """接收: the table stands; the summary of the period counts it."""
    submission = _review_target(user, submission_id, "accept", "接收")
    _reviewed(submission, user, Submission.Review.ACCEPTED, (comment or "").strip()[:500])
    return submission


@transaction.atomic
def return_submission(user, submission_id, reason):
    """退回 with a reason: the sender corrects and submits a new version (which waits again)."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("退回须说明原因（需要更正的内容）。", field="reason")
    if len(reason) > 500:
        raise ServiceError("退回原因不能超过 500 字。", field="reason")
    submission = _review_target(user, submission_id, "return", "退回")
    _reviewed(submission, user, Submission.Review.RETURNED, reason)
    slot = submission.slot
    notify_now(senders(slot, submission), f"待办：更正 {slot.unit.name}{_what(slot)}（第{submission.version}版被退回）",
               submission.get_absolute_url(), body=f"退回原因：{reason}", exclude=user)
    return submission


# --- report forms (issue 19): copy, edit, assign --------------------------------------------


def check_definition(rows, columns):
    """A form's rows and columns, cleaned, or a Chinese error naming what is wrong."""
    from org.models import Sector, Theme

    from .engine import MEASURES

    sectors = set(Sector.objects.filter(active=True).values_list("code", flat=True))
    themes = set(Theme.objects.filter(active=True).values_list("code", flat=True))
    clean_rows = []
    for n, row in enumerate(rows, start=1):
        label = (row.get("label") or "").strip()
        if not label or len(label) > 40:
            raise ServiceError(f"第 {n} 行：请填写行名称（不超过40字）。", field="rows")
        rule = row.get("rule") or {}
        if rule.get("other"):
            clean_rows.append({"label": label, "rule": {"other": True}})
            continue
        picked_sectors = [c for c in rule.get("sectors", ()) if c]
        picked_themes = [c for c in rule.get("themes", ()) if c]
        unknown = [c for c in picked_sectors if c not in sectors] + [c for c in picked_themes if c not in themes]
        if unknown:
            raise ServiceError(f"第 {n} 行“{label}”：未知的行业领域或主题。", field="rows")
        if not picked_sectors and not picked_themes:
            raise ServiceError(f"第 {n} 行“{label}”：请选择行业领域或专项整治主题，或设为“其他”。", field="rows")
        rule = {}
        if picked_sectors:
            rule["sectors"] = picked_sectors
        if picked_themes:
            rule["themes"] = picked_themes
        clean_rows.append({"label": label, "rule": rule})
    if not clean_rows:
        raise ServiceError("报表至少要有一行。", field="rows")
    if sum(1 for r in clean_rows if r["rule"].get("other")) > 1:
        raise ServiceError("“其他”行只能有一行。", field="rows")
    if len({r["label"] for r in clean_rows}) != len(clean_rows):
        raise ServiceError("行名称不能重复。", field="rows")
    clean_columns = [c for c in columns if c]
    if not clean_columns:
        raise ServiceError("请至少选择一列。", field="columns")
    if any(c not in MEASURES for c in clean_columns) or len(set(clean_columns)) != len(clean_columns):
        raise ServiceError("列的选择有误（未知或重复的统计项）。", field="columns")
    return clean_rows, clean_columns


def _require(user, action, verb):
    from .permissions import FORM_ACTIONS

    if not FORM_ACTIONS.role_allows(user, action):
        raise PermissionDenied(f"只有安委办可以{verb}报表格式。")


@transaction.atomic
def copy_form(user, form_id):
    """复制: a new, editable form with the source's title, rows and columns."""
    from .models import ReportForm, ReportFormEvent

    _require(user, "copy", "复制")
    source = ReportForm.objects.select_for_update().filter(pk=form_id).first()
    if source is None:
        raise ServiceError("报表格式不存在。")
    n = 1
    while ReportForm.objects.filter(code=f"{source.code}-{n}").exists():
        n += 1
    copy = ReportForm.objects.create(
        code=f"{source.code}-{n}"[:40], name=f"{source.name}（副本{n}）"[:80], title=source.title,
        by_sector=False, rows=[{"label": r["label"], "rule": r["rule"]} for r in source.resolved_rows()],
        columns=list(source.columns), units_row=source.units_row, based_on=source)
    ReportFormEvent.objects.create(form=copy, type="copied", actor=user, data={"from": source.code})
    return copy


@transaction.atomic
def save_form(user, form_id, *, name, title, rows, columns, units_row=True):
    """修改 a copied form. Submitted tables keep what they were counted with."""
    from .models import ReportForm, ReportFormEvent

    _require(user, "edit", "修改")
    form = ReportForm.objects.select_for_update().filter(pk=form_id).first()
    if form is None:
        raise ServiceError("报表格式不存在。")
    if form.shipped:
        raise ServiceError("随附的报表格式按原样保留，请先复制再修改。")
    name, title = (name or "").strip(), (title or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("请填写格式名称（不超过80字）。", field="name")
    if not title or len(title) > 120:
        raise ServiceError("请填写表名（不超过120字）。", field="title")
    rows, columns = check_definition(rows, columns)
    before = {"name": form.name, "title": form.title, "rows": form.rows, "columns": form.columns}
    form.name, form.title, form.rows, form.columns, form.units_row = name, title, rows, columns, bool(units_row)
    form.updated_at = timezone.now()
    form.save()
    ReportFormEvent.objects.create(form=form, type="edited", actor=user, data={"before": before})
    return form


@transaction.atomic
def assign_form(user, duty_id, code):
    """Which form a reporting duty's slots take (a 统计报表 duty)."""
    from .models import ReportForm, ReportFormEvent

    _require(user, "assign", "指定")
    duty = ReportingDuty.objects.for_user(user).select_for_update().filter(pk=duty_id).first()
    if duty is None:
        raise PermissionDenied("该报送事项不存在或不在您的管理范围内。")
    form = ReportForm.objects.filter(code=code).first()
    if form is None:
        raise ServiceError("请选择报表格式。", field="form")
    before = duty.form
    duty.kind, duty.form = ReportingDuty.Kind.FORM, form.code
    duty.save(update_fields=["kind", "form"])
    ReportFormEvent.objects.create(form=form, type="assigned", actor=user,
                                   data={"duty": duty.pk, "text": duty.text[:60], "before": before})
    return duty
