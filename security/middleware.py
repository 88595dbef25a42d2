"""Per-request account rules: idle timeout and the forced password change.

Idle timeout is kept here rather than by cookie age alone because the page's
background refresh (the inbox badge) would otherwise keep a forgotten session
alive for ever: background requests do not count as activity.
"""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import SecurityPolicy

# Requests the page makes by itself, not the user.
BACKGROUND_PATHS = ("/inbox/badge/",)
# The last activity is written at most this often: the idle timeout counts in minutes, and a session
# saved on every request is a write transaction on every page view.
ACTIVITY_RESOLUTION = 60
# Reachable while a password change is pending.
OPEN_PREFIXES = ("/accounts/", "/static/", "/jubao/", "/shuangsuiji/", "/api/")


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            policy = SecurityPolicy.current()
            request.security_policy = policy
            background = request.path.startswith(BACKGROUND_PATHS)
            now = int(time.time())
            last = request.session.get("last_activity", now)
            if now - last > policy.idle_minutes * 60:
                logout(request)
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("login")
                    return response
                messages.info(request, f"超过 {policy.idle_minutes} 分钟未操作，已自动退出，请重新登录。")
                return redirect(f"{reverse('login')}?next={request.path}")
            if not background and (now - last >= ACTIVITY_RESOLUTION or "last_activity" not in request.session):
                request.session["last_activity"] = now
            if (user.must_change_password or user.password_expired(policy)) and \
                    not request.path.startswith(OPEN_PREFIXES):
                return redirect("password_change")
        return self.get_response(request)
