"""Whether each duty was done, period by period, counted from the records that prove it.

    led_inspection  completed inspections whose 带队领导 is the duty's person (or, for a unit's duty,
                    whose 牵头单位 is the unit), by 实际检查日期
    work            work records of the duty's kind hosted or attended by its person, or organised by
                    its unit or group, by date
    report          the unit's reporting slots due in the period: every one handed in on time
    training        trainings the unit organised, by 结束日期
    drill           drills the unit organised itself (its own, not an enterprise's), by 演练日期
    enterprise_check  the operating enterprises the unit supervises, each with its 主要负责人带队检查 in
                    the period: done when every one checked at least `times` times (count = those that did)

A period is 已完成 when the count reaches the duty's minimum, 未完成 when it ended short of it, and
进行中 while it runs. `evidence(duty, start, end)` is the very queryset counted, so the list a figure
links to shows the same number.
"""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from enterprises.models import Enterprise
from inspections.models import Inspection
from obligations.models import SelfCheck
from obligations.status import supervised
from safety.models import Drill, Training
from plans.models import Slot

from .models import Duty, Every, WorkRecord

DONE, SHORT, RUNNING = "已完成", "未完成", "进行中"


@dataclass
class Period:
    label: str
    start: datetime.date
    end: datetime.date
    count: int
    needed: int
    state: str

    @property
    def key(self):
        return f"{self.start:%Y-%m-%d}"


def periods(every, year):
    """(label, start, end) of each period of `year`."""
    def month_end(m):
        return datetime.date(year, m, calendar.monthrange(year, m)[1])

    if every == Every.MONTH:
        return [(f"{m}月", datetime.date(year, m, 1), month_end(m)) for m in range(1, 13)]
    if every == Every.QUARTER:
        return [(f"第{'一二三四'[q]}季度", datetime.date(year, 3 * q + 1, 1), month_end(3 * q + 3)) for q in range(4)]
    if every == Every.HALF_YEAR:
        return [("上半年", datetime.date(year, 1, 1), month_end(6)), ("下半年", datetime.date(year, 7, 1), month_end(12))]
    return [(f"{year}年", datetime.date(year, 1, 1), datetime.date(year, 12, 31))]


def evidence(duty, start, end):
    """The records that count for `duty` between start and end (inclusive)."""
    if duty.evidence == Duty.Evidence.LED_INSPECTION:
        qs = Inspection.objects.filter(status=Inspection.Status.COMPLETED, done_on__range=(start, end))
        return qs.filter(leader=duty.person) if duty.person_id else qs.filter(lead_unit=duty.unit_id)
    if duty.evidence == Duty.Evidence.WORK:
        qs = WorkRecord.objects.filter(held_on__range=(start, end))
        if duty.record_kind:
            qs = qs.filter(kind=duty.record_kind)
        if duty.person_id:
            qs = qs.filter(Q(host=duty.person) | Q(attendees=duty.person)).distinct()
        elif duty.group_id:
            qs = qs.filter(group=duty.group_id)
        else:
            qs = qs.filter(unit=duty.unit_id)
        return qs
    if duty.evidence == Duty.Evidence.TRAINING:
        return Training.objects.filter(organizer=duty.unit_id, end_on__range=(start, end))
    if duty.evidence == Duty.Evidence.DRILL:
        return Drill.objects.filter(organiser=duty.unit_id, held_on__range=(start, end))
    if duty.evidence == Duty.Evidence.ENTERPRISE_CHECK:
        checked = Q(self_checks__checked_on__range=(start, end))
        return supervised(duty.unit, Enterprise.objects.all()).annotate(
            checks_in_period=Count("self_checks", filter=checked, distinct=True))
    # Reporting: the unit's slots due in the period, handed in by the due day.
    return Slot.objects.filter(unit=duty.unit_id, due_date__range=(start, end))


def in_order(duty, start, end):
    """The evidence oldest first, as a list of 履职记录 reads."""
    if duty.evidence == Duty.Evidence.ENTERPRISE_CHECK:  # those short of it first
        return evidence(duty, start, end).order_by("checks_in_period", "name")
    return evidence(duty, start, end).order_by(DATE_FIELD.get(duty.evidence, "due_date"), "pk")


DATE_FIELD = {Duty.Evidence.LED_INSPECTION: "done_on", Duty.Evidence.WORK: "held_on", Duty.Evidence.TRAINING: "end_on",
              Duty.Evidence.DRILL: "held_on"}


def counted(duty, start, end):
    """(count, needed) of one period, counted over `evidence()` — the list its figure links to."""
    qs = evidence(duty, start, end)
    if duty.evidence == Duty.Evidence.REPORT:
        due = qs.count()
        on_time = qs.filter(submitted_at__isnull=False, submitted_at__date__lte=F("due_date")).count()
        return on_time, due
    if duty.evidence == Duty.Evidence.ENTERPRISE_CHECK:
        return qs.filter(checks_in_period__gte=duty.times).count(), qs.count()
    return qs.count(), duty.times


