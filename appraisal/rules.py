"""The computed items of a 考核 scheme: each rule finds, per subject, the records that cost it points in
a period, counted on a day (`today`; a period still running is counted up to it): what happened counts
up to that day, a deadline only once it has passed. One grouped query per rule, over all the subjects
at once; every hit carries its words, its day and the link to the record.

Units                                               Enterprises
  overdue_hazards   hazards it supervises whose        e_overdue_hazards   its hazards likewise
                    deadline fell in the period and
                    were not accepted by then
  late_reports      its slots due in the period,       e_missing_checks    months of the period with no
                    handed in after the due day                            主要负责人带队检查
  missing_reports   its slots due and never handed in  e_missing_pledges   months with no 安全承诺
  overdue_tasks     ledger tasks it leads, due in the  e_plan_not_filed    no 应急预案 on file (备案) by the end
                    period, not completed by then
  duties_short      its duties' periods that ended     e_enforcement       行政处罚/停产整顿/联合惩戒 decided
                    short (履职)                                            in the period
  accidents_general 一般 accidents in its region and   e_accidents_general its 一般 accidents
                    sectors
  accident_larger   较大 or worse (usually 一票否决)    e_accident_larger   likewise
  concealed_major   重大 hazards in its charge found   e_concealed_major   its 重大 hazards it did not report
                    by a tip-off or handed down from                       itself (found by inspection or
                    above (瞒报, usually 一票否决)                          tip-off)
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q
from django.urls import reverse

UNITS, ENTERPRISES = "units", "enterprises"


@dataclass(frozen=True)
class Hit:
    text: str
    url: str
    day: datetime.date | None


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    target: str
    find: object  # find(subjects, start, end, today) -> {subject pk: [Hit]}
    veto: bool = False  # the usual setting for this rule


def _months(start, end):
    month = start.replace(day=1)
    while month <= end:
        yield month, month.replace(day=calendar.monthrange(month.year, month.month)[1])
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _upto(end, today):
    """The last day whose events count."""
    return min(end, today)


def _passed(end, today):
    """The last deadline that has passed: a deadline is met until its day is over."""
    return min(end, today - datetime.timedelta(days=1))


def _grouped(rows, key):
    out = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


# --- shared record queries --------------------------------------------------------------------------

def _overdue_hazards(filter_q, start, end, today):
    from hazards.models import Hazard, State

    return (Hazard.objects.filter(filter_q, deadline__range=(start, _passed(end, today))).exclude(state=State.REJECTED)
            .filter(Q(accepted_at__isnull=True) | Q(accepted_at__date__gt=F("deadline"))))


def _hazard_hit(h):
    return Hit(f"隐患 {h.number}“{h.title}”整改期限 {h.deadline:%Y-%m-%d}，逾期未验收销号", h.get_absolute_url(),
               h.deadline)


def _accidents(filter_q, start, end, today, grades):
    from accidents.models import Accident

    return Accident.objects.filter(filter_q, grade__in=grades, occurred_at__date__range=(start, _upto(end, today)))


def _accident_hit(a):
    return Hit(f"{a.occurred_at:%Y-%m-%d} {a.title}（{a.get_grade_display()}事故，死亡 {a.deaths} 人）",
               a.get_absolute_url(), a.occurred_at.date())


GENERAL = ("general",)
LARGER = ("larger", "serious", "especially_serious")


# --- units ------------------------------------------------------------------------------------------

def overdue_hazards(units, start, end, today):
    qs = _overdue_hazards(Q(supervising_unit__in=units), start, end, today)
    return {k: [_hazard_hit(h) for h in v] for k, v in _grouped(qs.order_by("deadline"), lambda h: h.supervising_unit_id).items()}


def _slots(units, start, end, today):
    from plans.models import Slot

    return Slot.objects.filter(unit__in=units, due_date__range=(start, _passed(end, today))) \
        .select_related("duty").order_by("due_date")


def _slot_url(slot):
    return f"{reverse('plans:calendar')}?due_from={slot.due_date:%Y-%m-%d}&due_to={slot.due_date:%Y-%m-%d}"


def late_reports(units, start, end, today):
    qs = _slots(units, start, end, today).filter(submitted_at__isnull=False, submitted_at__date__gt=F("due_date"))
    return {k: [Hit(f"{s.duty.text}（{s.period}）应于 {s.due_date:%Y-%m-%d} 报送，"
                    f"{s.submitted_at:%Y-%m-%d} 迟报", _slot_url(s), s.due_date) for s in v]
            for k, v in _grouped(qs, lambda s: s.unit_id).items()}


def missing_reports(units, start, end, today):
    qs = _slots(units, start, end, today).filter(submitted_at__isnull=True)
    return {k: [Hit(f"{s.duty.text}（{s.period}）应于 {s.due_date:%Y-%m-%d} 报送，未报送", _slot_url(s), s.due_date)
                for s in v] for k, v in _grouped(qs, lambda s: s.unit_id).items()}


def overdue_tasks(units, start, end, today):
    from plans.models import Task

    qs = (Task.objects.filter(lead_units__in=units, deadline__range=(start, _passed(end, today)))
          .filter(Q(completed_at__isnull=True) | Q(completed_at__date__gt=F("deadline")))
          .values_list("lead_units", "pk", "title", "deadline").order_by("deadline", "pk"))
    out = defaultdict(list)
    for unit_id, pk, title, deadline in qs:
        out[unit_id].append(Hit(f"任务“{title[:60]}”完成时限 {deadline:%Y-%m-%d}，逾期未完成",
                                reverse("plans:task", args=[pk]), deadline))
    return out


def duties_short(units, start, end, today):
    from duties import compliance
    from duties.models import Duty

    out = defaultdict(list)
    duties = list(Duty.objects.filter(unit__in=units, active=True).select_related("unit"))
    for year in range(start.year, end.year + 1):
        states = compliance.summaries(duties, year, today)
        for duty in duties:
            for p in states[duty.pk][0]:
                if p.state == compliance.SHORT and start <= p.end <= end:
                    url = f"{reverse('duties:detail', args=[duty.pk])}?year={year}&period={p.key}"
                    out[duty.unit_id].append(Hit(f"{duty.title}：{year}年{p.label}完成 {p.count}/{p.needed}，未履职到位",
                                                 url, p.end))
    return out


def _unit_accidents(grades):
    """Accidents in each unit's area (its region's subtree, its sectors' subtrees): one query over the
    areas of all the units, each accident then given to every unit whose area holds it."""
    def find(units, start, end, today):
        areas = {u.pk: (u.region.path, [s.path for s in u.sectors.all()]) for u in units}
        areas = {pk: a for pk, a in areas.items() if a[1]}  # a unit over no sector answers for none
        if not areas:
            return {}
        q = Q()
        for region, sectors in areas.values():
            for sector in sectors:
                q |= Q(region__path__startswith=region, sector__path__startswith=sector)
        found = list(_accidents(q, start, end, today, grades).select_related("region", "sector").order_by("occurred_at"))
        out = defaultdict(list)
        for pk, (region, sectors) in areas.items():
            for a in found:
                if a.region.path.startswith(region) and any(a.sector.path.startswith(p) for p in sectors):
                    out[pk].append(_accident_hit(a))
        return out
    return find


def concealed_major(units, start, end, today):
    from hazards.models import Hazard

    qs = (Hazard.objects.filter(supervising_unit__in=units, level=Hazard.Level.MAJOR,
                                source__in=(Hazard.Source.TIP_OFF, Hazard.Source.ASSIGNED),
                                discovered_on__range=(start, _upto(end, today))).order_by("discovered_on"))
    return {k: [Hit(f"重大隐患 {h.number}“{h.title}”经{h.get_source_display()}发现（未主动排查上报）",
                    h.get_absolute_url(), h.discovered_on) for h in v]
            for k, v in _grouped(qs, lambda h: h.supervising_unit_id).items()}


# --- enterprises ------------------------------------------------------------------------------------

def e_overdue_hazards(firms, start, end, today):
    qs = _overdue_hazards(Q(enterprise__in=firms), start, end, today)
    return {k: [_hazard_hit(h) for h in v] for k, v in _grouped(qs.order_by("deadline"), lambda h: h.enterprise_id).items()}


def _monthly(firms, start, end, today, model_filter, what, list_url):
    """Months of the period that are over in which the enterprise has no record of the kind."""
    out = defaultdict(list)
    months = [(m, e) for m, e in _months(start, end) if e <= _passed(end, today)]
    if not months:
        return out
    done = set(model_filter(months[0][0], months[-1][1]))
    for firm in firms:
        for month, _ in months:
            if (firm.pk, month.year, month.month) not in done:
                out[firm.pk].append(Hit(f"{month:%Y年%-m月}未{what}", list_url(firm, month), month))
    return out


def e_missing_checks(firms, start, end, today):
    from obligations.models import SelfCheck

    def done(first, last):
        return ((e, d.year, d.month) for e, d in SelfCheck.objects.filter(
            enterprise__in=firms, checked_on__range=(first, last)).values_list("enterprise", "checked_on"))
    return _monthly(firms, start, end, today, done, "开展主要负责人带队检查",
                    lambda f, m: f"{reverse('obligations:checks')}?enterprise={f.pk}&month={m:%Y-%m}")


def e_missing_pledges(firms, start, end, today):
    from obligations.models import Filing

    def done(first, last):
        return ((e, d.year, d.month) for e, d in Filing.objects.filter(
            enterprise__in=firms, kind=Filing.Kind.PLEDGE, dated__range=(first, last)).values_list("enterprise", "dated"))
    return _monthly(firms, start, end, today, done, "上传安全承诺",
                    lambda f, m: f"{reverse('obligations:filings')}?enterprise={f.pk}&kind=pledge")


def e_plan_not_filed(firms, start, end, today):
    from obligations.models import Filing

    stop = _upto(end, today)
    filed = set(Filing.objects.filter(enterprise__in=firms, kind=Filing.Kind.EMERGENCY_PLAN, state=Filing.State.FILED,
                                      reviewed_at__date__lte=stop).values_list("enterprise", flat=True))
    return {f.pk: [Hit(f"截至 {stop:%Y-%m-%d} 应急预案未备案",
                       f"{reverse('obligations:filings')}?enterprise={f.pk}&kind=emergency_plan", stop)]
            for f in firms if f.pk not in filed}


def e_enforcement(firms, start, end, today):
    from inspections.models import EnforcementAction

    kinds = ("penalty", "dual_penalty", "suspension", "blacklist")
    qs = EnforcementAction.objects.filter(enterprise__in=firms, kind__in=kinds,
                                          decided_on__range=(start, _upto(end, today))).order_by("decided_on")
    return {k: [Hit(f"{a.decided_on:%Y-%m-%d} {a.get_kind_display()}", a.get_absolute_url(), a.decided_on) for a in v]
            for k, v in _grouped(qs, lambda a: a.enterprise_id).items()}


def _firm_accidents(grades):
    def find(firms, start, end, today):
        qs = _accidents(Q(enterprise__in=firms), start, end, today, grades).order_by("occurred_at")
        return {k: [_accident_hit(a) for a in v] for k, v in _grouped(qs, lambda a: a.enterprise_id).items()}
    return find


def e_concealed_major(firms, start, end, today):
    from hazards.models import Hazard

    qs = (Hazard.objects.filter(enterprise__in=firms, level=Hazard.Level.MAJOR,
                                discovered_on__range=(start, _upto(end, today)))
          .exclude(source=Hazard.Source.SELF_REPORT).order_by("discovered_on"))
    return {k: [Hit(f"重大隐患 {h.number}“{h.title}”未自查上报，经{h.get_source_display()}发现", h.get_absolute_url(),
                    h.discovered_on) for h in v]
            for k, v in _grouped(qs, lambda h: h.enterprise_id).items()}


RULES = {r.code: r for r in [
    Rule("overdue_hazards", "监管的隐患逾期未整改销号", UNITS, overdue_hazards),
    Rule("late_reports", "报表、材料迟报", UNITS, late_reports),
    Rule("missing_reports", "报表、材料漏报", UNITS, missing_reports),
    Rule("overdue_tasks", "牵头任务逾期未完成", UNITS, overdue_tasks),
    Rule("duties_short", "职责未履行到位（履职）", UNITS, duties_short),
    Rule("accidents_general", "发生一般生产安全事故", UNITS, _unit_accidents(GENERAL)),
    Rule("accident_larger", "发生较大及以上生产安全事故", UNITS, _unit_accidents(LARGER), veto=True),
    Rule("concealed_major", "重大事故隐患瞒报（举报、上级交办发现）", UNITS, concealed_major, veto=True),
    Rule("e_overdue_hazards", "隐患逾期未整改", ENTERPRISES, e_overdue_hazards),
    Rule("e_missing_checks", "主要负责人未按月带队检查", ENTERPRISES, e_missing_checks),
    Rule("e_missing_pledges", "未按月作出安全承诺", ENTERPRISES, e_missing_pledges),
    Rule("e_plan_not_filed", "应急预案未备案", ENTERPRISES, e_plan_not_filed),
    Rule("e_enforcement", "受到行政处罚、停产整顿或联合惩戒", ENTERPRISES, e_enforcement),
    Rule("e_accidents_general", "发生一般生产安全事故", ENTERPRISES, _firm_accidents(GENERAL)),
    Rule("e_accident_larger", "发生较大及以上生产安全事故", ENTERPRISES, _firm_accidents(LARGER), veto=True),
    Rule("e_concealed_major", "重大事故隐患未自查上报（瞒报）", ENTERPRISES, e_concealed_major, veto=True),
]}


def choices(target):
    return [(r.code, r.label) for r in RULES.values() if r.target == target] + [("manual", "人工评分（须写明理由和佐证）")]
