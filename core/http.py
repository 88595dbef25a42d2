"""Request helpers shared by the tip-off rate limit, the login lockout and the audit log."""

from django.conf import settings


def client_address(request):
    """The client's address. Behind a reverse proxy, CLIENT_IP_HEADER names the header
    the proxy overwrites (e.g. HTTP_X_REAL_IP); never trust it otherwise."""
    if request is None:
        return ""
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else request.META.get("REMOTE_ADDR", "")) or "unknown"


def client_ip(request, credentials=None):
    """The client's address if it is a real IP, else None (django-axes stores it in an
    IP column, which PostgreSQL checks)."""
    import ipaddress

    value = client_address(request)
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def download(content, filename, content_type, inline=False):
    """A file response with a Chinese file name, encoded as RFC 6266 asks (browsers show
    "隐患台账-20261130.xlsx", not a percent-escaped or English name)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
