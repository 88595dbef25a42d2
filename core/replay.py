"""Sent twice, done once: the idempotency key of what a phone queued offline.

A field page (an inspection's answers, a hazard report, an enterprise's self-check, a signature) that has no
network keeps what was entered on the phone and sends it when the network returns, with a key made when it
was entered. A reply can be lost after the server has done the work; the phone then sends it again. The
service asks `seen` first — a key this user has sent before gives back what it made, and nothing is done
again — and calls `keep` once the work is done, inside its own transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from .exceptions import ServiceError


def clean(key):
    return (key or "").strip()[:64]


def seen(user, key, model):
    """What `user` made with `key` before (an instance of `model`), or None for a new key."""
    from .models import ReplayKey

    key = clean(key)
    if not key:
        return None
    row = ReplayKey.objects.filter(user=user, key=key, content_type=ContentType.objects.get_for_model(model)).first()
    return model._default_manager.filter(pk=row.object_id).first() if row else None


def keep(user, key, obj):
    """Remember that `key` made `obj`. The same key arriving twice at the same moment: the second waits for
    the first and is refused here, its transaction (and so its copy of the work) rolled back."""
    from .models import ReplayKey

    key = clean(key)
    if not key:
        return
    try:
        with transaction.atomic():
            ReplayKey.objects.create(user=user, key=key, content_type=ContentType.objects.get_for_model(obj),
                                     object_id=obj.pk)
    except IntegrityError:
        raise ServiceError("这条记录正在提交或已提交，请刷新页面查看。") from None
