"""Date helpers. Deadlines and certificate dates are dates, not datetimes."""

import datetime


def add_years(d: datetime.date, years: int) -> datetime.date:
    """Same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


# The window every date typed into Zhiben must fall in: no record of a county bureau is older
# than 1950 or planned more than 30 years ahead. A date outside it is a typo or an attack, and
# beyond 9999 it would break date arithmetic (a 500) — so it is refused at input, in Chinese.
EARLIEST = datetime.date(1950, 1, 1)
YEARS_AHEAD = 30


def latest():
    from django.utils import timezone

    return add_years(timezone.localdate(), YEARS_AHEAD)


def window_error(value):
    """The Chinese refusal for a date (or datetime) outside the window, or ""."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        return ""
    last = latest()
    if value < EARLIEST or value > last:
        return f"日期应在 {EARLIEST:%Y-%m-%d} 至 {last:%Y-%m-%d} 之间。"
    return ""


def validate_window(value):
    """A validator (Django forms and DRF serializers alike) for the window above."""
    from django.core.exceptions import ValidationError

    message = window_error(value)
    if message:
        raise ValidationError(message, code="date_window")


def parse_param(text, default=None):
    """A date from a query string (?week=, ?end=): ISO and inside the window, else `default`."""
    try:
        value = datetime.date.fromisoformat(text or "")
    except (TypeError, ValueError):
        return default
    return default if window_error(value) else value
