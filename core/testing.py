"""Helpers shared by the test suites (imported by tests only)."""

import io

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
