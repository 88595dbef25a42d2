"""Entry points for the scheduler (django-q2 schedules, see notify.schedule)."""

from .delivery import deliver_due
from .reminders import run_pass


def daily_pass():
    result = run_pass()
    sent, failed = deliver_due()
    return f"digests={result.digests} lines={result.lines} sent={sent} failed={failed}"


def deliver():
    sent, failed = deliver_due()
    return f"sent={sent} failed={failed}"
