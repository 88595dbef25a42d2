"""Helpers shared by the test suites (imported by tests only)."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo(name="现场.jpg", color=(200, 40, 40), fmt="JPEG", exif=None, size=(64, 48), tail=b""):
    """A small real image, as an uploaded file (optionally with EXIF tags, or bytes appended)."""
    buf = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif:
        tags = Image.Exif()
        for tag, value in exif.items():
            tags[tag] = value
        image.save(buf, fmt, exif=tags)
    else:
        image.save(buf, fmt)
    return SimpleUploadedFile(name, buf.getvalue() + tail, content_type="image/jpeg")


def document(name="月度工作情况.docx"):
    """A small real Word document (what a unit hands in for a 文件材料 slot), as an uploaded file."""
    from docx import Document

    buf = io.BytesIO()
    doc = Document()
    doc.add_heading(name.rsplit(".", 1)[0], level=1)
    doc.add_paragraph("本月安全生产工作情况：开展隐患排查，完成整改。")
    doc.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


# Test data lives inside the repository: the three sample plans and the parser's JSON schema
# (copies of shared/samples and shared/spec), so a clean checkout tests on its own.
TESTDATA = Path(__file__).resolve().parents[1] / "testdata"
SAMPLES = TESTDATA / "samples"
PLAN_SCHEMA = TESTDATA / "spec" / "plan.schema.json"
PLAN_DOCUMENTS = TESTDATA / "plans"  # plan documents written for the parser tests (build_documents.py)
