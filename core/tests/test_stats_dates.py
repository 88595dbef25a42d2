"""Dates in SQL (issue 23 §2): month and year keys computed by the database on the stored value, in
local time (Asia/Shanghai), and day ranges compared on the column itself — equal to what Python's
local calendar says for every row, on both databases, including the hours around midnight where
UTC and local dates differ."""

import datetime
import random

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import stats
from hazards.models import Hazard

UTC = datetime.timezone.utc


def make(world, sectors, n, **extra):
    fields = {"number": f"T-{n}", "level": "general", "state": "accepted", "sector": sectors["road-freight"],
              "region": world.a, "enterprise": world.alice_ent, "title": "t", "description": "d",
              "discovered_on": datetime.date(2026, 1, 1), "source": "supervision"} | extra
    return Hazard.objects.create(**fields)


def boundary_times():
    """Instants either side of local midnight at month and year ends, and random ones."""
    out = []
    for y, m in ((2025, 12), (2026, 1), (2026, 3), (2026, 6), (2026, 12)):
        last = (datetime.date(y + m // 12, m % 12 + 1, 1) - datetime.timedelta(days=1))
        midnight = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time()))
        out += [midnight - datetime.timedelta(minutes=1), midnight, midnight + datetime.timedelta(hours=7, minutes=59),
                midnight + datetime.timedelta(hours=8, minutes=1)]
    rng = random.Random(23)
    start = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    out += [start + datetime.timedelta(seconds=rng.randrange(3 * 365 * 86400), microseconds=rng.randrange(10**6))
            for _ in range(40)]
    return out


def test_month_and_year_keys_equal_the_local_calendar(world, sectors):
    moments = boundary_times()
    for i, at in enumerate(moments):
        make(world, sectors, i, accepted_at=at, discovered_on=timezone.localtime(at).date())
    rows = Hazard.objects.filter(number__startswith="T-").annotate(
        m=stats.month_of("accepted_at"), y=stats.year_of("accepted_at"), dm=stats.month_of("discovered_on"))
    for h in rows:
        local = timezone.localtime(h.accepted_at)
        assert h.m == f"{local:%Y-%m}", (h.accepted_at, h.m)
        assert h.y == f"{local:%Y}"
        assert h.dm == f"{h.discovered_on:%Y-%m}"
    # Grouped by month in SQL, the counts equal Python's grouping.
    grouped = dict(rows.values("m").annotate(n=Count("id")).values_list("m", "n"))
    expected = {}
    for at in moments:
        key = f"{timezone.localtime(at):%Y-%m}"
        expected[key] = expected.get(key, 0) + 1
    assert grouped == expected


def test_day_ranges_compare_the_column_and_keep_local_days(world, sectors):
    moments = boundary_times()
    for i, at in enumerate(moments):
        make(world, sectors, i, accepted_at=at)
    qs = Hazard.objects.filter(number__startswith="T-")
    for first, last in ((datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
                        (datetime.date(2025, 12, 31), datetime.date(2026, 3, 31)),
                        (datetime.date(2026, 6, 30), datetime.date(2026, 6, 30))):
        expected = {h.pk for h in qs if first <= timezone.localtime(h.accepted_at).date() <= last}
        assert set(qs.filter(stats.within_days("accepted_at", first, last)).values_list("pk", flat=True)) == expected
        after = {h.pk for h in qs if timezone.localtime(h.accepted_at).date() >= first}
        assert set(qs.filter(stats.on_or_after("accepted_at", first)).values_list("pk", flat=True)) == after
    # The filter is a plain comparison on the column (an index on it can serve it), no date cast.
    with CaptureQueriesContext(connection) as seen:
        list(qs.filter(stats.within_days("accepted_at", datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))))
    sql = seen[-1]["sql"].lower()
    assert "django_datetime_cast_date" not in sql and "::date" not in sql and "accepted_at\" >=" in sql
