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
from dataclasses import dataclass

from django.db.models import Count, F, Q

from enterprises.models import Enterprise
from inspections.models import Inspection
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
    field = {Duty.Evidence.LED_INSPECTION: "done_on", Duty.Evidence.WORK: "held_on", Duty.Evidence.TRAINING: "end_on",
             Duty.Evidence.DRILL: "held_on"}.get(duty.evidence, "due_date")
    return evidence(duty, start, end).order_by(field, "pk")


def counted(duty, start, end):
    qs = evidence(duty, start, end)
    if duty.evidence == Duty.Evidence.REPORT:
        due = qs.count()
        on_time = qs.filter(submitted_at__isnull=False, submitted_at__date__lte=F("due_date")).count()
        return on_time, due
    if duty.evidence == Duty.Evidence.ENTERPRISE_CHECK:
        return qs.filter(checks_in_period__gte=duty.times).count(), qs.count()
    return qs.count(), duty.times


def status(duty, year, today):
    """The duty's periods of `year` with their counts and states."""
    out = []
    for label, start, end in periods(duty.every, year):
        if start > today:
            out.append(Period(label, start, end, 0, duty.times, "未开始"))
            continue
        count, needed = counted(duty, start, end)
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


def summary(duty, year, today):
    """(periods, the state of the duty this year so far: 未完成 if any period ended short)."""
    rows = status(duty, year, today)
    started = [p for p in rows if p.state != "未开始"]
    if any(p.state == SHORT for p in started):
        overall = SHORT
    elif started and all(p.state == DONE for p in started):
        overall = DONE
    else:
        overall = RUNNING
    return rows, overall
