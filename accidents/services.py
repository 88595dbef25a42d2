"""Recording accidents: role and scope checks, one transaction, an event per change.
The grade is always recomputed from the figures, never typed in."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from enterprises.models import Enterprise
from org.roles import Role
from org.scope import place

from .grading import grade
from .models import Accident, AccidentEvent
from .permissions import ACTIONS, WRITERS

FIGURES = ("deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss")
ANALYSIS = ("cause", "lessons", "measures", "responsibility")


def _check_place(user, data):
    enterprise = data.get("enterprise")
    if user.role == Role.ENTERPRISE:
        enterprise = data["enterprise"] = Enterprise.objects.get(pk=user.enterprise_id)
    region = data["region"] = enterprise.region if enterprise else data.get("region")
    place(user, enterprise=enterprise, region=region, sector=data.get("sector"))
    if data.get("occurred_at") and data["occurred_at"] > timezone.now():
        raise ServiceError("发生时间不能晚于现在。", field="occurred_at")
    if data.get("reported_at") and data.get("occurred_at") and data["reported_at"] < data["occurred_at"]:
        raise ServiceError("报告时间不能早于发生时间。", field="reported_at")


@transaction.atomic
def record(user, data):
    if not (user.is_authenticated and user.role in WRITERS):
        raise PermissionDenied("您的角色不能登记事故。")
    data = dict(data)
    for key in ("title", "place", "summary"):
        if not (data.get(key) or "").strip():
            raise ServiceError("请填写事故名称、地点和简要经过。", field=key)
    _check_place(user, data)
    accident = Accident(recorded_by=user, **{k: v for k, v in data.items() if k not in ANALYSIS})
    accident.grade = grade(accident.deaths, accident.serious_injuries, accident.direct_loss)
    accident.save()
    AccidentEvent.objects.create(accident=accident, type="recorded", actor=user,
                                 data={"grade": accident.grade, **{f: str(getattr(accident, f)) for f in FIGURES}})
    return accident


def _lock(user, accident_id, version=None):
    if user.role not in WRITERS:
        raise PermissionDenied("您的角色不能修改事故记录。")
    return workflow.lock(Accident, user, accident_id, version, what="事故记录", done="修改")


@transaction.atomic
def update_figures(user, accident_id, version, figures, comment=""):
    """Casualty figures often change after the first report (伤情变化, 失踪转死亡): regrade."""
    accident = _lock(user, accident_id, version)
    before = {f: str(getattr(accident, f)) for f in FIGURES} | {"grade": accident.grade}
    for key in FIGURES:
        if key in figures and figures[key] is not None:
            setattr(accident, key, figures[key])
    accident.grade = grade(accident.deaths, accident.serious_injuries, accident.direct_loss)
    workflow.bump(accident)
    after = {f: str(getattr(accident, f)) for f in FIGURES} | {"grade": accident.grade}
    AccidentEvent.objects.create(accident=accident, type="figures_updated", actor=user, comment=comment,
                                 data={"before": before, "after": after})
    return accident


@transaction.atomic
def mark_reported(user, accident_id, reported_at):
    accident = _lock(user, accident_id)
    if accident.reported_at:
        raise ServiceError("已登记报告时间。")
    if reported_at < accident.occurred_at or reported_at > timezone.now():
        raise ServiceError("报告时间应在发生时间之后、现在之前。", field="reported_at")
    accident.reported_at = reported_at
    workflow.bump(accident, "reported_at")
    AccidentEvent.objects.create(accident=accident, type="reported", actor=user,
                                 data={"reported_at": reported_at, "status": accident.report_status})
    return accident


@transaction.atomic
def save_analysis(user, accident_id, version, analysis):
    """一事一分析: cause, lessons, measures, responsibility."""
    accident = _lock(user, accident_id, version)
    if not ACTIONS.role_allows(user, "analysis"):
        raise PermissionDenied("事故分析由监管部门填写。")
    if not (analysis.get("cause") or "").strip() or not (analysis.get("measures") or "").strip():
        raise ServiceError("请至少填写事故原因和防范整改措施。", field="cause")
    for key in ANALYSIS:
        setattr(accident, key, (analysis.get(key) or "").strip())
    accident.analysed_at = timezone.now()
    workflow.bump(accident)
    AccidentEvent.objects.create(accident=accident, type="analysed", actor=user)
    return accident
