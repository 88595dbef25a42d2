"""The security administrator's screen, and every user's own password page."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from axes.models import AccessAttempt
from core.forms import errors_text
from org.models import User

from . import services
from .forms import OwnPasswordForm, PolicyForm
from .lockout import cool_off
from .models import SecurityPolicy


def _locks(policy):
    """Accounts and addresses whose failures inside the cool-off reach the threshold."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off())

    def grouped(field):
        return [dict(row, until=row["last"] + cool_off(), locked=row["failures"] >= policy.lockout_threshold)
                for row in recent.exclude(**{field: ""}).values(field)
                .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time")).order_by("-last")[:100]]

    return grouped("username"), grouped("ip_address")


@login_required
def home(request):
    if not services.is_security_admin(request.user):
        raise PermissionDenied("安全设置由安全管理员管理。")
    policy = SecurityPolicy.current()
    form = PolicyForm(request.POST or None, instance=SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy())
    if request.method == "POST":
        if form.is_valid():
            services.save_policy(request.user, form.cleaned_data)
            messages.success(request, "安全策略已保存，立即生效。")
            return redirect("security:home")
        messages.error(request, errors_text(form))
    accounts, addresses = _locks(policy)
    pending = _pending_change(policy)
    return render(request, "security/home.html", {
        "form": form, "policy": policy, "accounts": accounts, "addresses": addresses,
        "pending_change": pending.order_by("username")[:200], "pending_count": pending.count()})


def _pending_change(policy):
    """Active accounts that must set a new password at their next login (same rule as User.password_expired)."""
    due = Q(must_change_password=True)
    if policy.max_age_days:
        cutoff = timezone.now() - datetime.timedelta(days=policy.max_age_days)
        due |= Q(password_changed_at__lt=cutoff) | Q(password_changed_at__isnull=True, date_joined__lt=cutoff)
    return User.objects.filter(due, is_active=True).exclude(password__startswith="!")


@login_required
@require_POST
def unlock(request):
    count = services.unlock(request.user, username=request.POST.get("username", "").strip(),
                            ip=request.POST.get("ip", "").strip())
    messages.success(request, "已解除锁定。" if count else "没有需要解除的锁定。")
    return redirect("security:home")


@login_required
@require_POST
def logout_everywhere(request):
    services.logout_everywhere(request)
    messages.success(request, "已退出所有设备，接口令牌已作废。请重新登录。")
    return redirect("login")


@login_required
@require_POST
def large_text(request):
    """The top bar's 大字版 / 标准字号 switch: back to the page it was pressed on."""
    from django.utils.http import url_has_allowed_host_and_scheme

    services.set_large_text(request, request.POST.get("on") == "1")
    back = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    return redirect(back)


@login_required
def password_change(request):
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_own_password(request, form)
        messages.success(request, "密码已修改。")
        return redirect("dashboard")
    policy = getattr(request, "security_policy", None) or SecurityPolicy.current()
    reason = ""
    if request.user.must_change_password:
        reason = "首次登录或管理员重置了您的密码，请先设置您自己的密码。"
    elif request.user.password_expired(policy):
        reason = f"您的密码已超过 {policy.max_age_days} 天未修改，请设置新密码后继续使用。"
    return render(request, "security/password_change.html", {"form": form, "reason": reason, "policy": policy})
