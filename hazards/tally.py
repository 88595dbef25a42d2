"""Roll-ups of the hazard register (issue 23 §3): the province's figures read a few thousand rows,
not a million hazards.

Two tables, each row counting the hazards of one key under one region — the hazard's own region
and every region above it, so a province reads its own rows and a county its own:

- `HazardTally`: region × sector × supervising unit × source × level × state → hazards, 按期整改, funds
  (the metrics, the 工作台's summary and its open-by-sector/source/unit charts);
- `HazardMonthTally`: region × sector × level × rejected × kind × month × month found → hazards, funds,
  where kind is found (发现), accepted (验收) or closed (销号) and month that event's local month (the
  工作台's trend and the quarterly/annual statistics).

They are kept by `Hazard.save()`/delete in the same transaction as the change (`record`), and rebuilt
from the register by `manage.py rebuild_tallies` (`rebuild`). A figure that a tally cannot answer
exactly — a filtered list, a sector-limited or enterprise scope, a period not in whole months, the
overdue count (it moves with the calendar) — is counted live. Readers call `root()` first.
"""

import contextlib
import contextvars
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.rollup import upsert

TALLY_KEY = ("region_id", "sector_id", "unit_id", "source", "level", "state")
TALLY_VALUES = ("n", "on_time", "funds")
MONTH_KEY = ("region_id", "sector_id", "level", "rejected", "kind", "month", "found_month")
MONTH_VALUES = ("n", "funds")
FOUND, ACCEPTED, CLOSED = "found", "accepted", "closed"
FIELDS = ("region_id", "sector_id", "supervising_unit_id", "source", "level", "state", "discovered_on",
          "accepted_at", "closed_at", "rectified_on", "original_deadline", "plan_funds")


# --- which scope a tally answers ----------------------------------------------------------------


def mark(qs, user):
    """Called by `Hazard.objects.for_user`: remember the region whose rows a tally holds when the
    user's scope is exactly a region's subtree. Any later filter clones the queryset and drops it."""
    from org.scope import whole_region

    root = whole_region(user)
    if root is not None:
        qs._tally_root = root
    return qs


_live = contextvars.ContextVar("tally_live", default=False)


def root(qs):
    """The region id (or "all") a tally reads for this queryset, or None: count it live."""
    return None if _live.get() else getattr(qs, "_tally_root", None)


@contextlib.contextmanager
def live():
    """Count every figure from the register inside this block (the check that tallies equal it)."""
    token = _live.set(True)
    try:
        yield
    finally:
        _live.reset(token)


def _region_filter(model, where):
    from org.models import Region

    if where == "all":
        return model.objects.filter(region_id__in=Region.objects.filter(depth=0).values("pk"))
    return model.objects.filter(region_id=where)


def tally_rows(where):
    from .models import HazardTally

    return _region_filter(HazardTally, where)


def month_rows(where):
    from .models import HazardMonthTally

    return _region_filter(HazardMonthTally, where)


# --- keeping them ------------------------------------------------------------------------------


def snapshot(hazard, fields=None, base=None):
    """The values of a hazard the tallies depend on (a tuple in FIELDS order). With `fields`, take
    only those from the instance and the rest from `base` (a save with update_fields)."""
    if fields is None or base is None:
        return tuple(getattr(hazard, name) for name in FIELDS)
    wanted = {f if f.endswith("_id") or f not in ("region", "sector", "supervising_unit") else f + "_id" for f in fields}
    return tuple(getattr(hazard, name) if name in wanted else old for name, old in zip(FIELDS, base))


def loaded_snapshot(hazard):
    """The snapshot taken when the row was read, or one read now (a deferred or unsaved row)."""
    from .models import Hazard

    snap = getattr(hazard, "_tally_before", None)
    if snap is not None or hazard.pk is None:
        return snap
    values = Hazard.objects.filter(pk=hazard.pk).values_list(*FIELDS).first()
    return tuple(values) if values else None


