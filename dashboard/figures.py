"""工作台 figures. Every number is one SQL aggregate over the user's scope."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q

from enterprises.models import Enterprise
from org.models import Person, Sector, Unit, WorkingGroup


def enterprise_figures(user, board=None):
    from enterprises import attention

    qs = Enterprise.objects.for_user(user)
    needs = attention.conditions()
    figures = qs.aggregate(
        total=Count("id"),
        operating=Count("id", filter=Q(status=Enterprise.Status.OPERATING)),
        suspended=Count("id", filter=Q(status=Enterprise.Status.SUSPENDED)),
        cancelled=Count("id", filter=Q(status=Enterprise.Status.CANCELLED)),
        two_plus_one=Count("id", filter=Q(is_two_plus_one=True) & ~Q(status=Enterprise.Status.CANCELLED)),
        not_graded=Count("id", filter=Q(standardization_level=Enterprise.Standardization.NONE)),
        **{key: Count("id", filter=condition) for key, condition in needs.items()},
    )
    figures["key_people"] = key_people_figure(user, board)
    return figures


def key_people_figure(user, board=None):
    """主要负责人和安全管理人员培训 as the 全覆盖 board counts it (one definition): the first target
    with that rule the user reads, its uncovered enterprises and the link to that list — taken from the
    `board` (safety.coverage.board) when the page has read it already."""
    from org.roles import may_read
    from safety import coverage
    from safety.models import CoverageTarget

    if not may_read(user, "coverage"):
        return None
    if board is None:  # only the first such target, evaluated on its own
        target = (CoverageTarget.objects.for_user(user).filter(rule=CoverageTarget.Rule.KEY_PEOPLE_TRAINED)
                  .select_related("region", "sector").order_by("id").first())
        board = [coverage.evaluate(target, user)] if target else []
    results = [r for r in board if r.target.rule == CoverageTarget.Rule.KEY_PEOPLE_TRAINED]
    result = min(results, key=lambda r: r.target.pk, default=None)
    return result and {"missing": result.missing, "target": result.target}


def _sectors(user):
    """Every sector, read once per request for the figures that group by the top-level sector (kept on the
    request's user, as the scope is)."""
    cached = getattr(user, "_zhiben_sectors", None)
    if cached is None:
        cached = user._zhiben_sectors = list(Sector.objects.order_by("sort_order", "id"))
    return cached


def enterprises_by_top_sector(user):
    """Distinct enterprises per top-level sector, in one grouped query (the statistics engine's grouping by
    the sector path's top segment)."""
    from core.stats import PREFIX, grouped_by_top_sector

    roots = [s for s in _sectors(user) if s.depth == 0 and s.active]
    if not roots:
        return []
    through = Enterprise.sectors.through
    counts = grouped_by_top_sector(
        through.objects.filter(enterprise__in=Enterprise.objects.for_user(user).exclude(status="cancelled")),
        "sector__path", n=Count("enterprise_id", distinct=True))
    return [{"sector": root, "count": counts.get(root.path[:PREFIX], {}).get("n", 0)} for root in roots]


def org_figures(user):
    from core.stats import counts

    return counts(units=Unit.objects.for_user(user).filter(active=True),
                  people=Person.objects.for_user(user).filter(active=True),
                  groups=WorkingGroup.objects.for_user(user).filter(active=True))


def field_work_figures(user, today):
    """Tip-offs waiting or past their 办结期限, inspections under way, this month's enforcement actions."""
    from core.stats import counts
    from inspections.models import EnforcementAction, Inspection
    from tipoffs.models import TipOff

    open_states = [TipOff.State.SUBMITTED, TipOff.State.ACCEPTED, TipOff.State.VERIFYING]
    tips = TipOff.objects.for_user(user)
    first = today.replace(day=1)
    figures = counts(
        waiting=tips.filter(state=TipOff.State.SUBMITTED),
        late=tips.filter(state__in=open_states, due_on__lt=today),
        inspections=Inspection.objects.for_user(user).filter(
            status__in=[Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS]),
        actions=EnforcementAction.objects.for_user(user).filter(  # a range on the (region, decided_on) index
            decided_on__gte=first, decided_on__lt=(first + datetime.timedelta(days=32)).replace(day=1)),
    )
    return {**figures, "year": today.year, "month": today.month}


def hazard_charts(user, today, cells=None):
    """Chart data for the 工作台, each series a grouped SQL count over the user's hazards:
    found and accepted per month (last 12 months), open by top-level sector, by source, by
    supervising unit. Each bar carries the list URL that shows exactly its records."""
    from django.db.models import Count

    from core import stats

    from hazards import metrics, tally
    from hazards.models import Hazard, State

    qs = Hazard.objects.for_user(user)
    # The twelve months ending with this one (counted in months: "335 days back" lost the
    # current month on the 1st of a month).
    back = today.year * 12 + today.month - 1 - 11
    first = datetime.date(back // 12, back % 12 + 1, 1)
    months = [(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1) for i in range(12)]
    def per_month(rows):
        return {(int(m[:4]), int(m[5:7])): n for m, n in rows.values("m").annotate(n=Count("id")).values_list("m", "n")}

    where = tally.root(qs)
    if where is not None:  # the region's roll-up rows (hazards/tally.py), not its hazards
        since = f"{first:%Y-%m}"
        found, accepted = ({(int(m[:4]), int(m[5:7])): n for m, n in series.items()}
                           for series in tally.found_and_accepted(where, since))
    else:
        found = per_month(qs.filter(discovered_on__gte=first).exclude(state=State.REJECTED)
                          .annotate(m=stats.month_of("discovered_on")))
        accepted = per_month(qs.filter(stats.on_or_after("accepted_at", first))
                             .annotate(m=stats.month_of("accepted_at")))

    def span(y, m):
        last = datetime.date(y + m // 12, m % 12 + 1, 1) - datetime.timedelta(days=1)
        return f"{y}-{m:02d}-01", last.isoformat()

    trend = {"months": [f"{y}-{m:02d}" for y, m in months], "found": [found.get(k, 0) for k in months],
             "accepted": [accepted.get(k, 0) for k in months],
             "found_urls": ["/hazards/?rejected=false&discovered_from={}&discovered_to={}".format(*span(*k)) for k in months],
             "accepted_urls": ["/hazards/?accepted_from={}&accepted_to={}".format(*span(*k)) for k in months]}
    # The bars are sums of the summary's cells (hazards.metrics.grouped): the same figures, no scan of their own.
    cells = metrics.grouped(qs, today) if cells is None else cells
    sectors = _sectors(user)
    tops = {s.path: s for s in sectors if s.depth == 0}
    top_of = {s.pk: s.path[:stats.PREFIX] for s in sectors}
    labels = dict(Hazard.Source.choices)
    per_top, per_source, per_unit = defaultdict(int), defaultdict(int), defaultdict(lambda: [0, 0])
    for c in cells:
        per_top[top_of.get(c["sector_id"])] += c["open"]
        per_source[c["source"]] += c["total"]
        if c["supervising_unit_id"] is not None:
            per_unit[c["supervising_unit_id"]][0] += c["open"]
            per_unit[c["supervising_unit_id"]][1] += c["overdue"]
    by_sector = [{"name": tops[top].name, "value": n, "url": f"/hazards/?open=true&sector={tops[top].pk}"}
                 for top, n in sorted(per_top.items(), key=lambda kv: -kv[1]) if n and top in tops]
    by_source = [{"name": labels.get(source, source), "value": n, "url": f"/hazards/?rejected=false&source={source}"}
                 for source, n in sorted(per_source.items(), key=lambda kv: -kv[1]) if n]
    open_units = sorted(((n, pk, late) for pk, (n, late) in per_unit.items() if n), reverse=True)[:12]
    names = dict(Unit.objects.filter(pk__in=[pk for _, pk, _ in open_units]).values_list("pk", "name"))
    by_unit = [{"name": names.get(pk, ""), "open": n, "overdue": late,
                "url": f"/hazards/?open=true&supervising_unit={pk}", "overdue_url": f"/hazards/?overdue=true&supervising_unit={pk}"}
               for n, pk, late in open_units]
    return {"trend": trend, "by_sector": by_sector, "by_source": by_source, "by_unit": by_unit}


def report_figures(user, today, board=None):
    """Coverage targets reached (of the `board`, safety.coverage.board) and this year's reporting slots not
    handed in on time."""
    from plans.models import Slot
    from safety import coverage

    results = coverage.board(user) if board is None else board
    year_start = datetime.date(today.year, 1, 1)
    slots = Slot.objects.for_user(user).filter(due_date__gte=year_start, due_date__lt=today,
                                               submitted_at__isnull=True).count()
    return {"targets": len(results), "reached": sum(1 for r in results if r.reached), "missing_slots": slots,
            "year_start": year_start}
