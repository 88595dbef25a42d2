"""Helpers shared by the test suites (imported by tests only)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo(name="现场.jpg", color=(200, 40, 40), fmt="JPEG"):
    """A small real image, as an uploaded file."""
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buf, fmt)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")
