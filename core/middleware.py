"""Security headers Django does not set itself: the Content Security Policy and the
Permissions Policy. (HSTS, nosniff, referrer and frame denial come from Django's own
SecurityMiddleware and XFrameOptionsMiddleware, configured in settings.)"""

import re
from urllib.parse import urlsplit



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
    from .maps import tile_origins

    img = ["'self'", "data:", "blob:", *tile_origins()]
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
# No record of ours nests deeper than a few levels; Python's JSON parser recurses per level.
JSON_MAX_DEPTH = 32
DEPTH_MESSAGE = "提交的数据嵌套层次过深，无法处理。"
# The longest text one field of ours holds (a description, findings, a plan's task text).
MAX_TEXT = 20000
LENGTH_MESSAGE = f"单项内容超过 {MAX_TEXT} 字，请精简后重新提交。"
_JSON_STRING = re.compile(rb'"(?:\\.|[^"\\])*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(body):
    """How deep a JSON body nests (strings skipped), without parsing it."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub(b"", body)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def _json_text_length(quoted):
    """The characters a JSON string literal holds (a \\uXXXX escape is one), quotes excluded."""
    raw = quoted.decode("utf-8", "replace")
    return len(raw) - 2 - 5 * raw.count("\\u")


class InputGuardMiddleware:
    """Refuse, before any view runs, a submission no person types: text carrying control
    characters (they cannot be stored in a spreadsheet cell and break exports and PDFs) —
    forms (their text fields, not uploaded files) and JSON bodies alike — and JSON nested
    deeper than JSON_MAX_DEPTH (the parser would overflow). A Chinese 400; nothing saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH"):
            message = self._refusal(request)
            if message:
                from .views import _api_or_page

                return _api_or_page(request, 400, message, "400.html")
        return self.get_response(request)

    def _refusal(self, request):
        if request.META.get("CONTENT_TYPE", "").startswith("application/json"):
            try:
                body = request.body
            except Exception:  # RequestDataTooBig and the like: the view answers those
                return ""
            if json_depth(body) > JSON_MAX_DEPTH:
                return DEPTH_MESSAGE
            if any(_json_text_length(m) > MAX_TEXT for m in _JSON_STRING.findall(body)):
                return LENGTH_MESSAGE
        elif self._longest_value(request) > MAX_TEXT:
            return LENGTH_MESSAGE
        return CONTROL_MESSAGE if self._carries_control(request) else ""

    @staticmethod
    def _longest_value(request):
        if not request.META.get("CONTENT_TYPE", "").startswith(("multipart/form-data",
                                                                  "application/x-www-form-urlencoded")):
            return 0
        try:
            return max((len(v) for key in request.POST for v in request.POST.getlist(key)), default=0)
        except Exception:
            return 0

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
