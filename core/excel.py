"""Small openpyxl helpers shared by every export and import."""

import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, filename):
    """Every spreadsheet download: the workbook (bytes, an openpyxl Workbook, or the file `stream_table`
    wrote, sent in chunks) under a Chinese name."""
    from .http import content_disposition, download

    if hasattr(content, "read"):
        from django.http import FileResponse

        response = FileResponse(content, content_type=XLSX_MIME)
        response["Content-Disposition"] = content_disposition(filename, False)
        return response
    if not isinstance(content, (bytes, bytearray)):
        content = workbook_bytes(content)
    return download(content, filename, XLSX_MIME)


def stream_table(title, headers, rows, widths=None, landscape=False):
    """A one-sheet ledger written row by row (openpyxl's write-only mode) into a temporary file, which
    is returned at its start: memory stays flat however many rows there are. Headers as write_table
    draws them, dates as yyyy-mm-dd, text that starts with "=" kept as text (never a formula)."""
    import tempfile

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(header, max(10, len(header) * 2 + 2))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    if landscape:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4

    def head(text):
        cell = WriteOnlyCell(ws, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return cell

    def body(value):
        value = clean_cell(value)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(ws, value)
            cell.number_format = "yyyy-mm-dd"
            return cell
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(ws, value)
            cell.data_type = "s"
            return cell
        return value

    ws.append([head(h) for h in headers])
    for row in rows:
        ws.append([body(v) for v in row])
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    return out
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


class SheetError(Exception):
    """The file as a whole cannot be read (not a row-level error)."""


# What openpyxl refuses in a cell (and Excel cannot open): C0 controls but tab, LF and CR.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_cell(value):
    """A value as a spreadsheet can hold it: text without control characters (a record saved
    before input refused them must not break every export)."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def clean_row(row):
    return [clean_cell(v) for v in row]


def defuse_formulas(wb):
    """Every cell of an export is data: text that starts with "=" is stored as text, never as a
    formula Excel would run (OWASP formula injection; "+ - @" starts are text in .xlsx already)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def write_table(ws, headers, rows, widths=None):
    """Header row + data rows with borders, frozen header and sensible widths."""
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    for row in rows:
        ws.append(clean_row(row))
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(header, max(10, len(header) * 2 + 2))
    ws.freeze_panes = "A2"
    return ws


def workbook_bytes(wb):
    """Every spreadsheet Zhiben writes passes here: formulas are defused before saving."""
    defuse_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def new_workbook(title):
    wb = Workbook()
    wb.active.title = title
    return wb


# An import sheet is a table of some thirty columns and up to 20000 rows: its XML unpacks to a
# few tens of MB. Anything bigger is refused before openpyxl parses a byte of it.
SHEET_MAX_UNPACKED = 48 * 1024 * 1024
SHEET_MAX_COLUMNS = 200


def read_rows(fileobj, required_headers, max_rows=20000):
    """Yield (excel_row_number, {header: value}) from the first sheet.

    The header row is the first row holding every required header, so a
    title line above the table is fine.
    """
    from .uploads import zip_refusal

    if hasattr(fileobj, "read"):
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        data = fileobj.read()
    else:
        from pathlib import Path

        data = Path(fileobj).read_bytes()
    refusal = zip_refusal(data, limit=SHEET_MAX_UNPACKED, xml_limit=SHEET_MAX_UNPACKED)
    if refusal:
        raise SheetError(f"{refusal}，无法导入：请确认是正常的 .xlsx 文件（最多 {max_rows} 行）。")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-xlsx file
        raise SheetError("无法读取该文件，请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）。") from exc
    ws = wb.worksheets[0]
    headers = None
    out = []
    for number, values in enumerate(ws.iter_rows(values_only=True, max_col=SHEET_MAX_COLUMNS), start=1):
        if headers is None:
            names = [str(v).strip().rstrip("*＊").strip() if v is not None else "" for v in values]
            if all(h in names for h in required_headers):
                headers = names
            elif number >= 10:
                break
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(out) >= max_rows:
            raise SheetError(f"单个文件最多导入 {max_rows} 行，请拆分后再导入。")
        out.append((number, {h: _jsonable(v) for h, v in zip(headers, values) if h}))
    wb.close()
    if headers is None:
        raise SheetError("未找到表头：第一张工作表须包含列 " + "、".join(required_headers) + "。")
    return out


def _jsonable(value):
    """Cell values are kept as JSON (ImportBatch.rows) between preview and commit."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return str(value)


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value):
    """A date from a cell: a real date, or 2024-06-30 / 2024/6/30 / 2024年6月30日 / 2024.6.30."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    m = _DATE_RE.match(cell_text(value))
    if not m:
        raise ValueError("日期格式应为 2024-06-30")
    try:
        return datetime.date(*map(int, m.groups()))
    except ValueError:
        raise ValueError("日期不存在") from None


def parse_int(value):
    text = cell_text(value)
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("应为整数") from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError("应为不小于0的整数")
    return int(number)


def parse_decimal(value):
    text = cell_text(value)
    if text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError("应为数字") from None


# --- official statistics forms (调度统计表, 执法月报表) -------------------------------------------

BLACK = Side(style="thin", color="000000")
BOX = Border(left=BLACK, right=BLACK, top=BLACK, bottom=BLACK)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def official_cell(value):
    """A figure as the form shows it: "—" for none, money as a number, counts as integers."""
    return "—" if value is None else (value if isinstance(value, int) else float(value))


def official_form(sheet_name, title, lines, columns, rows, *, groups=(), units=None, totals=1, footer=(),
                  first_width=16, width=10, header_height=42, number_formats=None):
    """One official form in the layout a level above issues: the title (merged, bold), the
    lines under it (each (text, last column or None for the full width, centred?)), a header
    of "行业领域" and `columns` — with `groups` ((label, first, last), 1-based over `columns`) the
    header is two rows, a group label merged across its columns and single columns merged down —
    an optional units row, the body `rows` (its last `totals` rows bold: 合计, 本年累计), the
    sign-off `footer`; boxed, centred, A4 landscape fitted to the page width. `number_formats`
    ({1-based column: Excel format}) formats a column's body cells."""
    full = len(columns) + 1
    wb = new_workbook(sheet_name)
    ws = wb.active
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=full)
    ws["A1"] = clean_cell(title)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    for r, (text, last, centred) in enumerate(lines, start=2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last or full)
        ws.cell(r, 1, clean_cell(text))
        if centred:
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
    top = len(lines) + 2
    ws.cell(top, 1, "行业领域")
    grouped = {i for _, first, last in groups for i in range(first, last + 1)}
    header_rows = 2 if groups else 1
    for i, label in enumerate(columns, start=1):
        if i in grouped:
            ws.cell(top + 1, i + 1, label)
        else:
            ws.cell(top, i + 1, label)
            if groups:
                ws.merge_cells(start_row=top, start_column=i + 1, end_row=top + 1, end_column=i + 1)
    if groups:
        ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    for label, first, last in groups:
        ws.cell(top, first + 1, label)
        ws.merge_cells(start_row=top, start_column=first + 1, end_row=top, end_column=last + 1)
    bold = list(range(top, top + header_rows))
    if units:
        ws.append(["", *units])
        bold.append(ws.max_row)
    first_body = ws.max_row + 1
    for row in rows:
        ws.append(clean_row(row))
    last_row = ws.max_row
    # A column's own number format (整改率 "0.0": 50.0 prints as 50.0, not 50).
    for column, fmt in (number_formats or {}).items():
        for r in range(first_body, last_row + 1):
            ws.cell(r, column + 1).number_format = fmt
    bold += list(range(last_row - totals + 1, last_row + 1))
    for row in ws.iter_rows(min_row=top, max_row=last_row, max_col=full):
        for cell in row:
            cell.border = BOX
            cell.alignment = CENTER
    for r in bold:
        for cell in ws[r][:full]:
            cell.font = Font(bold=True)
    if footer:
        ws.append([])
        ws.append(list(footer))
    ws.column_dimensions["A"].width = first_width
    for i in range(2, full + 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if groups:
        ws.row_dimensions[top].height = 24
    ws.row_dimensions[top + header_rows - 1].height = header_height
    ws.print_title_rows = f"{top}:{top + header_rows - 1 + (1 if units else 0)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    return workbook_bytes(wb)
