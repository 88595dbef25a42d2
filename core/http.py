"""Request helpers shared by the tip-off rate limit, the login lockout and the audit log,
and the one way a download is named and sent."""

import re

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


def content_disposition(filename, inline=False):
    """RFC 6266/5987: the Chinese name as `filename*=UTF-8''…` (what every current browser
    saves under), then a plain ASCII `filename` for the odd old client: the digits and the
    extension of the name ("隐患台账-20261130.xlsx" → "20261130.xlsx")."""
    from urllib.parse import quote

    kind = "inline" if inline else "attachment"
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    ascii_stem = re.sub(r"[^0-9A-Za-z_-]+", "-", stem).strip("-") or "file"
    fallback = f"{ascii_stem}.{ext}" if ext.isascii() and ext else ascii_stem
    return f"{kind}; filename*=UTF-8''{quote(filename)}; filename=\"{fallback}\""


FORBIDDEN_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(*parts, ext):
    """A download's name, said as a clerk would file it: the parts that are not empty,
    joined by "_", less the characters no file system takes —
    file_name("乌审旗隐患排查治理台账", date, ext="xlsx") → "乌审旗隐患排查治理台账_2026-11-30.xlsx"."""
    words = [FORBIDDEN_IN_NAMES.sub("", str(p)).strip() for p in parts if p not in (None, "")]
    return "_".join(w for w in words if w) + f".{ext}"


def span_label(start, end):
    """A period as it reads in a file name: 2026年11月, 2026年1-11月, 2025年11月-2026年2月,
    or the dates when the period does not start on the 1st."""
    if start.day != 1:
        return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"
    if start.year != end.year:
        return f"{start.year}年{start.month}月-{end.year}年{end.month}月"
    if start.month == end.month:
        return f"{start.year}年{start.month}月"
    return f"{start.year}年{start.month}-{end.month}月"


def download(content, filename, content_type, inline=False):
    """A file response with a Chinese file name, encoded as RFC 6266 asks (browsers show
    "隐患台账-20261130.xlsx", not a percent-escaped or English name)."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline)
    return response
