"""晾晒通报: units ranked for a period by on-time reporting, overdue items and 整改率.

Per unit (the units that have reporting slots or supervise hazards in the user's scope):
- 应报 / 按时 / 逾期报送 / 未报送: reporting slots due in the period and how they were handed in;
  按时报送率 = 按时 ÷ 应报.
- 逾期事项: hazards the unit supervises that are past their deadline today, plus plan tasks it leads
  that are past their deadline and not completed.
- 整改率: hazards it supervises discovered in the period (not rejected) accepted by the period's end.
Ranked by 按时报送率 (high first), then 逾期事项 (few first), then 整改率 (high first). A unit
with nothing due, overdue or found in the period is not ranked. The notice names exactly the
units the table marks (未报送 or 逾期事项).
Each figure is a grouped SQL count; the ranking itself sorts a few dozen units in Python.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from hazards.models import OVERDUE_STATES, Hazard, State
from org.models import Unit
from plans.models import Plan, Slot, Task


def _pct(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def ranking(user, start, end, today=None):
    today = today or timezone.localdate()
    slots = (Slot.objects.for_user(user).filter(due_date__gte=start, due_date__lte=end)
             .values("unit").annotate(due=Count("id"),
                                      submitted=Count("id", filter=Q(submitted_at__isnull=False)),
                                      late=Count("id", filter=Q(submitted_at__date__gt=F("due_date")))))
    by_unit = {r["unit"]: {"due": r["due"], "late": r["late"], "on_time": r["submitted"] - r["late"],
                           "missing": 0, "pending": 0} for r in slots}
    # Not handed in: missing once the due date passed, pending until then.
    for r in (Slot.objects.for_user(user).filter(due_date__gte=start, due_date__lte=end, submitted_at__isnull=True)
              .values("unit").annotate(missing=Count("id", filter=Q(due_date__lt=today)),
                                       pending=Count("id", filter=Q(due_date__gte=today)))):
        by_unit[r["unit"]].update(missing=r["missing"], pending=r["pending"])
    hazards = Hazard.objects.for_user(user).exclude(supervising_unit=None)
    for r in (hazards.filter(state__in=OVERDUE_STATES, deadline__lt=today).values("supervising_unit")
              .annotate(n=Count("id"))):
        by_unit.setdefault(r["supervising_unit"], {}).update(overdue_hazards=r["n"])
    found = hazards.filter(discovered_on__gte=start, discovered_on__lte=end).exclude(state=State.REJECTED)
    for r in found.values("supervising_unit").annotate(
            n=Count("id"), done=Count("id", filter=Q(accepted_at__date__lte=end))):
        by_unit.setdefault(r["supervising_unit"], {}).update(found=r["n"], rectified=r["done"])
    tasks = Task.objects.filter(plan__in=Plan.objects.for_user(user), deadline__lt=today, completed_at__isnull=True)
    for r in tasks.values("lead_units").annotate(n=Count("id", distinct=True)):
        if r["lead_units"]:
            by_unit.setdefault(r["lead_units"], {}).update(overdue_tasks=r["n"])
    units = Unit.objects.for_user(user).in_bulk(list(by_unit))
    rows = []
    for unit_id, f in by_unit.items():
        if unit_id not in units:
            continue
        row = {"unit": units[unit_id], "due": f.get("due", 0), "on_time": f.get("on_time", 0),
               "late": f.get("late", 0), "missing": f.get("missing", 0), "pending": f.get("pending", 0),
               "overdue_hazards": f.get("overdue_hazards", 0), "overdue_tasks": f.get("overdue_tasks", 0),
               "found": f.get("found", 0), "rectified": f.get("rectified", 0)}
        row["overdue"] = row["overdue_hazards"] + row["overdue_tasks"]
        if not (row["due"] or row["overdue"] or row["found"]):
            continue  # nothing due, late or found in the period: nothing to rank it on
        row["on_time_rate"] = _pct(row["on_time"], row["due"] - row["pending"])
        row["rectify_rate"] = _pct(row["rectified"], row["found"])
        # What the table marks in red, and the notice names: not handed in, or overdue.
        row["flagged"] = bool(row["missing"] or row["overdue"])
        rows.append(row)
    # A unit with nothing due (or nothing found) in the period is neither praised nor blamed: 100%.
    def rate(value):
        return value if value is not None else Decimal(100)

    rows.sort(key=lambda r: (-rate(r["on_time_rate"]), r["overdue"], -rate(r["rectify_rate"]), r["unit"].path))
    for n, r in enumerate(rows, 1):
        r["rank"] = n
    return rows

