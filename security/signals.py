"""Keep the hash an account is leaving behind (PasswordHistory), whichever screen changed it."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from org.models import User

from .models import PasswordHistory


@receiver(pre_save, sender=User, dispatch_uid="security-password-history")
def _remember_old_password(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    old = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old and old != instance.password and not old.startswith("!"):
        PasswordHistory.objects.create(user_id=instance.pk, password=old)
        stale = PasswordHistory.objects.filter(user_id=instance.pk).values_list("pk", flat=True)[
            PasswordHistory.HISTORY_DEPTH:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
