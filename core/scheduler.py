"""One scheduler per database (issue 26): a lease row the running scheduler holds and renews.

acquire() takes the lease when it is free, expired or already ours; renew() keeps it (False once
another process took it over); release() frees it at a clean stop.
"""

import datetime
import os
import socket
import uuid

from django.db import transaction
from django.utils import timezone

from .models import SchedulerLease

NAME = "scheduler"


def _expired(lease, now):
    return lease.renewed_at is None or lease.renewed_at < now - datetime.timedelta(seconds=SchedulerLease.LEASE_SECONDS)


class Lease:
    def __init__(self, name=NAME):
        self.name = name
        self.holder = uuid.uuid4().hex

    @transaction.atomic
    def acquire(self):
        """(True, None) when this process now holds the lease, else (False, the holder's row)."""
        now = timezone.now()
        lease, _ = SchedulerLease.objects.select_for_update().get_or_create(name=self.name)
        if lease.holder and lease.holder != self.holder and not _expired(lease, now):
            return False, lease
        lease.holder, lease.host, lease.pid, lease.renewed_at = self.holder, socket.gethostname(), os.getpid(), now
        lease.save()
        return True, lease

    def renew(self):
        return bool(SchedulerLease.objects.filter(name=self.name, holder=self.holder)
                    .update(renewed_at=timezone.now()))

    def release(self):
        SchedulerLease.objects.filter(name=self.name, holder=self.holder).update(holder="", renewed_at=None, pid=0)
