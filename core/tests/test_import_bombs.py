"""Issue 17 #7: an import file that unpacks far beyond its size is refused, in Chinese, from the
zip directory alone — within a second, before openpyxl or python-docx parse anything."""

import io
import time
import zipfile

import pytest

from core.excel import SheetError, read_rows
from plans.parsing.reader import UnreadableDocument, read_document


def sheet_bomb(sheet_xml_size=0, shared_string_size=0):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        if sheet_xml_size:
            cells = b"<c/>" * (sheet_xml_size // 4)
            z.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>" + cells + b"</row></sheetData></worksheet>")
        if shared_string_size:
            z.writestr("xl/sharedStrings.xml", b"<sst><si><t>" + b"A" * shared_string_size + b"</t></si></sst>")
    return buf.getvalue()


@pytest.mark.parametrize("bomb", [
    {"sheet_xml_size": 80 * 1024 * 1024},      # one row of twenty million cells
    {"shared_string_size": 300 * 1024 * 1024},  # a 300 MB shared string
])
def test_spreadsheet_bombs_are_refused_at_once(bomb):
    data = sheet_bomb(**bomb)
    assert len(data) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(SheetError, match="压缩炸弹"):
        read_rows(io.BytesIO(data), ["企业名称"])
    assert time.monotonic() - started < 1.0


def test_a_docx_bomb_is_refused_at_once(tmp_path):
    path = tmp_path / "方案.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document><w:body>" + b"<w:p/>" * (25 * 1024 * 1024 // 6)
                   + b"</w:body></w:document>")
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match="压缩炸弹"):
        read_document(path)
    assert time.monotonic() - started < 1.0
