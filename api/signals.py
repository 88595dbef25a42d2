"""Tokens follow the account: a new password, a deactivation or a lockout revokes them."""

from axes.signals import user_locked_out
from django.db.models.signals import pre_save
from django.dispatch import receiver

from org.models import User

from .authentication import revoke


@receiver(pre_save, sender=User, dispatch_uid="api-revoke-on-password")
def _revoke_on_change(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active", "auth_epoch").first()
    if before and (before["password"] != instance.password or (before["is_active"] and not instance.is_active)
                   or before["auth_epoch"] != instance.auth_epoch):
        revoke(instance)


@receiver(user_locked_out, dispatch_uid="api-revoke-on-lockout")
def _revoke_on_lockout(sender, request=None, username=None, **kwargs):
    if username:
        revoke(str(username))
