"""API tokens that expire (settings.API_TOKEN_HOURS from their issue) and are revoked when
the account's password changes, it is deactivated or locked out, or its owner signs out
everywhere (security.services.logout_everywhere)."""

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

EXPIRED = "接口令牌已过期，请重新获取。"


def lifetime():
    return datetime.timedelta(hours=settings.API_TOKEN_HOURS)


def expires_at(token):
    return token.created + lifetime()


def issue(user):
    """The caller's token: the current one while it is valid, else a fresh one."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.filter(user=user).first()
    if token is not None and expires_at(token) <= timezone.now():
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def revoke(user_or_username):
    from rest_framework.authtoken.models import Token

    if isinstance(user_or_username, str):
        return Token.objects.filter(user__username=user_or_username).delete()
    return Token.objects.filter(user=user_or_username).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expires_at(token) <= timezone.now():
            token.delete()
            raise AuthenticationFailed(EXPIRED)
        return user, token
