"""安全监管执法月报表: one row per top-level 行业领域, a 合计 row and the year to date.

Counting rules (also in README):
- 检查（次）: inspections completed in the month (by 实际检查日期); 检查企业（家次）: their
  enterprise targets (a firm inspected twice counts twice).
- 发现隐患（项）/其中重大: hazards whose source is 督导检查/执法检查, by 发现日期.
- 责令限期整改、停产停业整顿、联合惩戒: distinct enterprises (家) by 决定日期; 行政处罚、一案双罚、
  移送: cases (起); 约谈、通报曝光: times (次); 罚款（万元）: unit fine + personal fine.
Each figure is one SQL aggregate grouped by the top-level sector (core.stats, shared with the
调度统计表): distinct firms in 合计 are counted distinct over all rows, never summed.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.stats import grouped_by_top_sector, top_sectors
from hazards.models import Hazard
from org.scope import in_region

from .models import EnforcementAction, Inspection, Target

K = EnforcementAction.Kind
COLUMNS = [
    ("inspections", "检查（次）"), ("targets", "检查企业（家次）"), ("hazards", "发现隐患（项）"),
    ("major", "其中重大（项）"), ("order", "责令限期整改（家）"), ("penalty", "行政处罚（起）"),
    ("fine", "罚款（万元）"), ("suspension", "停产停业整顿（家）"), ("interview", "约谈（次）"),
    ("exposure", "通报曝光（次）"), ("blacklist", "联合惩戒/黑名单（家）"), ("dual_penalty", "一案双罚（起）"),
    ("transfer", "移送（起）"),
]
KEYS = [k for k, _ in COLUMNS]
DISTINCT_FIRMS = {K.ORDER, K.SUSPENSION, K.BLACKLIST}
COMPLETED = Inspection.Status.COMPLETED


def fine_total():
    """罚款 as the table counts it: the unit's fine plus the personal fine of 一案双罚."""
    return Sum("fine") + Sum("person_fine")


def in_wan(yuan):
    """元 → 万元, two decimals, as the form prints it."""
    return (Decimal(yuan or 0) / Decimal(10000)).quantize(Decimal("0.01"))


def month_range(year, month):
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _figures(inspections, actions, hazards, start, end):
    """Rows (one per top-level sector with a figure, in tree order) and 合计 for [start, end)."""
    done = inspections.filter(status=COMPLETED, done_on__gte=start, done_on__lt=end)
    ins = grouped_by_top_sector(done, "sector__path", inspections=Count("id"))
    targets = grouped_by_top_sector(Target.objects.filter(inspection__in=done, enterprise__isnull=False),
                                    "inspection__sector__path", targets=Count("id"))
    hz = grouped_by_top_sector(
        hazards.filter(source__in=Hazard.INSPECTION_SOURCES,
                       discovered_on__gte=start, discovered_on__lt=end),
        "sector__path", hazards=Count("id"), major=Count("id", filter=Q(level=Hazard.Level.MAJOR)))
    aggregates = {"fine": fine_total()}
    for kind in K:
        if kind in DISTINCT_FIRMS:
            aggregates[kind.value] = Count("enterprise", filter=Q(kind=kind), distinct=True)
        else:
            aggregates[kind.value] = Count("id", filter=Q(kind=kind))
    act = grouped_by_top_sector(actions.filter(decided_on__gte=start, decided_on__lt=end), "sector__path",
                                overall=[k.value for k in DISTINCT_FIRMS], **aggregates)

    def row(key):
        r = dict.fromkeys(KEYS, 0)
        for source in (ins, targets, hz, act):
            for name, value in source.get(key, {}).items():
                if name in r:
                    r[name] = value or 0
        r["fine"] = in_wan(r["fine"])
        return r

    rows = [{"sector": top.name, "sector_id": top.pk, **row(top.path)}
            for top in top_sectors(ins, targets, hz, act)]
    return rows, {"sector": "合计", "sector_id": None, **row("all")}


def records(user, region=None):
    """The inspections, enforcement actions and hazards the user may read, within a region's subtree when
    one is given: what the 执法月报 and the report forms (reports.engine) count."""
    out = (Inspection.objects.for_user(user), EnforcementAction.objects.for_user(user), Hazard.objects.for_user(user))
    if region is not None:
        out = tuple(qs.filter(in_region(region.path)) for qs in out)
    return out


def monthly_report(user, year, month, region=None):
    """The month's rows and 合计, and the same figures from 1 January (本年累计)."""
    inspections, actions, hazards = records(user, region)
    start, end = month_range(year, month)
    rows, total = _figures(inspections, actions, hazards, start, end)
    _, year_total = _figures(inspections, actions, hazards, datetime.date(year, 1, 1), end)
    year_total["sector"] = "本年累计"
    report = {"year": year, "month": month, "rows": rows, "total": total, "year_total": year_total,
              "columns": COLUMNS, "region": region}
    report["links"] = links(report)
    return report


def links(report):
    """For each row (by sector id; None = 合计, "year" = 本年累计) and column, the list whose
    count (or stated total) is the figure: the same period, sector and region."""
    start, end = month_range(report["year"], report["month"])
    last = end - datetime.timedelta(days=1)
    region = f"&region={report['region'].pk}" if report["region"] else ""

    def cells(sector_id, start):
        s, e, sec = start.isoformat(), last.isoformat(), f"&sector={sector_id}" if sector_id else ""
        ins = f"/inspections/?status=completed&done_from={s}&done_to={e}{sec}{region}"
        hz = f"/hazards/?source=inspection&discovered_from={s}&discovered_to={e}{sec}{region}"
        act = f"/inspections/actions/?decided_from={s}&decided_to={e}{sec}{region}"
        out = {"inspections": ins, "targets": ins, "hazards": hz, "major": f"{hz}&level=major", "fine": act}
        out.update({kind.value: f"{act}&kind={kind.value}" for kind in K})
        return out

    out = {r["sector_id"]: cells(r["sector_id"], start) for r in report["rows"]}
    out[None] = cells(None, start)
    out["year"] = cells(None, datetime.date(report["year"], 1, 1))
    return out


# What each column's linked list states as the figure (its data-total key); None: the list's count.
LIST_TOTAL = {"inspections": "teams", "targets": "targets", "hazards": None, "major": None, "fine": "fine",
              **{k.value: ("firms" if k in DISTINCT_FIRMS else "count") for k in K}}


def monthly_xlsx(report, unit_name):
    """The 安全监管执法月报表 in the official layout (core.excel.official_form, as the 调度统计表)."""
    from core.excel import official_cell, official_form

    rows = [[r["sector"], *[official_cell(r[k]) for k in KEYS]]
            for r in [*report["rows"], report["total"], report["year_total"]]]
    return official_form(
        "执法月报表", "安全监管执法月报表",
        [(f"填报单位：{unit_name}　　　　统计期间：{report['year']}年{report['month']}月", None, False)],
        [label for _, label in COLUMNS], rows, totals=2, first_width=18, width=11,
        footer=["单位负责人：", "", "", "填表人：", "", "", "填报日期：", "", "", "联系电话："])
