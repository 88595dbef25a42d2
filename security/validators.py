"""Password complexity from the security policy (replaces Django's fixed minimum length)."""

import string

from django.core.exceptions import ValidationError

CLASSES = [
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum()),
]


class PolicyValidator:
    def validate(self, password, user=None):
        from .models import SecurityPolicy

        policy = SecurityPolicy.current()
        problems = []
        if len(password) < policy.min_length:
            problems.append(f"长度至少 {policy.min_length} 位（当前 {len(password)} 位）")
        present = [name for name, test in CLASSES if any(test(c) for c in password)]
        if len(present) < policy.min_classes:
            missing = "、".join(name for name, _ in CLASSES if name not in present)
            problems.append(f"大写字母、小写字母、数字、符号中至少包含 {policy.min_classes} 类（还可加入：{missing}）")
        if problems:
            raise ValidationError("密码不符合安全策略：" + "；".join(problems) + "。", code="password_policy")

    def get_help_text(self):
        from .models import SecurityPolicy

        policy = SecurityPolicy.current()
        return (f"密码至少 {policy.min_length} 位，并包含大写字母、小写字母、数字、符号中的至少 "
                f"{policy.min_classes} 类。")


class HistoryValidator:
    """Not the current password, nor one of the last PasswordHistory.HISTORY_DEPTH."""

    def validate(self, password, user=None):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import check_password

        from .models import PasswordHistory

        if user is None or not getattr(user, "pk", None):
            return
        stored = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        earlier = PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[
            :PasswordHistory.HISTORY_DEPTH]
        if any(h and check_password(password, h) for h in [stored, *earlier]):
            raise ValidationError(f"不能使用当前密码或最近 {PasswordHistory.HISTORY_DEPTH} 次用过的密码。",
                                  code="password_reused")

    def get_help_text(self):
        return "不能与当前密码或最近 5 次用过的密码相同。"
