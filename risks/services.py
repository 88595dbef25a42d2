"""Every change to a risk point: create (first assessment), reassess, edit the
description and measures, 登记备案 of 重大 risks, and the band edges.

Each checks role and scope, runs in one transaction, locks the row, checks the
version the user saw and writes one RiskEvent (the assessments are their own history).
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from enterprises.models import Enterprise
from org.roles import Role
from org.scope import get_scope, place

from . import grading
from .models import Assessment, BandEvent, RiskBands, RiskEvent, RiskPoint
from .permissions import ACTIONS, WRITERS

REVIEW_EVERY = relativedelta(months=3)  # "每季度至少开展1次安全风险评估"
TEXT_FIELDS = (("work_unit", "作业单元", 80), ("event", "风险事件", 120), ("factors", "致险因素", 2000),
               ("measures", "管控措施", 4000), ("responsible", "责任人", 40))


def bands_for(method):
    row = RiskBands.objects.filter(method=method).first()
    return row.as_dict() if row else dict(grading.DEFAULT_BANDS[method])


def _assess(method, values):
    try:
        value = grading.score(method, values)
    except grading.AssessmentError as exc:
        raise ServiceError(str(exc), field="method") from None
    bands = bands_for(method)
    return value, grading.classify(value, bands), bands


def _text(data, partial=False):
    out = {}
    for key, label, limit in TEXT_FIELDS:
        if partial and key not in data:
            continue
        value = (data.get(key) or "").strip()
        if not value:
            raise ServiceError(f"请填写{label}。", field=key)
        if len(value) > limit:
            raise ServiceError(f"{label}不能超过 {limit} 字。", field=key)
        out[key] = value
    return out


def _apply_values(point, method, values):
    point.method = method
    point.l_value = Decimal(str(values.get("l")))
    point.e_value = Decimal(str(values["e"])) if method == grading.LEC else None
    point.c_value = Decimal(str(values["c"])) if method == grading.LEC else None
    point.s_value = Decimal(str(values["s"])) if method == grading.MATRIX else None


def _record(point, user, method, values, value, level, bands, note=""):
    Assessment.objects.create(point=point, method=method, values={k: str(v) for k, v in values.items()},
                              score=value, level=level, bands={k: str(v) for k, v in bands.items()},
                              note=(note or "").strip(), assessed_by=user)


def _filing_after(point, level):
    """A point that becomes 重大 must be filed with the bureau; one that stops being 重大 need not."""
    if level == "major" and point.filing == RiskPoint.Filing.NONE:
        return RiskPoint.Filing.PENDING
    if level != "major" and point.filing == RiskPoint.Filing.PENDING:
        return RiskPoint.Filing.NONE
    return point.filing


@transaction.atomic
def create_point(user, data):
    if not (user.is_authenticated and user.role in WRITERS):
        raise PermissionDenied("您的角色不能登记风险点。")
    enterprise = data.get("enterprise")
    if user.role == Role.ENTERPRISE:
        enterprise = Enterprise.objects.get(pk=user.enterprise_id)
    if enterprise is None:
        raise ServiceError("请选择您管理范围内的生产经营单位。", field="enterprise")
    sector = data.get("sector") or enterprise.sector_for(allowed_ids=get_scope(user).sector_ids)
    place(user, enterprise=enterprise, sector=sector)
    text = _text(data)
    method = data.get("method")
    values = {k: data.get(k) for k in ("l", "e", "c", "s")}
    value, level, bands = _assess(method, values)
    point = RiskPoint(enterprise=enterprise, region=enterprise.region, sector=sector, created_by=user,
                      score=value, level=level, next_review=timezone.localdate() + REVIEW_EVERY, **text)
    _apply_values(point, method, values)
    point.filing = _filing_after(point, level)
    point.save()
    _record(point, user, method, values, value, level, bands, "首次评估")
    RiskEvent.objects.create(point=point, type="created", actor=user, data={"level": level, "score": str(value)})
    return point


def _lock(user, point_id, version=None):
    if not (user.is_authenticated and user.role in WRITERS):
        raise PermissionDenied("您的角色不能修改风险点。")
    return workflow.lock(RiskPoint, user, point_id, version, what="风险点", done="修改")


@transaction.atomic
def reassess(user, point_id, version, method, values, note=""):
    """定期评估: a new assessment under today's band edges; the old ones stay."""
    point = _lock(user, point_id, version)
    value, level, bands = _assess(method, values)
    before = {"level": point.level, "score": str(point.score)}
    _apply_values(point, method, values)
    point.score, point.level, point.assessed_at = value, level, timezone.now()
    point.next_review = timezone.localdate() + REVIEW_EVERY
    point.filing = _filing_after(point, level)
    workflow.bump(point)
    _record(point, user, method, values, value, level, bands, note)
    RiskEvent.objects.create(point=point, type="reassessed", actor=user, comment=note,
                             data={"before": before, "after": {"level": level, "score": str(value)}})
    return point


