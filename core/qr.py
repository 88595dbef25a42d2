"""QR codes (segno) for what is printed and posted: an enterprise's code, a hazard's placard. A code holds
the absolute address of its page (settings.SITE_URL), so a phone's camera opens it."""

import io

import segno
from django.conf import settings


def address(path):
    return settings.SITE_URL.rstrip("/") + path


def png(path, scale=10):
    """The PNG of the code for `path` (a site path), with the quiet zone scanners need."""
    out = io.BytesIO()
    segno.make(address(path), error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def data_uri(path, scale=10):
    """The code as a data: URI, for a page or a PDF to embed."""
    return segno.make(address(path), error="m").png_data_uri(scale=scale, border=4)
