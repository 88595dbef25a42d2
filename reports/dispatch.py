"""调度统计表 (attachment 2 of the Yunxi sample; SPEC §11), for any period and region.

Counting rules (also in README):
- 组织督查组（个）: inspections completed in the period (by 实际检查日期), one team each.
- 组织督查人员（人次）: their team members and experts, summed over the inspections.
- 督查检查单位数（家）: distinct enterprises among those inspections' targets.
- 重大/其他隐患数（项）: hazards discovered in the period (by 发现日期), not rejected.
- 重大/其他隐患已整改数: of those, the ones whose acceptance (验收通过) is dated on or before the
  period's last day — so a past period's table does not change later.
- 整改率（%）: 已整改 ÷ 隐患数, one decimal; "—" when there were none.
- 责令限期整改 / 行政处罚（含一案双罚）/ 停产停业整顿（家）: distinct enterprises with such an action
  decided in the period (by 决定日期).
Rows are the top-level 行业领域 (a record counts under its own sector's top level); 合计 counts
distinct enterprises over all rows, so a firm in two rows is one 家 in 合计.
Every figure is one SQL aggregate grouped by the top-level sector's path prefix.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from core.stats import grouped_by_top_sector, rate, top_sectors
from hazards.models import Hazard, State
from inspections.models import EnforcementAction, Inspection

COLUMNS = [
    ("teams", "组织督查组", "个"), ("people", "组织督查人员", "人次"), ("units", "督查检查单位数", "家"),
    ("major", "重大隐患数", "项"), ("general", "其他隐患数", "项"), ("major_done", "重大隐患已整改数", "项"),
    ("general_done", "其他隐患已整改数", "项"), ("major_rate", "重大隐患整改率", "%"),
    ("general_rate", "其他隐患整改率", "%"), ("order", "责令限期整改", "家"), ("penalty", "行政处罚", "家"),
    ("suspension", "停产停业整顿", "家"),
]
COUNTS = [k for k, *_ in COLUMNS if not k.endswith("rate")]


def scoped_sources(user, region=None):
    inspections = Inspection.objects.for_user(user)
    hazards = Hazard.objects.for_user(user)
    actions = EnforcementAction.objects.for_user(user)
    if region is not None:
        inspections = inspections.filter(region__path__startswith=region.path)
        hazards = hazards.filter(region__path__startswith=region.path)
        actions = actions.filter(region__path__startswith=region.path)
    return inspections, hazards, actions


def compute(user, start, end, region=None):
    """The table as data: header, rows (one per top-level sector, in tree order, zeros
    included), 合计, and the list filters behind each figure."""
    inspections, hazards, actions = scoped_sources(user, region)
    done = inspections.filter(status=Inspection.Status.COMPLETED, done_on__gte=start, done_on__lte=end)
    teams = grouped_by_top_sector(done, "sector__path", teams=Count("id"))
    # Inner joins (filter before annotate reuses the join): inspections without members add
    # nothing, and the planner may start from the smaller membership table.
    people = grouped_by_top_sector(done.filter(members__isnull=False), "sector__path", members=Count("members"))
    experts = grouped_by_top_sector(done.filter(experts__isnull=False), "sector__path", experts=Count("experts"))
    units = grouped_by_top_sector(done.filter(targets__enterprise__isnull=False), "sector__path", overall=("units",),
                     units=Count("targets__enterprise", distinct=True))
    found = hazards.filter(discovered_on__gte=start, discovered_on__lte=end).exclude(state=State.REJECTED)
    # Accepted by the end of the period's last day (local time). A plain comparison with the next
    # midnight, not accepted_at__date: on SQLite the date cast is a Python function per row.
    next_midnight = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time()))
    accepted = Q(accepted_at__lt=next_midnight)
    hz = grouped_by_top_sector(found, "sector__path",
                  major=Count("id", filter=Q(level="major")), general=Count("id", filter=Q(level="general")),
                  major_done=Count("id", filter=Q(level="major") & accepted),
                  general_done=Count("id", filter=Q(level="general") & accepted))
    decided = actions.filter(decided_on__gte=start, decided_on__lte=end)
    K = EnforcementAction.Kind
    act = grouped_by_top_sector(decided, "sector__path", overall=("order", "penalty", "suspension"),
                   order=Count("enterprise", filter=Q(kind=K.ORDER), distinct=True),
                   penalty=Count("enterprise", filter=Q(kind__in=[K.PENALTY, K.DUAL_PENALTY]), distinct=True),
                   suspension=Count("enterprise", filter=Q(kind=K.SUSPENSION), distinct=True))

    def row(key):
        r = {"teams": teams.get(key, {}).get("teams") or 0,
             "people": (people.get(key, {}).get("members") or 0) + (experts.get(key, {}).get("experts") or 0),
             "units": units.get(key, {}).get("units") or 0}
        for name in ("major", "general", "major_done", "general_done"):
            r[name] = hz.get(key, {}).get(name) or 0
        for name in ("order", "penalty", "suspension"):
            r[name] = act.get(key, {}).get(name) or 0
        r["major_rate"] = rate(r["major_done"], r["major"])
        r["general_rate"] = rate(r["general_done"], r["general"])
        return r

    rows = [{"sector": top.name, "sector_id": top.pk, **row(top.path)} for top in top_sectors(teams, hz, act)]
    return {"start": start, "end": end, "region": region, "rows": rows,
            "total": {"sector": "合计", "sector_id": None, **row("all")}, "columns": COLUMNS}


def period_label(start, end):
    """"2026年1月至11月（累计数）" as the official header has it; spans of years say both years."""
    if start.year == end.year:
        return f"{start.year}年{start.month}月至{end.month}月（累计数）"
    return f"{start.year}年{start.month}月至{end.year}年{end.month}月（累计数）"


def month_to_date(today):
    return datetime.date(today.year, 1, 1), today


def as_json(table):
    """Plain JSON-able dict (decimals as strings, dates ISO) for the command and the API."""
    def clean(r):
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in r.items()}

    return {"period": {"from": table["start"].isoformat(), "to": table["end"].isoformat(),
                       "label": period_label(table["start"], table["end"])},
            "region": table["region"].code if table["region"] else None,
            "columns": [{"key": k, "label": label, "unit": unit} for k, label, unit in COLUMNS],
            "rows": [clean(r) for r in table["rows"]], "total": clean(table["total"])}
