"""Security headers Django does not set itself: the Content Security Policy and the
Permissions Policy. (HSTS, nosniff, referrer and frame denial come from Django's own
SecurityMiddleware and XFrameOptionsMiddleware, configured in settings.)"""

import re
from urllib.parse import urlsplit

from django.conf import settings


def tile_origin(url_template):
    """The origin map tiles load from ("https://*.tianditu.gov.cn" for "{s}" templates)."""
    if not url_template:
        return ""
    parts = urlsplit(url_template)
    host = parts.netloc.replace("{s}", "*").split("{", 1)[0]
    if not parts.scheme or not host:
        return ""
    return f"{parts.scheme}://{host}"


def content_security_policy():
    # No inline script anywhere: page scripts are static files, page data travels in
    # data-* attributes or json_script blocks (which browsers never execute). Inline
    # style attributes stay allowed: they cannot run code.
    img = ["'self'", "data:", "blob:", tile_origin(settings.MAP_TILE_URL)]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [v for v in img if v],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.csp)
        # The hazard report form uses the phone's position and camera; nothing else does.
        response.setdefault("Permissions-Policy", "geolocation=(self), camera=(self), microphone=(), payment=()")
        return response


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters as JSON escapes (a JSON body carries them only escaped).
JSON_CONTROL = re.compile(rb"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])")
CONTROL_MESSAGE = "提交的内容含有不可见的控制字符（常见于从其他系统复制的文字），请删除后重新提交。"


class ControlCharacterMiddleware:
    """Refuse, before any view runs, a submission whose text carries control characters: they
    cannot be stored in a spreadsheet cell, break exports and PDFs, and are never typed by a
    person. Forms (their text fields, not uploaded files) and JSON bodies alike; the answer is
    a Chinese 400 and nothing is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH") and self._carries_control(request):
            from .views import _api_or_page

            return _api_or_page(request, 400, CONTROL_MESSAGE, "400.html")
        return self.get_response(request)

    @staticmethod
    def _carries_control(request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            try:
                return bool(JSON_CONTROL.search(request.body) or CONTROL.search(request.body.decode("utf-8", "replace")))
            except Exception:  # RequestDataTooBig and the like: the view answers those
                return False
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            try:
                values = [v for key in request.POST for v in request.POST.getlist(key)]
            except Exception:
                return False
            return any(CONTROL.search(v) for v in values if isinstance(v, str))
        return False
