"""责任措施清单 as .xlsx in the layout of attachment 1 of the Yunxi sample:
项目名称 | 任务名称 | 责任单位 | 具体措施 | 完成时限, the project cell merged over its tasks."""

from openpyxl.styles import Alignment, Border, Font, Side

from core.excel import clean_cell, clean_row, new_workbook, workbook_bytes

HEADERS = ["项目名称", "任务名称", "责任单位", "具体措施", "完成时限"]
WIDTHS = [16, 22, 30, 60, 14]
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def measures_xlsx(plan, rows):
    wb = new_workbook("责任措施清单")
    ws = wb.active
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    ws["A1"] = clean_cell(f"{plan.title}责任措施清单")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = BOX
    start = 3
    for i, r in enumerate(rows):
        ws.append(clean_row([r["project"], r["task"], r["units"], r["measures"], r["deadline"]]))
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.border = BOX
        last = i + 1 == len(rows) or rows[i + 1]["project"] != r["project"]
        if last:
            if ws.max_row > start:
                ws.merge_cells(start_row=start, start_column=1, end_row=ws.max_row, end_column=1)
            start = ws.max_row + 1
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + i)].width = w
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    return workbook_bytes(wb)
