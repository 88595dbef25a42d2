"""Entry points for the scheduler (django-q2 schedules, see notify.schedule)."""

from core import planner

from .delivery import deliver_due
from .reminders import run_pass


def daily_pass():
    from inspections.schedules import run_due

    made = run_due()  # the period's scheduled inspections, once, before the morning's reminders
    result = run_pass()
    sent, failed = deliver_due()
    planner.refresh()  # the day's changes in the query planner's statistics (core/planner.py)
    return f"inspections={len(made)} digests={result.digests} lines={result.lines} sent={sent} failed={failed}"


def deliver():
    sent, failed = deliver_due()
    return f"sent={sent} failed={failed}"
