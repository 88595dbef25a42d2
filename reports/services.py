"""报送: a unit submits its 调度统计表 into a reporting slot (from the plan's ledger).

The figures are computed from the records at that moment, over the unit's scope,
from 1 January to the slot's month end (or today, if earlier) — the "累计数" the
official table asks for — and stored. The first submission also marks the slot
报送 (on time or late by its due date); a correction is a new version with a reason.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from core.validators import validate_phone
from org.roles import Role
from plans import services as plan_services
from plans.models import ReportingDuty, Slot
from plans.permissions import SLOT_ACTIONS

from . import dispatch
from .models import Submission, SubmissionEvent


def period_for(slot, today=None):
    today = today or timezone.localdate()
    due = slot.due_date
    month_end = datetime.date(due.year, due.month, calendar.monthrange(due.year, due.month)[1])
    return datetime.date(due.year, 1, 1), min(month_end, today)


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
    slot = workflow.lock(Slot, user, slot_id, what="报送事项", related=("unit", "duty"))
    duty = slot.duty
    if duty.kind != ReportingDuty.Kind.FORM or duty.form != ReportingDuty.Form.DISPATCH:
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
    table = dispatch.compute(reader_for(slot.unit), start, end)
    submission = Submission.objects.create(
        slot=slot, unit=slot.unit, version=(last.version + 1) if last else 1, period_start=start, period_end=end,
        figures=dispatch.as_json(table), head=head, filler=filler, phone=phone, reason=reason if last else "",
        submitted_by=user)
    plan_services.register_form_submission(user, slot, f"调度统计表 第{submission.version}版")
    SubmissionEvent.objects.create(submission=submission, type="corrected" if last else "submitted", actor=user,
                                   comment=submission.reason, data={"version": submission.version})
    return submission