def _local_month(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year:04d}-{value.month:02d}"


def _contributions(snap, paths):
    """{(table, key): values} that one hazard adds to the tallies."""
    if snap is None:
        return {}
    d = dict(zip(FIELDS, snap))
    ancestors = _ancestors(paths.get(d["region_id"], ""))
    rejected = d["state"] == "rejected"
    funds = Decimal(d["plan_funds"] or 0) if not rejected else Decimal(0)
    on_time = int(d["state"] in ("accepted", "closed") and d["rectified_on"] is not None
                  and d["original_deadline"] is not None and d["rectified_on"] <= d["original_deadline"])
    found = _local_month(d["discovered_on"])
    out = {}
    for region_id in ancestors:
        key = (region_id, d["sector_id"], d["supervising_unit_id"] or 0, d["source"], d["level"], d["state"])
        out[("tally", key)] = (1, on_time, funds)
        out[("month", (region_id, d["sector_id"], d["level"], rejected, FOUND, found, found))] = (
            1, Decimal(d["plan_funds"] or 0))
        for kind, field in ((ACCEPTED, "accepted_at"), (CLOSED, "closed_at")):
            if d[field] is not None:
                out[("month", (region_id, d["sector_id"], d["level"], rejected, kind, _local_month(d[field]),
                               found))] = (1, Decimal(0))
    return out


def _ancestors(path):
    from core.models import ids_in_path

    return ids_in_path(path) if path else []


def record(before, after):
    """Move one hazard's contribution from `before` to `after` (snapshots; None = absent), in the
    caller's transaction: two statements at most, one per table."""
    if before == after:
        return
    from org.models import Region

    region_ids = {s[0] for s in (before, after) if s is not None}
    paths = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "path"))
    delta = defaultdict(lambda: None)
    for sign, snap in ((-1, before), (1, after)):
        for k, values in _contributions(snap, paths).items():
            old = delta[k] or tuple(0 for _ in values)
            delta[k] = tuple(o + sign * v for o, v in zip(old, values))
    changes = {k: v for k, v in delta.items() if any(v)}
    _upsert("tally", [k + v for (t, k), v in changes.items() if t == "tally"])
    _upsert("month", [k + v for (t, k), v in changes.items() if t == "month"])


def on_delete(sender, instance, **kwargs):
    record(loaded_snapshot(instance), None)


def on_region_moved(sender, node, **kwargs):
    """A region under a new parent: its hazards count under other ancestors now."""
    rebuild()


def _table(kind):
    from .models import HazardMonthTally, HazardTally

    if kind == "tally":
        return HazardTally._meta.db_table, TALLY_KEY, TALLY_VALUES
    return HazardMonthTally._meta.db_table, MONTH_KEY, MONTH_VALUES


def _upsert(kind, rows):
    """Add `rows` (key + values) to the table."""
    upsert(*_table(kind), rows)


# --- rebuilding them ---------------------------------------------------------------------------


