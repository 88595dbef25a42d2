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


def server_error(request):
    from django.http import HttpResponseServerError, JsonResponse
    from django.template import loader

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
    return JsonResponse({"status": "ok"})
