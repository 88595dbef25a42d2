"""Get plain text out of a plan document: .txt, .docx (paragraphs and tables in
document order), .pdf (text layer), .doc/.wps through LibreOffice when installed."""

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
    lines = []
    # Walk the body in order so tables stay where they are in the document.
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _read_pdf(path):
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:
        raise UnreadableDocument("无法读取该 PDF 文件，请确认文件未损坏。") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument("该 PDF 没有文字层（可能是扫描件），请上传 Word 版本。")
    return text


def _read_via_libreoffice(path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        raise UnreadableDocument("服务器未安装 LibreOffice，无法读取 .doc/.wps 文件，请另存为 .docx 后上传。")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([office, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                       check=False, capture_output=True, timeout=120)
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise UnreadableDocument("LibreOffice 无法转换该文件，请另存为 .docx 后上传。")
        return _read_docx(converted)