@transaction.atomic
def edit(user, point_id, version, data):
    """Description, measures and the responsible person; the level changes only by assessment."""
    point = _lock(user, point_id, version)
    changes = _text(data, partial=True)
    for key, value in changes.items():
        setattr(point, key, value)
    if "next_review" in data and data["next_review"]:
        if data["next_review"] < timezone.localdate():
            raise ServiceError("下次评估日期不能早于今天。", field="next_review")
        point.next_review = data["next_review"]
        changes["next_review"] = data["next_review"].isoformat()
    workflow.bump(point)
    RiskEvent.objects.create(point=point, type="edited", actor=user, data={"fields": sorted(changes)})
    return point


@transaction.atomic
def submit_filing(user, point_id, version=None):
    """登记备案: the enterprise (or its supervising unit) files a 重大 risk with the bureau."""
    point = _lock(user, point_id, version)
    if point.level != "major" or not ACTIONS.state_allows(point, "file"):
        raise ServiceError("只有待报备的重大风险需要登记备案。")
    point.filing = RiskPoint.Filing.SUBMITTED
    workflow.bump(point, "filing")
    RiskEvent.objects.create(point=point, type="filing_submitted", actor=user)
    return point


@transaction.atomic
def acknowledge_filing(user, point_id, version=None):
    point = _lock(user, point_id, version)
    if not ACTIONS.role_allows(user, "acknowledge"):
        raise PermissionDenied("重大风险备案由监管部门确认。")
    if not ACTIONS.state_allows(point, "acknowledge"):
        raise ServiceError("该风险点没有待确认的备案。")
    point.filing = RiskPoint.Filing.ACKNOWLEDGED
    workflow.bump(point, "filing")
    RiskEvent.objects.create(point=point, type="filing_acknowledged", actor=user)
    return point


@transaction.atomic
def save_bands(user, method, *, major, larger, general, inclusive):
    """The safety office sets the band edges of a method. Existing points keep their level
    until their next assessment (each assessment records the edges it used)."""
    if not (user.is_authenticated and user.role == Role.SAFETY_OFFICE):
        raise PermissionDenied("风险分级标准由安委办设置。")
    if method not in grading.DEFAULT_BANDS:
        raise ServiceError("请选择评估方法。", field="method")
    edges = [Decimal(str(v)) for v in (major, larger, general)]
    if any(e <= 0 for e in edges) or not edges[0] > edges[1] > edges[2]:
        raise ServiceError("分级下限应为正数，且重大 > 较大 > 一般。", field="major")
    row = RiskBands.objects.select_for_update().filter(method=method).first() or RiskBands(method=method)
    before = {k: str(v) for k, v in (row.as_dict().items() if row.pk else grading.DEFAULT_BANDS[method].items())}
    row.major, row.larger, row.general, row.inclusive = *edges, bool(inclusive)
    row.updated_by, row.updated_at = user, timezone.now()
    row.save()
    BandEvent.objects.create(bands=row, type="saved", actor=user,
                             data={"before": before, "after": {k: str(v) for k, v in row.as_dict().items()}})
    return row


def due_for_review(qs, within_days=15, today=None):
    """Active points whose next review falls within the window (or is past)."""
    today = today or timezone.localdate()
    return qs.filter(active=True, next_review__lte=today + datetime.timedelta(days=within_days))
