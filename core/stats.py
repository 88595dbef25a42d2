"""The statistics engine of the official tables (调度统计表, 执法月报表, periodic reports):
figures grouped by top-level 行业领域, each one SQL aggregate.

A record counts under the top level of its own sector. Counts of records add up across rows;
distinct counts (家: enterprises) do not — a firm acted on in two sectors is one 家 in 合计 —
so those are named in `overall` and 合计 gets its own distinct aggregate.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models.functions import Substr

PREFIX = 12  # "/0000000001/": the top-level segment of a materialised path


def grouped_by_top_sector(qs, path_field, overall=(), **aggregates):
    """{top-level path prefix or "all": {name: value}}. Sums over all rows give "all" for
    counts; the names in `overall` (distinct counts) get their own aggregate over all rows."""
    rows = qs.annotate(top=Substr(path_field, 1, PREFIX)).values("top").annotate(**aggregates).order_by()
    out = {r["top"]: r for r in rows}
    out["all"] = {name: sum(r[name] or 0 for r in rows) for name in aggregates if name not in overall}
    if overall:
        out["all"].update(qs.aggregate(**{name: aggregates[name] for name in overall}))
    return out


def top_sectors(*sources):
    """Every active top-level sector, in tree order — a row with no record prints zeros, as the
    issued form does — and any inactive one that still has a figure in the grouped sources."""
    from org.models import Sector

    tops = {s.path: s for s in Sector.objects.filter(depth=0)}
    keys = {k for source in sources for k in source if k != "all" and k in tops}
    keys |= {path for path, s in tops.items() if s.active}
    return [tops[k] for k in sorted(keys)]


def rate(done, total):
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not total:
        return None
    return (Decimal(done) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
