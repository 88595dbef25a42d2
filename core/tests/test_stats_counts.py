"""core.stats.counts: several querysets counted in one statement, each equal to its own .count() —
scoped querysets with subqueries and parameters, an empty one (none()) and a filtered-away one."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import stats
from enterprises.models import Enterprise
from org.models import Unit


def test_counts_equal_each_querysets_own_count_in_one_query(world):
    querysets = {
        "units_a": Unit.objects.for_user(world.u.safety).filter(active=True),
        "units_province": Unit.objects.for_user(world.u.province),
        "firms_a": Enterprise.objects.for_user(world.u.safety).exclude(status="cancelled"),
        "firms_named": Enterprise.objects.filter(name__contains="物流"),
        "nothing": Unit.objects.for_user(world.u.auditor),  # 三员: none()
        "no_match": Enterprise.objects.filter(name="没有这家企业"),
    }
    expected = {name: qs.count() for name, qs in querysets.items()}
    assert expected["units_province"] > expected["units_a"] > 0
    assert expected["firms_named"] == 2 and expected["nothing"] == 0
    with CaptureQueriesContext(connection) as queries:
        got = stats.counts(**querysets)
    assert got == expected
    assert len(queries) == 1


def test_counts_of_only_empty_querysets_ask_nothing(world):
    with CaptureQueriesContext(connection) as queries:
        assert stats.counts(a=Unit.objects.none(), b=Enterprise.objects.none()) == {"a": 0, "b": 0}
    assert len(queries) == 0
