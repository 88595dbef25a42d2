"""安全监管执法月报表: one row per top-level 行业领域, a 合计 row and the year to date.

Counting rules (also in README):
- 检查（次）: inspections completed in the month (by 实际检查日期); 检查企业（家次）: their
  enterprise targets (a firm inspected twice counts twice).
- 发现隐患（项）/其中重大: hazards whose source is 督导检查/执法检查, by 发现日期.
- 责令限期整改、停产停业整顿、联合惩戒: distinct enterprises (家) by 决定日期; 行政处罚、一案双罚、
  移送: cases (起); 约谈、通报曝光: times (次); 罚款（万元）: unit fine + personal fine.
Figures are SQL aggregates grouped by sector, rolled up to the top-level sector.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.models import ids_in_path
from hazards.models import Hazard
from org.models import Sector

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


def month_range(year, month):
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _by_sector(inspections, actions, hazards, start, end):
    """{sector_id: {key: value}} for [start, end)."""
    out = {}

    def put(sector_id, key, value):
        out.setdefault(sector_id, dict.fromkeys(KEYS, 0))[key] += value or 0

    rows = (inspections.filter(status=Inspection.Status.COMPLETED, done_on__gte=start, done_on__lt=end)
            .values("sector_id").annotate(n=Count("id")))
    for r in rows:
        put(r["sector_id"], "inspections", r["n"])
    rows = (Target.objects.filter(inspection__in=inspections, inspection__status=Inspection.Status.COMPLETED,
                                  inspection__done_on__gte=start, inspection__done_on__lt=end,
                                  enterprise__isnull=False)
            .values("inspection__sector_id").annotate(n=Count("id")))
    for r in rows:
        put(r["inspection__sector_id"], "targets", r["n"])
    rows = (hazards.filter(source__in=[Hazard.Source.SUPERVISION, Hazard.Source.ENFORCEMENT],
                           discovered_on__gte=start, discovered_on__lt=end)
            .values("sector_id").annotate(n=Count("id"), major=Count("id", filter=Q(level=Hazard.Level.MAJOR))))
    for r in rows:
        put(r["sector_id"], "hazards", r["n"])
        put(r["sector_id"], "major", r["major"])
    in_month = actions.filter(decided_on__gte=start, decided_on__lt=end)
    aggregates = {"fine_sum": Sum("fine") + Sum("person_fine")}
    for kind in K:
        if kind in DISTINCT_FIRMS:
            aggregates[kind.value] = Count("enterprise", filter=Q(kind=kind), distinct=True)
        else:
            aggregates[kind.value] = Count("id", filter=Q(kind=kind))
    for r in in_month.values("sector_id").annotate(**aggregates):
        for kind in K:
            put(r["sector_id"], kind.value, r[kind.value])
        put(r["sector_id"], "fine", (r["fine_sum"] or Decimal(0)) / Decimal(10000))
    return out


def _roll_up(by_sector):
    """Sector rows → top-level sector rows, in tree order, plus 合计."""
    sectors = {s.pk: s for s in Sector.objects.all()}
    tops = {}
    for sector_id, values in by_sector.items():
        top_id = ids_in_path(sectors[sector_id].path)[0]
        row = tops.setdefault(top_id, dict.fromkeys(KEYS, 0))
        for key in KEYS:
            row[key] += values[key]
    rows = []
    for top in sorted((sectors[i] for i in tops), key=lambda s: s.path):
        rows.append({"sector": top.name, "sector_id": top.pk, **tops[top.pk]})
    total = {"sector": "合计", "sector_id": None, **{k: sum(r[k] for r in rows) for k in KEYS}}
    return rows, total


def _round(row):
    row["fine"] = Decimal(row["fine"]).quantize(Decimal("0.01"))
    return row


def monthly_report(user, year, month, region=None):
    """The month's rows and 合计, and the same figures from 1 January (本年累计)."""
    inspections = Inspection.objects.for_user(user)
    actions = EnforcementAction.objects.for_user(user)
    hazards = Hazard.objects.for_user(user)
    if region is not None:
        inspections = inspections.filter(region__path__startswith=region.path)
        actions = actions.filter(region__path__startswith=region.path)
        hazards = hazards.filter(region__path__startswith=region.path)
    start, end = month_range(year, month)
    rows, total = _roll_up(_by_sector(inspections, actions, hazards, start, end))
    _, year_total = _roll_up(_by_sector(inspections, actions, hazards, datetime.date(year, 1, 1), end))
    year_total["sector"] = "本年累计"
    return {"year": year, "month": month, "rows": [_round(r) for r in rows], "total": _round(total),
            "year_total": _round(year_total), "columns": COLUMNS}


def monthly_xlsx(report, unit_name):
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from core.excel import new_workbook, workbook_bytes

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = len(COLUMNS) + 1
    wb = new_workbook("执法月报表")
    ws = wb.active
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"] = "安全监管执法月报表"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws["A2"] = f"填报单位：{unit_name}　　　　统计期间：{report['year']}年{report['month']}月"
    ws.append(["行业领域", *[label for _, label in COLUMNS]])
    for row in [*report["rows"], report["total"], report["year_total"]]:
        ws.append([row["sector"], *[float(row[k]) if k == "fine" else row[k] for k in KEYS]])
    for r in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in r:
            cell.border = box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in (ws.max_row - 1, ws.max_row):
        for cell in ws[r]:
            cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 18
    for i in range(2, width + 1):
        ws.column_dimensions[get_column_letter(i)].width = 11
    ws.row_dimensions[3].height = 42
    ws.append([])
    ws.append(["单位负责人：", "", "", "填表人：", "", "", "填报日期：", "", "", "联系电话："])
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    return workbook_bytes(wb)
