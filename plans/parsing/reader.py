"""Get plain text out of a plan document: .txt, .docx (paragraphs and tables in
document order), .pdf (text layer), .doc/.wps through LibreOffice when installed."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path


# A plan's document.xml is well under a megabyte of text; 20 MB of XML is not a plan.
DOCX_MAX_XML = 20 * 1024 * 1024


class UnreadableDocument(Exception):
    """The file cannot be read as a plan document; the message says why, in Chinese."""


def read_document(path):
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(str(path))
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text", ".md"):
        return _read_text(path)
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix in (".doc", ".wps", ".rtf", ".odt"):
        return _read_via_libreoffice(path)
    raise UnreadableDocument(f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .docx、.txt 或 .pdf 文件。")


def _read_text(path):
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("无法识别文本文件的编码，请另存为 UTF-8 后上传。")


def _read_docx(path):
    from docx import Document
    from docx.oxml.ns import qn

    from core.uploads import zip_refusal

    refusal = zip_refusal(Path(path).read_bytes(), xml_limit=DOCX_MAX_XML)
    if refusal:
        raise UnreadableDocument(f"该 Word 文件{refusal}，无法读取。")
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise UnreadableDocument("无法读取该 Word 文件，请确认是 .docx 格式且未损坏。") from exc
    from docx.table import Table

    lines = []
    # Walk the body in order so tables stay where they are in the document.
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            # python-docx gives a merged cell at every grid position it covers, so a row keeps
            # its columns under the header and a vertically merged 类别 cell repeats down.
            lines.append("")
            for row in Table(child, doc).rows:
                lines.append(table_row(_cell_text(c) for c in row.cells))
            lines.append("")
    return "\n".join(lines)


def _cell_text(cell):
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def table_row(cells):
    """One table row as a line: cells joined by tabs (a cell's own tabs and line breaks become
    spaces). A row whose cells are all one merged cell keeps one cell per column."""
    return "\t".join(re.sub(r"[\t\n\r]+", " ", c or "").strip() or "" for c in cells) or " "


def _read_pdf(path):
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [_pdf_page(page) for page in pdf.pages]
    except Exception as exc:
        raise UnreadableDocument("无法读取该 PDF 文件，请确认文件未损坏。") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument("该 PDF 没有文字层（可能是扫描件），请上传 Word 版本。")
    return text


def _pdf_page(page):
    """A page's text lines and its ruled tables, in reading order. A table's rows come out
    as tab-separated lines; a merged cell (None in pdfplumber's grid) takes the value of the
    cell above it, or to its left on a row-spanning title."""
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    boxes = [t.bbox for t in tables]

    def outside(obj):
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    items = [(line["top"], line["text"]) for line in page.filter(outside).extract_text_lines()]
    for table in tables:
        grid, boxes_of = table.extract(), [row.cells for row in table.rows]
        centers = {}
        for row in boxes_of:
            for c, box in enumerate(row):
                if box is not None:
                    centers.setdefault(c, (box[0] + box[2]) / 2)
        filled = []
        for r, row in enumerate(grid):
            cells = []
            for c, value in enumerate(row):
                if value is None:
                    left = next((k for k in range(c - 1, -1, -1) if boxes_of[r][k] is not None), None)
                    spans_here = left is not None and boxes_of[r][left][2] >= centers.get(c, float("inf"))
                    value = cells[left] if spans_here else (filled[-1][c] if filled and c < len(filled[-1]) else "")
                cells.append(value or "")
            filled.append(cells)
        items.append((table.bbox[1], "\n" + "\n".join(table_row(cells) for cells in filled) + "\n"))
    return "\n".join(text for _, text in sorted(items, key=lambda x: x[0]))


def _read_via_libreoffice(path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        raise UnreadableDocument("服务器未安装 LibreOffice，无法读取 .doc/.wps 文件，请另存为 .docx 后上传。")
    with tempfile.TemporaryDirectory() as tmp:
        # A profile of its own: two conversions at once would otherwise share (and lock) one.
        profile = Path(tmp, "profile").as_uri()
        try:
            subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                            "--outdir", tmp, str(path)], check=False, capture_output=True, timeout=120)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableDocument("LibreOffice 转换该文件超时，请另存为 .docx 后上传。") from exc
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise UnreadableDocument("LibreOffice 无法转换该文件，请另存为 .docx 后上传。")
        return _read_docx(converted)
