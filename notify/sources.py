"""Readers of every deadline the reminder rules cover (SPEC §10).

Each reader takes a set of deadline days and returns the items still open whose deadline
falls on one of them — one query per source per pass, whatever the number of rules. An
item names who owns it (units and/or an enterprise; when neither, the safety office of its
region owns it) so the audiences can be resolved without reading the item again.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from core.dates import add_years

from .models import Source


@dataclass(frozen=True)
class Item:
    key: str  # "hazard:12" — what the sent-log remembers
    source: str
    title: str
    url: str
    deadline: datetime.date
    region_id: int
    unit_ids: tuple = ()
    enterprise_id: int | None = None
    # For enterprise items without a named unit: the unit supervising this sector owns it.
    sector_id: int | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def hazards(days, today):
    from hazards.models import OVERDUE_STATES, Hazard

    rows = Hazard.objects.filter(state__in=OVERDUE_STATES, deadline__in=days).values_list(
        "pk", "number", "title", "deadline", "region_id", "supervising_unit_id", "enterprise_id", "sector_id")
    return [Item(f"hazard:{pk}", Source.HAZARD, f"{number} {title}", reverse("hazards:detail", args=[pk]), deadline,
                 region, (unit,) if unit else (), ent, sector)
            for pk, number, title, deadline, region, unit, ent, sector in rows]


def supervisions(days, today):
    from hazards.models import OPEN_STATES, Supervision

    rows = Supervision.objects.filter(lifted_at__isnull=True, planned_date__in=days,
                                      hazard__state__in=OPEN_STATES).values_list(
        "pk", "doc_number", "hazard_id", "hazard__number", "planned_date", "hazard__region_id",
        "hazard__supervising_unit_id", "hazard__enterprise_id", "hazard__sector_id")
    return [Item(f"supervision:{pk}", Source.SUPERVISION, f"挂牌督办 {doc}（{number}）",
                 reverse("hazards:detail", args=[hid]), planned, region, (unit,) if unit else (), ent, sector)
            for pk, doc, hid, number, planned, region, unit, ent, sector in rows]


def extensions(days, today):
    """A pending request must be decided before the deadline it asks to move."""
    from hazards.models import Extension

    rows = Extension.objects.filter(decision=Extension.Decision.PENDING, hazard__deadline__in=days).values_list(
        "pk", "hazard_id", "hazard__number", "requested_deadline", "hazard__deadline", "hazard__region_id",
        "hazard__supervising_unit_id", "hazard__sector_id")
    return [Item(f"extension:{pk}", Source.EXTENSION, f"{number} 申请延期至{requested:%Y-%m-%d}",
                 reverse("hazards:detail", args=[hid]), deadline, region, (unit,) if unit else (), None, sector)
            for pk, hid, number, requested, deadline, region, unit, sector in rows]


def tasks(days, today):
    from plans.models import Task

    qs = Task.objects.filter(completed_at__isnull=True, deadline__in=days).select_related("plan").prefetch_related(
        "lead_units")
    return [Item(f"task:{t.pk}", Source.TASK, f"{t.number} {t.title}", reverse("plans:task", args=[t.pk]),
                 t.deadline, t.plan.region_id, tuple(u.pk for u in t.lead_units.all()))
            for t in qs]


def slots(days, today):
    from plans.models import Slot

    rows = Slot.objects.filter(submitted_at__isnull=True, due_date__in=days).values_list(
        "pk", "duty__text", "period", "due_date", "unit__region_id", "unit_id", "duty__plan_id")
    return [Item(f"slot:{pk}", Source.SLOT, f"{text}（{period}）", reverse("plans:ledger", args=[plan]) + "#slots",
                 due, region, (unit,))
            for pk, text, period, due, region, unit, plan in rows]


def risk_reviews(days, today):
    from risks.models import RiskPoint

    rows = RiskPoint.objects.filter(active=True, next_review__in=days).values_list(
        "pk", "enterprise__name", "work_unit", "event", "next_review", "region_id", "enterprise_id", "sector_id")
    return [Item(f"risk:{pk}", Source.RISK_REVIEW, f"{name} {work_unit}：{event}", reverse("risks:detail", args=[pk]),
                 review, region, (), ent, sector)
            for pk, name, work_unit, event, review, region, ent, sector in rows]


def drills(days, today):
    """An enterprise's next drill under a rule falls due `months` after its last one."""
    from enterprises.models import Enterprise
    from safety import drills as rules_of
    from safety.models import DrillRule

    rows = []
    for rule in DrillRule.objects.filter(active=True).select_related("sector"):
        lasts = {d - relativedelta(months=rule.months) for d in days}
        qs = rules_of.with_last_drill(rules_of.applicable(rule, Enterprise.objects.all()), rule).filter(
            last_drill__in=lasts)
        rows += [(rule, *row) for row in qs.values_list("pk", "name", "region_id", "last_drill")]
    sectors = _first_sectors({row[1] for row in rows})
    return [Item(f"drill:{rule.pk}:{pk}", Source.DRILL, f"{name}：{rule.name}", reverse("safety:compliance"),
                 last + relativedelta(months=rule.months), region, (), pk, sectors.get(pk))
            for rule, pk, name, region, last in rows if last + relativedelta(months=rule.months) in days]


def _first_sectors(enterprise_ids):
    """{enterprise: its first sector in tree order} in one query — the sector whose
    supervising unit owns an enterprise's reminders."""
    from enterprises.models import Enterprise

    out = {}
    for eid, sid in Enterprise.sectors.through.objects.filter(enterprise_id__in=enterprise_ids).order_by(
            "enterprise_id", "sector__path").values_list("enterprise_id", "sector_id"):
        out.setdefault(eid, sid)
    return out


