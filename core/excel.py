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
    """Every spreadsheet download: the workbook (bytes or an openpyxl Workbook) under a Chinese name."""
    from .http import download

    if not isinstance(content, (bytes, bytearray)):
        content = workbook_bytes(content)
    return download(content, filename, XLSX_MIME)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


class SheetError(Exception):
    """The file as a whole cannot be read (not a row-level error)."""


def write_table(ws, headers, rows, widths=None):
    """Header row + data rows with borders, frozen header and sensible widths."""
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    for row in rows:
        ws.append(row)
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(header, max(10, len(header) * 2 + 2))
    ws.freeze_panes = "A2"
    return ws


def workbook_bytes(wb):
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def new_workbook(title):
    wb = Workbook()
    wb.active.title = title
    return wb


def read_rows(fileobj, required_headers, max_rows=20000):
    """Yield (excel_row_number, {header: value}) from the first sheet.

    The header row is the first row holding every required header, so a
    title line above the table is fine.
    """
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-xlsx file
        raise SheetError("无法读取该文件，请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）。") from exc
    ws = wb.worksheets[0]
    headers = None
    out = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
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