def stretch(duties, first, last):
    """{duty pk: its evidence rows between first and last} for many duties at once, one query per kind of
    evidence (two for work records, with their attendees; one more per 企业带队检查 duty for the enterprises
    its unit supervises). Rows are (record pk, day) — for reporting (due day, handed in at)."""
    E = Duty.Evidence
    by = defaultdict(list)
    for d in duties:
        by[d.evidence].append(d)
    out = {d.pk: [] for d in duties}
    people = {d.person_id for d in duties if d.person_id}
    units = {d.unit_id for d in duties if d.unit_id}
    groups = {d.group_id for d in duties if d.group_id}
    if by[E.LED_INSPECTION]:
        rows = list(Inspection.objects.filter(status=Inspection.Status.COMPLETED, done_on__range=(first, last))
                    .filter(Q(leader__in=people) | Q(lead_unit__in=units))
                    .values_list("pk", "done_on", "leader_id", "lead_unit_id"))
        for d in by[E.LED_INSPECTION]:
            out[d.pk] = [(pk, day) for pk, day, leader, unit in rows
                         if (leader == d.person_id if d.person_id else unit == d.unit_id)]
    if by[E.WORK]:
        records = list(WorkRecord.objects.filter(held_on__range=(first, last)).filter(
            Q(unit__in=units) | Q(group__in=groups) | Q(host__in=people) | Q(attendees__in=people)).distinct()
            .values_list("pk", "held_on", "kind", "host_id", "unit_id", "group_id"))
        present = defaultdict(set)
        for record, person in WorkRecord.attendees.through.objects.filter(
                workrecord_id__in=[r[0] for r in records]).values_list("workrecord_id", "person_id"):
            present[record].add(person)
        for d in by[E.WORK]:
            out[d.pk] = [(pk, day) for pk, day, kind, host, unit, group in records
                         if (not d.record_kind or kind == d.record_kind)
                         and (host == d.person_id or d.person_id in present[pk] if d.person_id
                              else group == d.group_id if d.group_id else unit == d.unit_id)]
    for kind, model, field, holder in ((E.TRAINING, Training, "end_on", "organizer_id"),
                                       (E.DRILL, Drill, "held_on", "organiser_id")):
        if by[kind]:
            rows = list(model.objects.filter(**{f"{holder}__in": units, f"{field}__range": (first, last)})
                        .values_list("pk", field, holder))
            for d in by[kind]:
                out[d.pk] = [(pk, day) for pk, day, unit in rows if unit == d.unit_id]
    if by[E.REPORT]:
        rows = list(Slot.objects.filter(unit__in=units, due_date__range=(first, last))
                    .values_list("due_date", "submitted_at", "unit_id"))
        for d in by[E.REPORT]:
            out[d.pk] = [(due, at) for due, at, unit in rows if unit == d.unit_id]
    for d in by[E.ENTERPRISE_CHECK]:
        firms = list(supervised(d.unit, Enterprise.objects.all()).values_list("pk", flat=True))
        d.firms = len(firms)
        out[d.pk] = list(SelfCheck.objects.filter(enterprise__in=firms, checked_on__range=(first, last))
                         .values_list("enterprise", "checked_on"))
    return out


def tallies(duty, spans, rows):
    """{start: (count, needed)} of each period in `spans`, from the duty's rows (`stretch`) — the same rule
    as `counted`, which a test holds it to."""
    out = {}
    for _, start, end in spans:
        if duty.evidence == Duty.Evidence.REPORT:
            due = [(d, at) for d, at in rows if start <= d <= end]
            out[start] = (sum(1 for d, at in due if at and timezone.localdate(at) <= d), len(due))
        elif duty.evidence == Duty.Evidence.ENTERPRISE_CHECK:
            per_firm = Counter(firm for firm, day in rows if start <= day <= end)
            out[start] = (sum(1 for n in per_firm.values() if n >= duty.times), duty.firms)
        else:
            out[start] = (sum(1 for _, day in rows if start <= day <= end), duty.times)
    return out


def status(duty, year, today, rows=None):
    """The duty's periods of `year` with their counts and states (`rows`: its evidence this year, when
    read for many duties at once by `stretch`)."""
    spans = periods(duty.every, year)
    if rows is None:
        rows = stretch([duty], datetime.date(year, 1, 1), datetime.date(year, 12, 31))[duty.pk]
    counts = tallies(duty, [span for span in spans if span[1] <= today], rows)
    out = []
    for label, start, end in spans:
        if start > today:
            out.append(Period(label, start, end, 0, duty.times, "未开始"))
            continue
        count, needed = counts[start]
        if duty.evidence in (Duty.Evidence.REPORT, Duty.Evidence.ENTERPRISE_CHECK) and needed == 0:
            state = DONE  # nothing was due
        elif count >= needed:
            state = DONE
        elif end < today:
            state = SHORT
        else:
            state = RUNNING
        out.append(Period(label, start, end, count, needed, state))
    return out


def summaries(duties, year, today):
    """{duty pk: (periods, overall)} for a list of duties, in a fixed number of queries."""
    duties = list(duties)
    rows = stretch(duties, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return {d.pk: _overall(status(d, year, today, rows[d.pk])) for d in duties}


def summary(duty, year, today):
    """(periods, the state of the duty this year so far: 未完成 if any period ended short)."""
    return _overall(status(duty, year, today))


def _overall(rows):
    started = [p for p in rows if p.state != "未开始"]
    if any(p.state == SHORT for p in started):
        overall = SHORT
    elif started and all(p.state == DONE for p in started):
        overall = DONE
    else:
        overall = RUNNING
    return rows, overall
