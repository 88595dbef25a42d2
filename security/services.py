"""State changes of the security administrator's screens and of one's own password.
Each checks the role, runs in a transaction and is written to the audit log
(the model signals record the before/after of the policy row)."""

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from audit import capture
from audit.models import AuditEntry
from axes.models import AccessAttempt
from org.roles import Role

from .models import SecurityPolicy

POLICY_FIELDS = ["min_length", "min_classes", "max_age_days", "lockout_threshold", "lockout_minutes", "idle_minutes"]


def is_security_admin(user):
    return user.is_authenticated and (user.role == Role.SECURITY_ADMIN or user.is_superuser)


@transaction.atomic
def save_policy(user, data):
    if not is_security_admin(user):
        raise PermissionDenied("安全策略由安全管理员设置。")
    policy = SecurityPolicy.objects.select_for_update().filter(pk=1).first() or SecurityPolicy(pk=1)
    for name in POLICY_FIELDS:
        setattr(policy, name, data[name])
    policy.updated_at, policy.updated_by = timezone.now(), user
    policy.save()
    return policy


@transaction.atomic
def unlock(user, *, username="", ip=""):
    """Lift a lockout before its cool-off ends (the person rang the security administrator):
    an account (failures from every address) or an address (failures for every account)."""
    if not is_security_admin(user):
        raise PermissionDenied("解除锁定由安全管理员操作。")
    if username:
        attempts = AccessAttempt.objects.filter(username=username)
        what = f"账号 {username}"
    elif ip:
        attempts = AccessAttempt.objects.filter(ip_address=ip)
        what = f"地址 {ip}"
    else:
        return 0
    failures = sum(attempts.values_list("failures_since_start", flat=True))
    count, _ = attempts.delete()
    if count:
        capture.write(AuditEntry.Kind.UPDATE, user=user, object_type="axes.accessattempt",
                      object_repr=what, detail=f"解除登录锁定：{what}（此前失败 {failures} 次）")
    return count


@transaction.atomic
def logout_everywhere(request):
    """退出所有设备: every session of the account (this one too) and every API token end."""
    from django.contrib.auth import logout

    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    user.auth_epoch += 1
    user.save(update_fields=["auth_epoch"])  # the API app revokes the tokens on this save
    capture.write(AuditEntry.Kind.LOGOUT, user=user, request=request, obj=user, detail="退出所有设备（含接口令牌）")
    logout(request)


@transaction.atomic
def set_large_text(request, on):
    """大字版 (适老化): the user's own choice, remembered on the account for every device."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    if user.large_text != bool(on):
        user.large_text = bool(on)
        user.save(update_fields=["large_text"])
        capture.write(AuditEntry.Kind.UPDATE, user=user, request=request, obj=user,
                      changes={"large_text": [not user.large_text, user.large_text]},
                      detail="切换为大字版" if on else "切换为标准字号")
    return user


@transaction.atomic
def change_own_password(request, form):
    """The user sets a password of their own (first login, expiry, or by choice)."""
    user = form.save(commit=False)
    user.must_change_password = False
    user.save()
    update_session_auth_hash(request, user)
    return user
