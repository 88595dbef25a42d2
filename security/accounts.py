"""Whether an account may use the system right now — one answer for the login page, the
token endpoint and every API request (a token outlives the password it was issued for)."""

from django.db.models import Sum
from django.utils import timezone

from .lockout import cool_off
from .models import SecurityPolicy

LOCKED = "登录失败次数过多，账号已被锁定，请稍后再试或联系安全管理员解锁。"


def is_locked(username, policy=None):
    """True while the account's failed logins within the cool-off reach the threshold."""
    from axes.models import AccessAttempt

    policy = policy or SecurityPolicy.current()
    if not policy.lockout_threshold:
        return False
    failures = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=timezone.now() - cool_off()).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= policy.lockout_threshold


def refusal(user, policy=None):
    """Why this account may not use the API now (in Chinese), or None when it may."""
    policy = policy or SecurityPolicy.current()
    if not user.is_active:
        return "账号已停用，请联系系统管理员。"
    if is_locked(user.get_username(), policy):
        return LOCKED
    if user.must_change_password:
        return "该账号须先修改密码：请登录网页修改密码后再使用接口。"
    if user.password_expired(policy):
        return "密码已过期：请登录网页修改密码后再使用接口。"
    return None