def coverage_targets(days, today):
    """Targets not yet reached by their deadline. Evaluating one is a few counts; only the
    targets whose reminder falls today are evaluated."""
    from safety import coverage
    from safety.models import CoverageTarget

    out = []
    for target in CoverageTarget.objects.filter(deadline__in=days).select_related("region", "sector"):
        result = coverage.evaluate(target)
        if result.reached:
            continue
        now = "无统计对象" if result.percent is None else f"当前{result.percent}%，目标{target.target_percent}%"
        out.append(Item(f"coverage:{target.pk}", Source.COVERAGE, f"{target.name}（{now}）",
                        reverse("safety:target", args=[target.pk]), target.deadline, target.region_id))
    return out


def accidents(days, today):
    """Unreported accidents: the 1-hour report (国务院令第493号) falls due on the day itself."""
    from accidents.models import Accident

    tz = timezone.get_current_timezone()
    first, last = min(days), max(days) + datetime.timedelta(days=1)
    bounds = (datetime.datetime.combine(first, datetime.time(), tz), datetime.datetime.combine(last, datetime.time(), tz))
    out = []
    for pk, title, at, region in Accident.objects.filter(reported_at__isnull=True, occurred_at__gte=bounds[0],
                                                          occurred_at__lt=bounds[1]).values_list(
            "pk", "title", "occurred_at", "region_id"):
        day = timezone.localtime(at).date()
        if day in days:
            out.append(Item(f"accident:{pk}", Source.ACCIDENT, f"{title}（未报告）",
                            reverse("accidents:detail", args=[pk]), day, region))
    return out


def tipoffs(days, today):
    from tipoffs.models import TipOff

    rows = TipOff.objects.filter(state__in=[TipOff.State.ACCEPTED, TipOff.State.VERIFYING], due_on__in=days).values_list(
        "pk", "code", "subject", "due_on", "region_id", "handling_unit_id", "sector_id")
    return [Item(f"tipoff:{pk}", Source.TIPOFF, f"举报 {code} {subject}", reverse("tipoffs:detail", args=[pk]), due,
                 region, (unit,) if unit else (), None, sector)
            for pk, code, subject, due, region, unit, sector in rows]


def standardizations(days, today):
    from enterprises.models import Enterprise

    years = Enterprise.STANDARDIZATION_VALID_YEARS
    # Candidate issue dates, then the exact rule (add_years) decides: 29 Feb needs the day after.
    issued = {d - relativedelta(years=years) + datetime.timedelta(days=n) for d in days for n in (0, 1)}
    rows = [row for row in (Enterprise.objects.filter(status=Enterprise.Status.OPERATING,
                                                      standardization_date__in=issued)
                            .exclude(standardization_level=Enterprise.Standardization.NONE)
                            .values_list("pk", "name", "standardization_date", "region_id"))
            if add_years(row[2], years) in days]
    sectors = _first_sectors({row[0] for row in rows})
    return [Item(f"standardization:{pk}", Source.STANDARDIZATION, f"{name} 安全生产标准化证书",
                 reverse("enterprises:detail", args=[pk]), add_years(issued_on, years), region, (), pk,
                 sectors.get(pk))
            for pk, name, issued_on, region in rows]


def waiting(days, today):
    """Hazards and tip-offs waiting on the bureau's side, by the day they arrived there (their
    last event): 核查 and 验收/销号 by the supervising unit, 确认 and 受理 by the safety office."""
    from django.db.models import Max

    from hazards.models import Hazard, State
    from tipoffs.models import TipOff

    start = datetime.datetime.combine(min(days), datetime.time.min, timezone.get_current_timezone())
    end = datetime.datetime.combine(max(days), datetime.time.max, timezone.get_current_timezone())
    items = []
    office_states = {State.PENDING_CONFIRMATION}
    rows = (Hazard.objects.filter(state__in=[State.REPORTED, State.PENDING_CONFIRMATION, State.AWAITING_ACCEPTANCE,
                                             State.ACCEPTED])
            .annotate(since=Max("events__created_at")).filter(since__range=(start, end))
            .values_list("pk", "number", "title", "state", "since", "region_id", "supervising_unit_id", "sector_id"))
    for pk, number, title, state, since, region, unit, sector in rows:
        arrived = timezone.localtime(since).date()
        if arrived not in days:
            continue
        by_office = state in office_states
        items.append(Item(f"waiting:hazard:{pk}:{state}", Source.WAITING, f"{number} {title}（{State(state).label}）",
                          reverse("hazards:detail", args=[pk]), arrived, region,
                          () if by_office or not unit else (unit,), None, None if by_office else sector))
    for pk, code, subject, submitted, region in TipOff.objects.filter(
            state=TipOff.State.SUBMITTED, submitted_at__range=(start, end)).values_list(
            "pk", "code", "subject", "submitted_at", "region_id"):
        arrived = timezone.localtime(submitted).date()
        if arrived in days:
            items.append(Item(f"waiting:tipoff:{pk}", Source.WAITING, f"举报 {code} {subject}（待受理）",
                              reverse("tipoffs:detail", args=[pk]), arrived, region))
    return items


READERS = {
    Source.HAZARD: hazards, Source.SUPERVISION: supervisions, Source.EXTENSION: extensions, Source.TASK: tasks,
    Source.SLOT: slots, Source.RISK_REVIEW: risk_reviews, Source.DRILL: drills, Source.COVERAGE: coverage_targets,
    Source.ACCIDENT: accidents, Source.TIPOFF: tipoffs, Source.STANDARDIZATION: standardizations,
    Source.WAITING: waiting,
}