def rebuild():
    """Recount both tables from the register: grouped SQL per own region, folded up the tree here."""
    from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Sum, Value
    from django.db.models.functions import Coalesce

    from core import stats
    from org.models import Region

    from .models import Hazard, HazardMonthTally, HazardTally

    paths = dict(Region.objects.values_list("pk", "path"))
    tally = defaultdict(lambda: [0, 0, Decimal(0)])
    months = defaultdict(lambda: [0, Decimal(0)])
    done = Q(state__in=["accepted", "closed"], rectified_on__lte=F("original_deadline"))
    for r in (Hazard.objects.order_by().values("region_id", "sector_id", "supervising_unit_id", "source", "level",
                                                "state")
              .annotate(n=Count("id"), on_time=Count("id", filter=done), funds=Sum("plan_funds"))):
        funds = Decimal(r["funds"] or 0) if r["state"] != "rejected" else Decimal(0)
        for region_id in _ancestors(paths.get(r["region_id"], "")):
            cell = tally[(region_id, r["sector_id"], r["supervising_unit_id"] or 0, r["source"], r["level"],
                          r["state"])]
            cell[0] += r["n"]
            cell[1] += r["on_time"]
            cell[2] += funds
    base = Hazard.objects.order_by().annotate(found=stats.month_of("discovered_on"),
                                              rejected=ExpressionWrapper(Q(state="rejected"),
                                                                                output_field=BooleanField()))
    for kind, field in ((FOUND, None), (ACCEPTED, "accepted_at"), (CLOSED, "closed_at")):
        qs = base.annotate(month=stats.month_of(field)).filter(**{f"{field}__isnull": False}) if field else \
            base.annotate(month=F("found"))
        funds = Coalesce(Sum("plan_funds"), Value(Decimal(0))) if kind == FOUND else Value(Decimal(0))
        for r in qs.values("region_id", "sector_id", "level", "rejected", "month", "found").annotate(
                n=Count("id"), funds=funds):
            for region_id in _ancestors(paths.get(r["region_id"], "")):
                cell = months[(region_id, r["sector_id"], r["level"], bool(r["rejected"]), kind, r["month"],
                               r["found"])]
                cell[0] += r["n"]
                cell[1] += Decimal(r["funds"] or 0)
    with transaction.atomic():
        HazardTally.objects.all().delete()
        HazardMonthTally.objects.all().delete()
        HazardTally.objects.bulk_create(
            (HazardTally(**dict(zip(TALLY_KEY + TALLY_VALUES, k + tuple(v)))) for k, v in tally.items()),
            batch_size=2000)
        HazardMonthTally.objects.bulk_create(
            (HazardMonthTally(**dict(zip(MONTH_KEY + MONTH_VALUES, k + tuple(v)))) for k, v in months.items()),
            batch_size=2000)
    return len(tally), len(months)


# --- reading them --------------------------------------------------------------------------------


def overdue_groups(qs, today):
    """The live 逾期 count per (sector, unit, source, state), read from the index that holds those columns
    (hazard_open_overdue: state, region, deadline, sector, unit, source)."""
    from django.db.models import Count

    from .models import OVERDUE_STATES

    return (qs.filter(state__in=OVERDUE_STATES, deadline__lt=today).order_by()
            .values("sector_id", "supervising_unit_id", "source", "state").annotate(n=Count("id")))


def metric_cells(where, qs, today):
    """hazards.metrics' grouped cells — (sector, unit, source, state) with its conditional counts —
    from the tally, the overdue count live from `qs` (an index on (state, deadline))."""
    from django.db.models import Q, Sum

    from .models import OPEN_STATES

    open_states = frozenset(OPEN_STATES)
    zero = dict.fromkeys(("total", "major", "general", "open", "rectified", "closed", "overdue", "major_open",
                          "rejected", "on_time"), 0)
    cells = {}

    def cell(sector_id, unit_id, source, state):
        key = (sector_id, unit_id or None, source, state)
        found = cells.get(key)
        if found is None:
            found = cells[key] = {"sector_id": sector_id, "supervising_unit_id": unit_id or None, "source": source,
                                  "state": state, **zero, "funds": Decimal(0)}
        return found

    # The two levels summed in SQL (重大 apart): half the rows for Python to add up.
    rows = (tally_rows(where).filter(n__gt=0).values_list("sector_id", "unit_id", "source", "state")
            .annotate(hazards=Sum("n"), majors=Sum("n", filter=Q(level="major")), timely=Sum("on_time"),
                      money=Sum("funds")).order_by())
    for sector_id, unit_id, source, state, n, major, on_time, funds in rows:
        c = cell(sector_id, unit_id, source, state)
        if state == "rejected":
            c["rejected"] += n
            continue
        major = major or 0
        c["total"] += n
        c["major"] += major
        c["general"] += n - major
        if state in open_states:
            c["open"] += n
            c["major_open"] += major
        if state in ("accepted", "closed"):
            c["rectified"] += n
            if state == "closed":
                c["closed"] += n
        c["on_time"] += on_time
        if funds:
            c["funds"] += Decimal(funds)
    for sector_id, unit_id, source, state, n in overdue_groups(qs, today).values_list(
            "sector_id", "supervising_unit_id", "source", "state", "n"):
        cell(sector_id, unit_id, source, state)["overdue"] += n
    return list(cells.values())


