"""Sending queued deliveries, with retries (SPEC §10, issue 8).

Run by the scheduler every minute. A worker claims a row by moving its next_attempt_at
forward with a conditional UPDATE — a second worker's UPDATE then matches nothing — and
sends outside any transaction, so a slow robot holds no lock. A failure waits 1, 5, 30,
120 and 360 minutes before the next try; after the sixth it stays 发送失败 for the
administrator (/notify/deliveries/), who can send it again.

A unit's robot gets one post per sweep (issue 18): the sweep's due deliveries to the same
robot are sent together — the same message to three members of the unit is one line, and
different messages are one post with their texts in turn. Each delivery keeps its own row,
so the administrator still sees what reached whom; they succeed or fail together.
"""

import datetime
from collections import defaultdict

from django.utils import timezone

from .channels import DeliveryError, send
from .models import Delivery

BACKOFF_MINUTES = [1, 5, 30, 120, 360]
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
LEASE = datetime.timedelta(minutes=10)


def deliver_due(now=None, limit=200):
    """Send what is due; returns (sent, failed attempts)."""
    now = now or timezone.now()
    due = list(Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "pk").values_list("pk", "next_attempt_at")[:limit])
    claimed = [pk for pk, at in due if Delivery.objects.filter(
        pk=pk, status=Delivery.Status.PENDING, next_attempt_at=at).update(next_attempt_at=now + LEASE)]
    posts = defaultdict(list)  # one post per robot; one per e-mail
    for delivery in Delivery.objects.select_related("message", "webhook").filter(pk__in=claimed).order_by("pk"):
        posts[("robot", delivery.webhook_id) if delivery.webhook_id else ("one", delivery.pk)].append(delivery)
    sent = failed = 0
    for group in posts.values():
        try:
            send(group)
        except DeliveryError as exc:
            failed += len(group)
            for delivery in group:
                _failed(delivery, str(exc), now)
        else:
            sent += len(group)
            for delivery in group:
                Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now(),
                                                               attempts=delivery.attempts + 1, last_error="")
    return sent, failed


def _failed(delivery, reason, now):
    attempts = delivery.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        changes = {"status": Delivery.Status.FAILED}
    else:
        changes = {"next_attempt_at": now + datetime.timedelta(minutes=BACKOFF_MINUTES[attempts - 1])}
    Delivery.objects.filter(pk=delivery.pk).update(attempts=attempts, last_error=reason[:500], **changes)
