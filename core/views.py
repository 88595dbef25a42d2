from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render



def home(request):
    return redirect("dashboard")


def _api_or_page(request, status, message, template):
    """Error pages: JSON under /api/ (the schema documents {"detail": …}), HTML elsewhere."""
    from django.http import JsonResponse

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, template, {"message": message}, status=status)


def not_found(request, exception=None):
    return _api_or_page(request, 404, "未找到该页面或记录（可能不在您的数据范围内）。", "404.html")


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有权限进行该操作。"
    if request.path.startswith("/api/"):
        return _api_or_page(request, 403, message, "403.html")
    return render(request, "403.html", {"exception": message}, status=403)


BUSY = "系统繁忙，请稍后重试。"
RETRY_AFTER_SECONDS = 5
# What SQLite and PostgreSQL say when the database cannot take this write just now.
_BUSY_SIGNS = ("database is locked", "database table is locked", "readonly database", "read-only",
               "could not obtain lock", "lock timeout", "deadlock detected", "could not serialize access")


def database_busy(exc):
    """True for a database that is locked, read-only or otherwise refusing writes for now
    (a 503 the client may retry), as opposed to a bug (a 500)."""
    from django.db import DatabaseError

    return isinstance(exc, DatabaseError) and any(sign in str(exc).lower() for sign in _BUSY_SIGNS)


def server_error(request):
    import sys

    from django.http import HttpResponseServerError, JsonResponse
    from django.template import loader

    if database_busy(sys.exc_info()[1]):
        # No request context: the page must render without touching the busy database.
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": BUSY}, status=503)
        else:
            from django.http import HttpResponse

            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "系统暂时出现问题，请稍后重试。"}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def healthz(request):
    """For the load balancer in front of several app servers: 200 when this server can
    reach its database, 503 when it cannot (take it out of rotation). No session, no
    template: it is also the trivial endpoint bench/load.py compares pages against."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 — any database failure means "not ready"
        return JsonResponse({"status": "database unavailable"}, status=503)
    if not _can_write():
        return JsonResponse({"status": "database read-only or locked"}, status=503)
    return JsonResponse({"status": "ok"})


HEARTBEAT_EVERY = 5  # seconds: at most one heartbeat write per app server this often
_last_heartbeat = [0.0]


def _can_write():
    """Whether the database takes a write: one row touched at most every HEARTBEAT_EVERY
    seconds (a cheap check a load balancer may call every second)."""
    import time

    from django.db import transaction
    from django.utils import timezone

    from .models import Heartbeat

    now = time.monotonic()
    if now - _last_heartbeat[0] < HEARTBEAT_EVERY:
        return True
    try:
        with transaction.atomic():
            Heartbeat.objects.update_or_create(pk=1, defaults={"at": timezone.now()})
    except Exception:  # noqa: BLE001 — locked, read-only, full disk: all mean "stop sending traffic"
        return False
    _last_heartbeat[0] = now
    return True

