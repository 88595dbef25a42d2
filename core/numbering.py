"""Record numbers: YX-2024-00123 — the county's prefix, the year, a serial taken under a row lock."""

from .models import NumberCounter


def next_number(region, year, kind=""):
    """The next number for a record of this region's county and year. Records other than
    hazards pass a kind ("JC-" for inspections) so each register counts on its own."""
    county = region.county
    prefix = f"{kind}{county.abbr or county.code}"
    NumberCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = NumberCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:05d}"
