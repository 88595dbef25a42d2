"""Monthly, quarterly and annual accident statistics: SQL aggregates over the user's scope, grouped by the
local month or year the database computes (core.stats, the one date helper of every trend)."""

import datetime

from django.db.models import Count, Q, Sum

from core import stats

from .models import Accident

MEASURES = {
    "count": Count("id"),
    "deaths": Sum("deaths"),
    "serious_injuries": Sum("serious_injuries"),
    "direct_loss": Sum("direct_loss"),
    "larger_up": Count("id", filter=~Q(grade=Accident.Grade.GENERAL)),
}


def _clean(row):
    return {k: (row.get(k) or 0) for k in MEASURES}


def by_month(qs, year):
    in_year = stats.within_days("occurred_at", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    rows = {int(r["m"][5:7]): _clean(r) for r in qs.filter(in_year).annotate(m=stats.month_of("occurred_at"))
            .values("m").annotate(**MEASURES).order_by()}
    return [{"month": m, **rows.get(m, _clean({}))} for m in range(1, 13)]


def by_quarter(months):
    out = []
    for q in range(4):
        part = months[q * 3:(q + 1) * 3]
        out.append({"quarter": q + 1, **{k: sum(m[k] for m in part) for k in MEASURES}})
    return out


def by_year(qs, last_year, span=5):
    first = last_year - span + 1
    years = stats.within_days("occurred_at", datetime.date(first, 1, 1), datetime.date(last_year, 12, 31))
    rows = {int(r["y"]): _clean(r) for r in qs.filter(years).annotate(y=stats.year_of("occurred_at"))
            .values("y").annotate(**MEASURES).order_by()}
    return [{"year": y, **rows.get(y, _clean({}))} for y in range(first, last_year + 1)]
