"""Login lockout, done by django-axes and tuned by the security policy.

Failures are counted per account and, separately, per client address: either
reaching the threshold locks logins for that account (from anywhere) or from
that address (for any account) until the cool-off ends. A success resets the
account's count. The settings point here so the policy row decides the numbers.
"""

import datetime

from django.dispatch import receiver
from django.shortcuts import render

from audit import capture
from audit.models import AuditEntry
from axes.signals import user_locked_out
from org.forms import LoginForm

from .models import SecurityPolicy


def failure_limit(request, credentials):
    return SecurityPolicy.current().lockout_threshold


def cool_off(request=None):
    return datetime.timedelta(minutes=SecurityPolicy.current().lockout_minutes)


def lockout_response(request, credentials, *args):
    """The login page again, saying why and for how long (HTTP 429)."""
    minutes = SecurityPolicy.current().lockout_minutes
    message = (f"登录失败次数过多，该账号或本机地址已被锁定 {minutes} 分钟。"
               "请稍后再试，或联系安全管理员解锁。")
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": message}, status=429)
    form = LoginForm(request, data=None)
    return render(request, "registration/login.html", {"form": form, "locked_message": message}, status=429)


@receiver(user_locked_out, dispatch_uid="security-locked-out")
def _log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    capture.write(AuditEntry.Kind.LOCKED_OUT, request=request, object_type="org.user",
                  object_repr=str(username or "")[:200], detail=f"用户名：{username or ''}，地址：{ip_address or ''}")
