"""Security headers Django does not set itself: the Content Security Policy and the
Permissions Policy. (HSTS, nosniff, referrer and frame denial come from Django's own
SecurityMiddleware and XFrameOptionsMiddleware, configured in settings.)"""

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
