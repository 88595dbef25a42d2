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


# Test data lives inside the repository: the three sample plans and the parser's JSON schema
# (copies of shared/samples and shared/spec), so a clean checkout tests on its own.
TESTDATA = Path(__file__).resolve().parents[1] / "testdata"
SAMPLES = TESTDATA / "samples"
PLAN_SCHEMA = TESTDATA / "spec" / "plan.schema.json"
