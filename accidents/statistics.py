"""Monthly, quarterly and annual accident statistics: SQL aggregates over the user's scope."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

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
    rows = {r["m"]: _clean(r) for r in qs.filter(occurred_at__year=year).annotate(m=ExtractMonth("occurred_at"))
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
    rows = {r["y"]: _clean(r) for r in qs.filter(occurred_at__year__gte=first, occurred_at__year__lte=last_year)
            .annotate(y=ExtractYear("occurred_at")).values("y").annotate(**MEASURES).order_by()}
    return [{"year": y, **rows.get(y, _clean({}))} for y in range(first, last_year + 1)]
