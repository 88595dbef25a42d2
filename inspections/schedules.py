"""周期检查计划: each active schedule makes its period's inspection once — on the first scheduler pass of the
period (notify.tasks.daily_pass), or when asked. The ScheduleRun row's unique key (schedule, band, period)
is taken first, in its own transaction: a second run at the same moment fails to take it and makes nothing.
红 firms get their own run at `red_every` when the schedule sets it, and leave the ordinary one."""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.exceptions import ServiceError
from org.scope import place, within

from . import services
from .models import InspectionSchedule, ScheduleEvent, ScheduleRun

MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
logger = logging.getLogger(__name__)


def period_start(every, day):
    months = MONTHS[every]
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)


def population(schedule):
    """The schedule's enterprises now: in operation, in its region and sector subtrees, 两客一危 if asked —
    each with its 红/黄/绿 code."""
    from enterprises.grading import annotate
    from enterprises.models import Enterprise

    qs = Enterprise.objects.filter(region__path__startswith=schedule.region.path, status="operating",
                                   sectors__path__startswith=schedule.sector.path).distinct()
    if schedule.key_only:
        qs = qs.filter(is_two_plus_one=True)
    return list(annotate(Enterprise.objects.filter(pk__in=qs.values("pk"))).order_by("id"))


@transaction.atomic
def create_schedule(user, *, title, kind, sector, every, lead_unit, region=None, key_only=False, red_every="",
                    leader=None, members=(), template=None, with_criteria=True):
    if not services.can_plan(user):
        raise PermissionDenied("您的角色不能制定检查计划。")
    if not (title or "").strip():
        raise ServiceError("请填写检查名称。", field="title")
    if every not in MONTHS or (red_every and red_every not in MONTHS):
        raise ServiceError("请选择检查频次。", field="every")
    if red_every and MONTHS[red_every] >= MONTHS[every]:
        raise ServiceError("红色企业的检查频次应高于其他企业。", field="red_every")
    region = region or lead_unit.region
    place(user, region=region, sector=sector)
    within(user, lead_unit, "lead_unit", "牵头单位")
    within(user, [leader, *members], "members", "检查人员")
    if leader is None and not members:
        raise ServiceError("请至少指定一名检查人员或带队负责人。", field="members")
    schedule = InspectionSchedule.objects.create(
        region=region, title=title.strip()[:120], kind=kind, sector=sector, key_only=key_only, every=every,
        red_every=red_every or "", lead_unit=lead_unit, leader=leader, template=template, with_criteria=with_criteria,
        created_by=user)
    schedule.members.set(members)
    ScheduleEvent.objects.create(schedule=schedule, type="created", actor=user,
                                 data={"every": every, "red_every": red_every or "", "key_only": key_only})
    return schedule


def plan_schedule(user, **data):
    """制定 a schedule and make this period's inspection(s) now, as the page and the API both do."""
    schedule = create_schedule(user, **data)
    return schedule, run_due(schedules=InspectionSchedule.objects.filter(pk=schedule.pk))


@transaction.atomic
def set_active(user, schedule_id, active, comment=""):
    """停用 (no further periods are made; what was made stays) or 恢复 a schedule."""
    from .permissions import SCHEDULE_ACTIONS

    schedule = (InspectionSchedule.objects.for_user(user).select_for_update().filter(pk=schedule_id).first())
    if schedule is None:
        raise PermissionDenied("该检查计划不存在或不在您的数据范围内。")
    name = "resume" if active else "pause"
    SCHEDULE_ACTIONS.check(user, schedule, name, "恢复检查计划" if active else "停用检查计划", "检查计划")
    schedule.active = active
    schedule.save(update_fields=["active"])
    ScheduleEvent.objects.create(schedule=schedule, type="resumed" if active else "paused", actor=user,
                                 comment=(comment or "").strip()[:200])
    return schedule


def run_due(today=None, schedules=None):
    """Make every active schedule's inspection for the period containing `today`, once. Returns the runs
    made by this call (a period already made is skipped, whoever made it)."""
    today = today or timezone.localdate()
    made = []
    qs = schedules if schedules is not None else InspectionSchedule.objects.filter(active=True)
    for schedule in qs.select_related("region", "sector", "lead_unit", "leader", "template", "created_by"):
        bands = [("all", schedule.every)] + ([("red", schedule.red_every)] if schedule.red_every else [])
        for band, every in bands:
            try:
                run = _run(schedule, band, period_start(every, today), today)
            except (PermissionDenied, ServiceError) as exc:
                # One schedule that can no longer be carried out (its author left or lost the role, a member
                # left the scope) must not stop the others, nor the morning's reminders after them: it is
                # logged, and tried again on the next pass.
                logger.warning("周期检查计划“%s”未能生成检查：%s", schedule, getattr(exc, "message", exc))
                continue
            if run is not None:
                made.append(run)
    return made


def _run(schedule, band, start, today):
    try:
        with transaction.atomic():
            run = ScheduleRun.objects.create(schedule=schedule, band=band, period_start=start)
            firms = population(schedule)
            if schedule.red_every:
                firms = [f for f in firms if (f.grade == "red") == (band == "red")]
            run.firms = len(firms)
            if firms:
                label = "（红色企业）" if band == "red" else ""
                run.inspection = services.create_inspection(schedule.created_by, {
                    "kind": schedule.kind, "title": f"{schedule.title}{label}（{start:%Y年%-m月}起）",
                    "sector": schedule.sector, "region": schedule.region, "lead_unit": schedule.lead_unit,
                    "planned_on": max(today, start), "leader": schedule.leader,
                    "members": list(schedule.members.all()), "enterprises": firms, "template": schedule.template,
                    "with_criteria": schedule.with_criteria})
            run.save()
            return run
    except IntegrityError:
        return None  # this period was made already (or is being made right now by another run)
