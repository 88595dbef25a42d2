"""Two reminder passes at once, in two processes, against the same database: every person
still gets exactly one digest, and every (rule, item, person, day) is logged once."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.db.models import Count

from conftest import UserFactory
from notify.models import Message, SentLog
from notify.reminders import _write_digest, run_pass

ROOT = Path(settings.BASE_DIR)


def database_url():
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_processes_at_once_send_one_digest_each(world, make_hazard):
    for n in range(30):  # enough digests that the two passes interleave
        UserFactory(username=f"road_{n}", role="unit_staff", unit=world.road_unit)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        make_hazard(datetime.date(2026, 12, 10))
        make_hazard(datetime.date(2026, 12, 13), "灭火器过期")
    env = dict(os.environ, DATABASE_URL=database_url())
    cmd = [sys.executable, "manage.py", "run_reminders", "--once", "--today", "2026-12-10"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    recipients = 32  # alice, road_a and the 30 colleagues (owners of both hazards)
    made = [int(out.split("digests=")[1].split()[0]) for out, _ in outs]
    assert sum(made) == recipients, outs  # split between the processes, never doubled
    per_person = Message.objects.filter(kind="digest").values("recipient").annotate(n=Count("id"))
    assert len(per_person) == recipients and {row["n"] for row in per_person} == {1}
    assert SentLog.objects.count() == 2 * recipients  # two items each: due today and 3 days ahead
    assert SentLog.objects.values("rule", "item", "recipient", "day").distinct().count() == SentLog.objects.count()


def test_a_pass_that_lost_the_race_leaves_the_person_alone(world, make_hazard):
    """The constraint, not the pre-check, is what holds: a digest written in between makes
    the stale writer back off without a second message or a half-written log."""
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        make_hazard(datetime.date(2026, 12, 10))
    run_pass(datetime.date(2026, 12, 10))
    first = Message.objects.get(recipient=world.u.road)
    logged = SentLog.objects.count()
    from notify.models import ReminderRule
    from notify.sources import hazards

    [item] = hazards({datetime.date(2026, 12, 10)}, None)
    rule = ReminderRule.objects.get(source="hazard", offset_days=0, audience="owner")
    assert _write_digest(world.u.road.pk, datetime.date(2026, 12, 10), [(rule, item, datetime.date(2026, 12, 10))]) \
        is False
    assert list(Message.objects.filter(recipient=world.u.road)) == [first] and SentLog.objects.count() == logged
