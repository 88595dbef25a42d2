"""The sign-in backend (after django-axes' lockout check): Django's model backend, with the account's
anchors read with the account.

Every page asks the user's region (the scope door, the level of the office) and many its unit or
enterprise: read with the user in one query by key instead of one query each on every request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("region", "unit__region", "enterprise").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
