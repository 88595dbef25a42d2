"""Every list page reads in a fixed number of queries, whatever the number of rows (no N+1):
on the demo county, where each list has dozens of rows, the count is pinned a little above
what the page needs today. An N+1 would add a query per row and break the pin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.models import User
from plans.models import Plan

# (user, path, pinned max): what the page needs today plus two. The demo's lists hold from a
# handful to 30 rows a page, so one query per row would break the pin.
PAGES = [
    ("safety", "/hazards/", 16), ("safety", "/enterprises/", 15), ("safety", "/risks/", 13),
    ("safety", "/inspections/", 15), ("safety", "/inspections/actions/", 13), ("safety", "/tipoffs/", 11),
    ("safety", "/accidents/", 11), ("safety", "/org/people/", 11), ("safety", "/org/units/", 11),
    ("safety", "/plans/calendar/?due_from=2020-01-01&due_to=2030-12-31", 10),
    ("safety", "/plans/{plan}/", 18), ("safety", "/todo/", 25), ("unit", "/todo/", 36),
    ("enterprise", "/todo/", 21), ("safety", "/safety/drills/compliance/", 14),
    ("safety", "/duties/", 18), ("safety", "/obligations/board/", 18), ("safety", "/appraisal/rounds/{round_published}/", 15),
    # A draft 考核 scores live: one grouped query per rule over all the units (or the 58 enterprises).
    ("safety", "/appraisal/rounds/{round_units}/", 30), ("safety", "/appraisal/rounds/{round_firms}/", 24),
    # The 工作台: its figures a query each (small counts in one), whatever the records (coverage targets read once).
    ("safety", "/", 36), ("unit", "/", 49), ("enterprise", "/", 21),
    ("safety", "/reports/received/", 11), ("city", "/reports/received/", 11), ("city", "/reports/received/{city_period}", 23),
]


def _city_period():
    """The latest past period of the city's notice (乌审旗 handed in, 鄂托克前旗 did not)."""
    from plans.models import Slot

    slot = Slot.objects.filter(duty__plan__region__code="150600", submitted_at__isnull=False).order_by("-due_date").first()
    return f"{slot.duty_id}/{slot.due_date:%Y-%m-%d}/"


def _rounds():
    """The demo's 考核 rounds: the published unit quarter, the unit year and the enterprise year (both scoring)."""
    from appraisal.models import Round

    rounds = Round.objects.select_related("scheme")
    return {"round_published": rounds.filter(state="published").first().pk,
            "round_units": rounds.filter(state="draft", scheme__target="units").first().pk,
            "round_firms": rounds.filter(state="draft", scheme__target="enterprises").first().pk}


@pytest.mark.parametrize("username, path, pinned", PAGES)
def test_a_list_reads_in_a_fixed_number_of_queries(demo_db, client, username, path, pinned):
    client.force_login(User.objects.get(username=username))
    path = path.format(plan=Plan.objects.order_by("pk").first().pk, city_period=_city_period(), **_rounds())
    client.get(path)  # warm the session and per-user caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert len(queries) <= pinned, (path, len(queries))


def test_the_duty_board_counts_each_period_as_its_list_does(demo_db):
    """履职情况 reads a duty's whole year in one or two queries (tallies); each period's figure is still the
    count of the very list its badge opens (counted over evidence())."""
    import datetime

    from duties import compliance
    from duties.models import Duty

    today = datetime.date.today()
    kinds = set()
    for duty in Duty.objects.filter(active=True):
        for p in compliance.status(duty, today.year, today):
            if p.state != "未开始":
                assert (p.count, p.needed) == compliance.counted(duty, p.start, p.end), (duty.title, p.label)
                kinds.add(duty.evidence)
    assert {"led_inspection", "work", "report", "enterprise_check"} <= kinds
