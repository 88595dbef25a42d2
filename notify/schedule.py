"""The two standing jobs, kept in django-q's schedule table after every migrate:
the daily reminder pass (NOTIFY_DAILY_AT, local time) and the delivery sweep (every minute)."""

import datetime

from django.conf import settings
from django.utils import timezone

DAILY = "治本：每日提醒"
SWEEP = "治本：外发消息"


def next_daily_run(now=None):
    now = timezone.localtime(now)
    hour, minute = (int(x) for x in settings.NOTIFY_DAILY_AT.split(":"))
    run = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def ensure_schedules(using="default", **kwargs):
    from django_q.models import Schedule

    Schedule.objects.using(using).get_or_create(name=DAILY, defaults={
        "func": "notify.tasks.daily_pass", "schedule_type": Schedule.DAILY, "next_run": next_daily_run(),
        "repeats": -1})
    Schedule.objects.using(using).get_or_create(name=SWEEP, defaults={
        "func": "notify.tasks.deliver", "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1})
