"""Issue 17 #2: an upload is kept only if its content is on the allow-list, stored under the
detected type and served as a download of that type — whatever the uploader named it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from core.exceptions import ServiceError
from core.testing import photo
from hazards import services
from hazards.models import State
from tests.factories import drive, report_hazard

DISGUISED_PDF = b"%PDF-1.4\n<html><meta http-equiv=refresh content='0;url=http://evil.example/'></html>"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/html")


def office(part):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize("name, content, ext", [
    ("整改报告.html", DISGUISED_PDF, "pdf"),
    ("方案.docx", office("word/document.xml"), "docx"),
    ("台账.xlsx", office("xl/workbook.xml"), "xlsx"),
    ("旧方案.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "doc"),
    ("旧台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "xls"),
    ("说明.txt", "整改说明，已完成。".encode(), "txt"),
    ("现场.png", photo(fmt="PNG").read(), "png"),
])
def test_allowed_documents_are_detected_by_content(name, content, ext):
    assert uploads.document_extension(upload(name, content)) == ext


@pytest.mark.parametrize("name, content", [
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("page.xhtml", b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>"),
    ("app.js", b"alert(document.cookie)"),
    ("notes.txt", b"MZ\x90\x00\x03\x00binary"),
    ("archive.docx", office("other/thing.xml")),
])
def test_anything_else_is_refused_in_chinese(name, content):
    with pytest.raises(ServiceError, match="格式不受支持"):
        uploads.document_extension(upload(name, content))


def test_an_office_bomb_is_refused_before_unpacking():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w>" + b" " * (60 * 1024 * 1024) + b"</w>")
    with pytest.raises(ServiceError, match="压缩炸弹"):
        uploads.document_extension(upload("方案.docx", buf.getvalue()))


def test_a_disguised_document_is_served_as_a_download_of_its_true_type(world, sectors, client_for):
    h = drive(world, report_hazard(world, sectors, level="general"), State.RECTIFYING, "general")
    services.add_documents(world.u.safety, h.pk, [upload("整改报告.html", DISGUISED_PDF)])
    att = h.attachments.get(kind="document")
    assert att.file.name.endswith(".pdf") and not att.thumbnail
    r = client_for(world.u.safety).get(f"/hazards/files/{att.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment") and "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf" in \
        r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff" and r["Content-Security-Policy"].startswith("sandbox")
    photo = h.attachments.filter(kind="before").first()
    r = client_for(world.u.safety).get(f"/hazards/files/{photo.pk}/")
    assert r["Content-Type"] == "image/jpeg" and r["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("name, fallback", [
    ("隐患台账-20261130.xlsx", "20261130.xlsx"), ("2026年度安全生产工作总结.docx", "2026.docx"),
    ("WS-2026-00014-整改通知书.pdf", "WS-2026-00014.pdf"), ("责任措施清单.pdf", "file.pdf"),
])
def test_downloads_carry_the_chinese_name_and_an_ascii_fallback(name, fallback):
    """Issue 18 #6: RFC 6266/5987 — filename* with the Chinese name first (what browsers save
    under, and what the audit log reads), then a plain ASCII filename for old clients."""
    from urllib.parse import quote

    from core.http import content_disposition

    header = content_disposition(name)
    assert header == f"attachment; filename*=UTF-8''{quote(name)}; filename=\"{fallback}\""
