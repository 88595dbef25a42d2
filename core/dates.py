"""Date helpers. Deadlines and certificate dates are dates, not datetimes."""

import datetime


def add_years(d: datetime.date, years: int) -> datetime.date:
    """Same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)