def _tops():
    """sector id -> its top-level sector's path prefix."""
    from core.stats import PREFIX
    from org.models import Sector

    return {pk: path[:PREFIX] for pk, path in Sector.objects.values_list("pk", "path")}


def total(where):
    """How many hazards the region's subtree holds, every state: the unfiltered list's count."""
    from django.db.models import Sum

    return tally_rows(where).aggregate(n=Sum("n"))["n"] or 0


def found_and_accepted(where, first_month):
    """The 工作台's trend from `first_month` on, in one read: {'YYYY-MM': hazards found (not rejected)} and
    {'YYYY-MM': hazards accepted}."""
    from django.db.models import Q, Sum

    rows = (month_rows(where).filter(Q(kind=FOUND, rejected=False) | Q(kind=ACCEPTED), month__gte=first_month, n__gt=0)
            .values("kind", "month").annotate(n=Sum("n")).values_list("kind", "month", "n"))
    series = {FOUND: {}, ACCEPTED: {}}
    for kind, month, n in rows:
        if n:
            series[kind][month] = n
    return series[FOUND], series[ACCEPTED]


def counts_by(where, field, states=None, exclude_states=()):
    """{sector id / unit id / source: hazards} in the given states."""
    from django.db.models import Sum

    rows = tally_rows(where).filter(n__gt=0)
    if states is not None:
        rows = rows.filter(state__in=states)
    if exclude_states:
        rows = rows.exclude(state__in=exclude_states)
    return {k: n for k, n in rows.values(field).annotate(n=Sum("n")).values_list(field, "n") if n}


def period_by_top_sector(where, start, end):
    """The quarterly/annual statistics' counts per top-level sector (reports.periodic), or None when
    the period is not whole months (counted live then)."""
    from django.db.models import Q, Sum

    if start.day != 1 or (end + datetime.timedelta(days=1)).day != 1:
        return None
    first, last = _local_month(start), _local_month(end)
    tops = _tops()
    rows = month_rows(where).filter(rejected=False, n__gt=0)
    counts, stock = defaultdict(lambda: defaultdict(int)), defaultdict(lambda: {"open_at_end": 0})
    for r in (rows.filter(Q(kind=FOUND, month__gte=first, month__lte=last)
                          | Q(kind=ACCEPTED, month__lte=last, found_month__gte=first, found_month__lte=last))
              .values("sector_id", "level", "kind").annotate(n=Sum("n"), funds=Sum("funds"))):
        c = counts[tops.get(r["sector_id"], "")]
        name = r["level"] + ("_done" if r["kind"] == ACCEPTED else "")
        c[name] += r["n"]
        if r["kind"] == FOUND and r["level"] == "major":
            c["funds"] += Decimal(r["funds"] or 0)
    for r in (rows.filter(Q(kind=FOUND, month__lte=last) | Q(kind=CLOSED, month__lte=last, found_month__lte=last))
              .values("sector_id", "kind").annotate(n=Sum("n"))):
        stock[tops.get(r["sector_id"], "")]["open_at_end"] += r["n"] if r["kind"] == FOUND else -r["n"]
    names = ("major", "general", "major_done", "general_done", "funds")
    counts = {k: {name: v.get(name, 0) for name in names} for k, v in counts.items()}
    counts["all"] = {name: sum(v[name] for v in counts.values()) for name in names}
    stock = {k: v for k, v in stock.items() if v["open_at_end"]}
    stock["all"] = {"open_at_end": sum(v["open_at_end"] for v in stock.values())}
    return counts, stock
