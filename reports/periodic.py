"""Quarterly and annual hazard statistics (原安监总局令第16号: by the 15th of the month after
each quarter and by 31 January for the year) and the figures of the annual summary.

Per top-level 行业领域, over the period:
- 排查隐患 重大/一般: discovered in the period (not rejected);
- 已整改 重大/一般: of those, accepted by the period's end;
- 挂牌督办: 督办 opened in the period;
- 整改资金（万元）: the 五到位 funds of the 重大 hazards found;
- 期末未销号: found by the period's end, not rejected, not closed by then (the 动态清零 stock).
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hazards.models import Hazard, State, Supervision
from org.models import Sector

from core.stats import grouped_by_top_sector, rate

COLUMNS = [
    ("major", "重大隐患（项）"), ("general", "一般隐患（项）"), ("major_done", "重大已整改（项）"),
    ("general_done", "一般已整改（项）"), ("major_rate", "重大整改率（%）"), ("general_rate", "一般整改率（%）"),
    ("listed", "挂牌督办（项）"), ("funds", "整改资金（万元）"), ("open_at_end", "期末未销号（项）"),
]


def quarter_range(year, quarter):
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def due_date(year, quarter=None):
    """When the statistics are due: the 15th after the quarter, or 31 January after the year."""
    if quarter is None:
        return datetime.date(year + 1, 1, 31)
    _, end = quarter_range(year, quarter)
    return end + datetime.timedelta(days=15)


def _midnight_after(day):
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def hazard_statistics(user, start, end):
    from hazards import tally

    hazards = Hazard.objects.for_user(user)
    after = _midnight_after(end)
    where = tally.root(hazards)
    rolled = tally.period_by_top_sector(where, start, end) if where is not None else None
    if rolled is not None:
        counts, stock = rolled
    else:
        found = hazards.filter(discovered_on__gte=start, discovered_on__lte=end).exclude(state=State.REJECTED)
        accepted = Q(accepted_at__lt=after)
        counts = grouped_by_top_sector(found, "sector__path",
                          major=Count("id", filter=Q(level="major")), general=Count("id", filter=Q(level="general")),
                          major_done=Count("id", filter=Q(level="major") & accepted),
                          general_done=Count("id", filter=Q(level="general") & accepted),
                          funds=Sum("plan_funds", filter=Q(level="major")))
        stock = grouped_by_top_sector(hazards.filter(discovered_on__lte=end).exclude(state=State.REJECTED)
                         .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=after)), "sector__path",
                         open_at_end=Count("id"))
    listed = grouped_by_top_sector(Supervision.objects.for_user(user).filter(opened_at__gte=_midnight_after(
        start - datetime.timedelta(days=1)), opened_at__lt=after), "hazard__sector__path", listed=Count("id"))

    def row(key):
        r = {name: (counts.get(key, {}).get(name) or 0) for name in ("major", "general", "major_done", "general_done")}
        r["funds"] = Decimal(counts.get(key, {}).get("funds") or 0).quantize(Decimal("0.01"))
        r["listed"] = listed.get(key, {}).get("listed") or 0
        r["open_at_end"] = stock.get(key, {}).get("open_at_end") or 0
        r["major_rate"] = rate(r["major_done"], r["major"])
        r["general_rate"] = rate(r["general_done"], r["general"])
        return r

    tops = {s.path: s for s in Sector.objects.filter(depth=0)}
    keys = sorted({k for source in (counts, listed, stock) for k in source if k != "all" and k in tops})
    return {"start": start, "end": end, "columns": COLUMNS,
            "rows": [{"sector": tops[k].name, "sector_id": tops[k].pk, **row(k)} for k in keys],
            "total": {"sector": "合计", "sector_id": None, **row("all")}}
