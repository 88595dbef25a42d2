"""What each enterprise has done of its own duties this month (一张网: the supervising unit's view), in a
handful of grouped queries whatever the number of enterprises:

    带队检查   主要负责人带队检查 recorded in the month (at least one), and the hazards they found
    安全承诺   the month's 安全承诺 uploaded
    责任制     a 全员安全生产责任制 on file (any year)
    应急预案   the latest plan's state: 已备案 / 待备案 / 已退回 / 未上传
    培训       the enterprise's own trainings this year

`missing` names what is lacking this month; every figure on the page links to the list it counts.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from .models import Filing, SelfCheck

CHECK, PLEDGE, RESPONSIBILITY, PLAN = "带队检查", "安全承诺", "责任制", "应急预案"


@dataclass
class Row:
    enterprise: object
    checks: int = 0
    findings: int = 0
    pledge: bool = False
    responsibility: bool = False
    plan: str = "未上传"
    plan_id: int | None = None
    trainings: int = 0
    missing: list = field(default_factory=list)


def month_bounds(month):
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def checks_in(month, enterprises):
    start, end = month_bounds(month)
    return SelfCheck.objects.filter(enterprise__in=enterprises, checked_on__range=(start, end))


def rows(enterprises, month):
    """One Row per enterprise of the queryset `enterprises` (already scoped), for `month`."""
    start, end = month_bounds(month)
    firms = list(enterprises.order_by("name"))
    ids = [e.pk for e in firms]
    checks = {r["enterprise"]: r for r in SelfCheck.objects.filter(enterprise__in=ids, checked_on__range=(start, end))
              .values("enterprise").annotate(n=Count("id", distinct=True),
                                             found=Count("items", filter=Q(items__hazard__isnull=False)))}
    filings = Filing.objects.filter(enterprise__in=ids)
    pledged = set(filings.filter(kind=Filing.Kind.PLEDGE, dated=start).values_list("enterprise", flat=True))
    on_file = set(filings.filter(kind=Filing.Kind.RESPONSIBILITY).values_list("enterprise", flat=True))
    trainings = dict(filings.filter(kind=Filing.Kind.TRAINING, dated__year=start.year).values("enterprise")
                     .annotate(n=Count("id")).values_list("enterprise", "n"))
    latest = dict(filings.filter(kind=Filing.Kind.EMERGENCY_PLAN).values("enterprise").annotate(last=Max("id"))
                  .values_list("enterprise", "last"))
    plans = {f.pk: f for f in Filing.objects.filter(pk__in=latest.values())}
    out = []
    for e in firms:
        c = checks.get(e.pk, {})
        plan = plans.get(latest.get(e.pk))
        row = Row(e, checks=c.get("n", 0), findings=c.get("found", 0), pledge=e.pk in pledged,
                  responsibility=e.pk in on_file, plan=plan.get_state_display() if plan else "未上传",
                  plan_id=plan.pk if plan else None, trainings=trainings.get(e.pk, 0))
        if not row.checks:
            row.missing.append(CHECK)
        if not row.pledge:
            row.missing.append(PLEDGE)
        if not row.responsibility:
            row.missing.append(RESPONSIBILITY)
        if not plan or plan.state != Filing.State.FILED:
            row.missing.append(PLAN)
        out.append(row)
    return out


def owes(enterprise_id, month):
    """What an enterprise still owes this month of its monthly duties (带队检查, 安全承诺): two queries."""
    start, end = month_bounds(month)
    missing = []
    if not SelfCheck.objects.filter(enterprise=enterprise_id, checked_on__range=(start, end)).exists():
        missing.append(CHECK)
    if not Filing.objects.filter(enterprise=enterprise_id, kind=Filing.Kind.PLEDGE, dated=start).exists():
        missing.append(PLEDGE)
    return missing


def supervised(unit, enterprises):
    """The operating enterprises a unit supervises: in its region's subtree, under one of its sectors
    (or any sector, for a unit that names none, such as the bureau itself)."""
    from enterprises.models import Enterprise
    from org.models import Sector

    qs = enterprises.filter(region__path__startswith=unit.region.path, status=Enterprise.Status.OPERATING)
    paths = list(unit.sectors.values_list("path", flat=True))
    if paths:
        q = Q()
        for p in paths:
            q |= Q(path__startswith=p)
        qs = qs.filter(sectors__in=Sector.objects.filter(q)).distinct()
    return qs


def supervising_units(enterprise):
    from org.models import Unit

    return Unit.objects.filter(active=True).supervising(enterprise)
