"""The statistics engine of the official tables (调度统计表, 执法月报表, periodic reports):
figures grouped by top-level 行业领域, each one SQL aggregate.

A record counts under the top level of its own sector. Counts of records add up across rows;
distinct counts (家: enterprises) do not — a firm acted on in two sectors is one 家 in 合计 —
so those are named in `overall` and 合计 gets its own distinct aggregate.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, DateTimeField, F, Func, Q
from django.db.models.functions import Cast, Substr, TruncDay

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


def counts(**querysets):
    """{name: how many rows} for several querysets in one statement — `SELECT (SELECT COUNT(*) …), …` — not a
    round trip (and a plan) each: the 工作台's small figures. An empty queryset (`none()`) counts 0."""
    from django.db import connections

    names, parts, params, using = [], [], [], None
    for name, qs in querysets.items():
        if qs.query.is_empty():
            continue
        sql, p = qs.order_by().values("pk").query.sql_with_params()
        names.append(name)
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) subquery)")
        params.extend(p)
        using = using or qs.db
    out = dict.fromkeys(querysets, 0)
    if parts:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            out.update(zip(names, cursor.fetchone()))
    return out


def rate(done, total):
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not total:
        return None
    return (Decimal(done) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- dates in SQL ------------------------------------------------------------------------------
# Trends and statistics group and filter by local calendar dates computed by the database on the
# stored value: never a Python function called per row (Django's date casts and Trunc* on SQLite
# are), and ranges compare the column itself so an index on it serves them.


def _fixed_offset():
    """The project's zone offset as SQLite's modifier ('+8 hours'); None when the zone keeps
    summer time (China has not since 1991), and the callers then fall back to Django's Trunc."""
    import datetime
    import zoneinfo

    from django.conf import settings

    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    offsets = {datetime.datetime(2026, m, 1, tzinfo=zone).utcoffset() for m in (1, 7)}
    if len(offsets) != 1:
        return None
    minutes = int(offsets.pop().total_seconds() // 60)
    return f"{minutes:+d} minutes"


class _LocalText(Func):
    """Text of a local date or datetime, cut to `length` ('YYYY' 4, 'YYYY-MM' 7, 'YYYY-MM-DD' 10)."""

    output_field = CharField()

    def __init__(self, expression, length, **extra):
        self.length = length
        super().__init__(expression, **extra)

    def _is_datetime(self):
        return isinstance(self.source_expressions[0].output_field, DateTimeField)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if self._is_datetime():
            offset = _fixed_offset()
            if offset is None:
                return compiler.compile(Substr(Cast(TruncDay(self.source_expressions[0]), CharField()), 1, self.length))
            return f"substr(datetime({sql}, '{offset}'), 1, {self.length})", params
        return f"substr({sql}, 1, {self.length})", params

    def as_postgresql(self, compiler, connection, **extra):
        from django.utils import timezone

        sql, params = compiler.compile(self.source_expressions[0])
        pattern = {4: "YYYY", 7: "YYYY-MM", 10: "YYYY-MM-DD"}[self.length]
        if self._is_datetime():
            return f"to_char(({sql}) AT TIME ZONE %s, '{pattern}')", (*params, timezone.get_current_timezone_name())
        return f"to_char({sql}, '{pattern}')", params

    def as_sql(self, compiler, connection, **extra):  # other databases: Django's own (slower) functions
        return compiler.compile(Substr(Cast(TruncDay(self.source_expressions[0]), CharField()), 1, self.length))


def month_of(field):
    """'YYYY-MM' of a date or datetime column (local time), for grouping a trend by month."""
    return _LocalText(F(field), 7)


def year_of(field):
    """'YYYY' of a date or datetime column (local time), for grouping by year."""
    return _LocalText(F(field), 4)


def on_or_after(field, day):
    """Q: a datetime column at or after the start of local `day` — a range on the column itself."""
    return Q(**{f"{field}__gte": _day_start(day)})


def before_day_after(field, day):
    """Q: a datetime column before the end of local `day` (i.e. on or before that day)."""
    import datetime

    return Q(**{f"{field}__lt": _day_start(day + datetime.timedelta(days=1))})


def within_days(field, first, last):
    """Q: a datetime column on local days first..last, both included."""
    return on_or_after(field, first) & before_day_after(field, last)


def _day_start(day):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
