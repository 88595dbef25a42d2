"""The 调度统计表 as .xlsx in the official layout: title, 填报单位, period, a merged two-row
header (排查治理隐患 and 监管执法 over their columns), the units row, one row per 行业领域,
合计, the sign-off footer; A4 landscape, fitted to the page width."""

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.excel import new_workbook, workbook_bytes

from .dispatch import COLUMNS, period_label

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
GROUPS = [("排查治理隐患", 4, 9), ("监管执法", 10, 12)]  # (label, first, last) 1-based over COLUMNS


def cell_value(value):
    return "—" if value is None else (float(value) if not isinstance(value, int) else value)


def dispatch_xlsx(table, title, unit_name, signoff=None):
    signoff = signoff or {}
    width = len(COLUMNS) + 1
    wb = new_workbook("调度统计表")
    ws = wb.active
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
    ws["A2"] = f"填报单位（章）：{unit_name}"
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    ws["A3"] = period_label(table["start"], table["end"])
    ws["A3"].alignment = Alignment(horizontal="center")
    # Two-row header: single columns merged down, group labels merged across.
    ws.cell(4, 1, "行业领域")
    ws.merge_cells(start_row=4, start_column=1, end_row=5, end_column=1)
    grouped = {i for _, first, last in GROUPS for i in range(first, last + 1)}
    for i, (_, label, _) in enumerate(COLUMNS, start=1):
        col = i + 1
        if i in grouped:
            ws.cell(5, col, label)
        else:
            ws.cell(4, col, label)
            ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    for label, first, last in GROUPS:
        ws.cell(4, first + 1, label)
        ws.merge_cells(start_row=4, start_column=first + 1, end_row=4, end_column=last + 1)
    ws.append(["", *[unit for *_, unit in COLUMNS]])  # the units row
    for r in [*table["rows"], table["total"]]:
        ws.append([r["sector"], *[cell_value(r[key]) for key, *_ in COLUMNS]])
    last = ws.max_row
    for row in ws.iter_rows(min_row=4, max_row=last, max_col=width):
        for cell in row:
            cell.border = BOX
            cell.alignment = CENTER
    for row in (4, 5, 6, last):
        for cell in ws[row][:width]:
            cell.font = Font(bold=True)
    ws.append([])
    ws.append([f"单位负责人（签字）：{signoff.get('head', '')}", "", "", "", f"填表人（签字）：{signoff.get('filler', '')}",
               "", "", f"填报日期：{signoff.get('date', '')}", "", "", f"联系电话：{signoff.get('phone', '')}"])
    ws.column_dimensions["A"].width = 16
    for i in range(2, width + 1):
        ws.column_dimensions[get_column_letter(i)].width = 10
    ws.row_dimensions[4].height = 24
    ws.row_dimensions[5].height = 42
    ws.print_title_rows = "4:6"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    return workbook_bytes(wb)
