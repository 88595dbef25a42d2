"""Changes to the 判定标准 catalogue. Criteria are retired, never deleted, so
every hazard keeps the criterion it was judged by."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from org.roles import Role

from .models import Criterion, CriterionEvent

FIELDS = ("code", "standard", "sector", "scope_note", "text", "active")


@transaction.atomic
def save_criterion(user, instance, data):
    if user.role != Role.SAFETY_OFFICE:
        raise PermissionDenied("判定标准由安委办维护。")
    if instance is None:
        instance = Criterion()
        before = None
    else:
        instance = Criterion.objects.select_for_update().get(pk=instance.pk)
        before = {f: str(getattr(instance, f)) for f in FIELDS}
    for f in FIELDS:
        setattr(instance, f, data[f])
    instance.updated_at = timezone.now()
    instance.save()
    CriterionEvent.objects.create(
        criterion=instance, actor=user, type="created" if before is None else "updated",
        data={"before": before, "after": {f: str(getattr(instance, f)) for f in FIELDS}},
    )
    return instance
