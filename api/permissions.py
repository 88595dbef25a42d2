"""Account rules for API callers: a token keeps working after its account is locked,
deactivated or told to change its password — so every request asks again."""

from rest_framework.permissions import BasePermission

from security.accounts import refusal


class AccountInGoodStanding(BasePermission):
    message = "账号当前不能使用接口。"

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return True  # IsAuthenticated (or the view's own AllowAny) decides
        reason = refusal(user)
        if reason:
            self.message = reason
            return False
        return True
