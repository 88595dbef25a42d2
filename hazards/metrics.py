"""Hazard metrics (SPEC §4) and 动态清零, each one SQL aggregate over the
user's scope. Every figure comes with the list filter that reproduces it, so
the page can link each number to the records behind it."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import OPEN_STATES, OVERDUE_STATES, Hazard, State, Supervision

UNSPECIFIED = "（未指定）"  # a group's label when the hazards have none (no unit, no enterprise)

NOT_REJECTED = ~Q(state=State.REJECTED)


def _end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def figure_filters(today):
    """name -> (Q over Hazard, query-string fragment for the list)."""
    return {
        "total": (NOT_REJECTED, "rejected=false"),
        "major": (NOT_REJECTED & Q(level="major"), "rejected=false&level=major"),
        "general": (NOT_REJECTED & Q(level="general"), "rejected=false&level=general"),
        "open": (Q(state__in=OPEN_STATES), "open=true"),
        "rectified": (Q(state__in=[State.ACCEPTED, State.CLOSED]), "state=accepted&state=closed"),
        "closed": (Q(state=State.CLOSED), "state=closed"),
        "overdue": (Q(state__in=OVERDUE_STATES, deadline__lt=today), "overdue=true"),
        "major_open": (Q(level="major", state__in=OPEN_STATES), "level=major&open=true"),
        "rejected": (Q(state=State.REJECTED), "rejected=true"),
    }


def _counts(today):
    filters = figure_filters(today)
    agg = {name: Count("id", filter=q) for name, (q, _) in filters.items()}
    # 按期: rectified (submitted) no later than the original deadline; extensions don't help.
    agg["on_time"] = Count("id", filter=Q(state__in=[State.ACCEPTED, State.CLOSED],
                                          rectified_on__lte=F("original_deadline")))
    agg["funds"] = Sum("plan_funds", filter=NOT_REJECTED)
    return agg


def _rates(row):
    total, rectified = row.get("total") or 0, row.get("rectified") or 0
    row["close_rate"] = round(100 * (row.get("closed") or 0) / total, 1) if total else None
    row["on_time_rate"] = round(100 * (row.get("on_time") or 0) / rectified, 1) if rectified else None
    return row


GROUPS = {
    "sector": ("sector_id", "sector"),
    "unit": ("supervising_unit_id", "supervising_unit"),
    "source": ("source", "source"),
}
ADDITIVE = [*figure_filters(datetime.date.today()), "on_time", "funds"]


def grouped(qs, today):
    """One scan: the conditional counts per (sector, unit, source, state). Every figure
    on the page is a sum of these cells, so the table is read once, not once per view
    (the 工作台's summary and its charts too)."""
    from . import tally

    where = tally.root(qs)
    if where is not None:
        return tally.metric_cells(where, qs, today)
    keys = ["sector_id", "supervising_unit_id", "source", "state"]
    return list(qs.values(*keys).annotate(**_counts(today)).order_by())


def _labels(group, cells):
    """Names for the group keys present (a small lookup, not a join over every hazard)."""
    from org.models import Sector, Unit

    key = GROUPS[group][0]
    ids = {c[key] for c in cells if c[key] is not None}
    if group == "sector":
        return dict(Sector.objects.filter(pk__in=ids).values_list("pk", "name"))
    if group == "unit":
        return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return dict(Hazard.Source.choices)


def _add(target, cell):
    for k in ADDITIVE:
        target[k] = (target.get(k) or 0) + (cell[k] or 0)


def summary(qs, today=None, cells=None):
    today = today or timezone.localdate()
    cells = grouped(qs, today) if cells is None else cells
    row = {k: sum(cell[k] or 0 for cell in cells) for k in ADDITIVE}
    by_state = row["by_state"] = {}
    for cell in cells:
        # each cell holds one state; total + rejected counts every hazard in it
        by_state[cell["state"]] = by_state.get(cell["state"], 0) + cell["total"] + cell["rejected"]
    row["funds"] = row["funds"] or None
    # From the (few) open supervisions, each probing the scoped hazards by its key — not the ids of
    # every hazard in scope gathered first.
    row["listed"] = Supervision.objects.filter(lifted_at__isnull=True).filter(
        Exists(qs.order_by().filter(pk=OuterRef("hazard_id")))).count()
    return _rates(row)


def breakdown(qs, group, today=None, cells=None):
    today = today or timezone.localdate()
    cells = grouped(qs, today) if cells is None else cells
    key, param = GROUPS[group]
    labels = _labels(group, cells)
    rows = {}
    for cell in cells:
        r = rows.setdefault(cell[key], {"key": cell[key], "label": labels.get(cell[key]) or UNSPECIFIED,
                                        "param": f"{param}={cell[key]}" if cell[key] is not None else ""})
        _add(r, cell)
    return [_rates(r) for r in sorted(rows.values(), key=lambda r: (-r["total"], str(r["key"])))]


def page_figures(qs, today=None):
    """Summary and the three breakdowns from a single grouped query."""
    today = today or timezone.localdate()
    cells = grouped(qs, today)
    return {
        "summary": summary(qs, today, cells),
        **{f"by_{g}": breakdown(qs, g, today, cells) for g in GROUPS},
    }


CLEAR_KEYS = ("stock", "stock_open", "stock_cleared", "increment", "increment_open")
CLEAR_GROUPS = {"sector": ("sector_id", "sector"), "unit": ("supervising_unit_id", "supervising_unit"),
                "enterprise": ("enterprise_id", "enterprise")}


def clearance_links(cutoff, target, found=(None, None)):
    """The list behind each 动态清零 column. `found` is the page's 发现日期 range (from, to; either None) when
    the figures were counted over it: each link keeps it — the increment's lower bound is the later of the
    cutoff and the range's start — so each list shows its figure's number."""
    first, last = found
    bounds = "".join(f"&discovered_{name}={day:%Y-%m-%d}" for name, day in (("from", first), ("to", last)) if day)
    stock_q = f"level=major&open_on={cutoff - datetime.timedelta(days=1):%Y-%m-%d}{bounds}"
    since = max(cutoff, first) if first else cutoff
    increment_q = f"discovered_from={since:%Y-%m-%d}" + (f"&discovered_to={last:%Y-%m-%d}" if last else "")
    return {
        "stock": stock_q,
        "stock_open": stock_q + "&open=true",
        "stock_cleared": stock_q + f"&closed_to={target:%Y-%m-%d}",
        "increment": f"level=major&rejected=false&{increment_q}",
        "increment_open": f"level=major&open=true&{increment_q}",
    }


def clearance_cells(qs, cutoff, target):
    """动态清零 counts per (sector, unit) over 重大 hazards, in one query (`_clearance_groups`)."""
    return list(_clearance_groups(qs, cutoff, target, ("sector_id", "supervising_unit_id")))


def _clearance_groups(qs, cutoff, target, by):
    """The 动态清零 counts grouped by `by`. Stock: found before `cutoff` and still open at it. Increment:
    found from `cutoff` on. Cleared: stock closed by the end of `target`."""
    end_before = _end_of(cutoff - datetime.timedelta(days=1))
    stock = Q(discovered_on__lt=cutoff) & (Q(closed_at__isnull=True) | Q(closed_at__gt=end_before))
    inc = Q(discovered_on__gte=cutoff)
    agg = {
        "stock": Count("id", filter=stock),
        "stock_open": Count("id", filter=stock & Q(state__in=OPEN_STATES)),
        "stock_cleared": Count("id", filter=stock & Q(closed_at__lte=_end_of(target))),
        "increment": Count("id", filter=inc),
        "increment_open": Count("id", filter=inc & Q(state__in=OPEN_STATES)),
    }
    major = qs.filter(level="major").exclude(state=State.REJECTED)
    return major.values(*by).annotate(**agg).order_by()


def _clear_labels(group, ids):
    from enterprises.models import Enterprise
    from org.models import Sector, Unit

    model = {"sector": Sector, "unit": Unit, "enterprise": Enterprise}[group]
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


def clearance(qs, cutoff, target, group=None, cells=None, limit=None, found=(None, None)):
    """Rows (one for the whole scope, or one per group, the least cleared first) and the list links of
    each column. `cells` from `clearance_cells` serve the total, sector and unit; enterprises are
    grouped and — with `limit` — ranked and cut in SQL (a province has tens of thousands)."""
    if group is None:
        cells = clearance_cells(qs, cutoff, target) if cells is None else cells
        row = {k: sum(c[k] for c in cells) for k in CLEAR_KEYS}
        row["param"] = ""
        rows = [row]
    else:
        key, param = CLEAR_GROUPS[group]
        if group == "enterprise":
            cells = _ranked_enterprises(qs, cutoff, target, limit)
        elif cells is None:
            cells = clearance_cells(qs, cutoff, target)
        grouped = {}
        for c in cells:
            r = grouped.setdefault(c[key], {"key": c[key], **{k: 0 for k in CLEAR_KEYS}})
            for k in CLEAR_KEYS:
                r[k] += c[k]
        labels = _clear_labels(group, [k for k in grouped if k is not None])
        rows = [r for r in grouped.values() if r["stock"] or r["increment"]]
        for r in rows:
            r["label"] = labels.get(r["key"]) or UNSPECIFIED
            r["param"] = f"{param}={r['key']}" if r["key"] is not None else ""
        rows.sort(key=lambda r: (-r["stock_open"], -r["stock"], r["label"]))
    for r in rows:
        r.update(clear_state(r))
    return rows, clearance_links(cutoff, target, found)


def _ranked_enterprises(qs, cutoff, target, limit):
    """Per enterprise, those with stock or increment, in the page's order (least cleared first, then by
    name); the first `limit` of them when given."""
    groups = _clearance_groups(qs, cutoff, target, ("enterprise_id",)).filter(Q(stock__gt=0) | Q(increment__gt=0))
    if limit is None:
        return list(groups)
    name = Coalesce("enterprise__name", Value(UNSPECIFIED))
    return list(groups.annotate(label=name).order_by("-stock_open", "-stock", "label")[:limit])


def clear_state(r):
    """动态清零, one rule for the total and every row (sector, unit, enterprise): the stock all closed by
    the target day (存量清零) and no increment left open (增量动态清零). `zero` is both; `stock_zero`
    the stock alone; `state` says which is missing."""
    stock_zero = r["stock"] == r["stock_cleared"]
    increment_zero = r["increment_open"] == 0
    if stock_zero and increment_zero:
        state = "已清零"
    elif stock_zero:
        state = "增量未清零"
    elif increment_zero:
        state = "存量未清零"
    else:
        state = "存量、增量均未清零"
    return {"stock_zero": stock_zero, "zero": stock_zero and increment_zero, "state": state}
