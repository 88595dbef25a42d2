"""Two people act on the same hazard at the same moment: one wins, the other
gets a clear conflict message. Real threads, real transactions (SQLite
serialises them with IMMEDIATE transactions; PostgreSQL with the row lock)."""

import pytest

from core.exceptions import ConflictError, ServiceError
from hazards import services
from hazards.models import Hazard, State
from tests.concurrency import race, until_it_lands

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_acceptances_at_once_one_wins(world, make_hazard):
    h = make_hazard(State.AWAITING_ACCEPTANCE)
    v = h.version
    results = race(lambda: services.accept(world.u.road, h.pk, v, "合格"),
                   lambda: services.fail_acceptance(world.u.safety, h.pk, v, "不合格"))
    winners = [r for r in results if isinstance(r, Hazard)]
    losers = [r for r in results if isinstance(r, ServiceError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], ConflictError) and "已被他人处理" in losers[0].message
    final = Hazard.objects.get(pk=h.pk)
    assert final.state == winners[0].state
    assert final.events.filter(type__in=["accepted", "failed"]).count() == 1


def test_two_edits_at_once_one_wins(world, make_hazard):
    h = make_hazard()
    v = h.version
    results = race(lambda: services.edit(world.u.road, h.pk, v, {"title": "甲的修改"}),
                   lambda: services.edit(world.u.safety, h.pk, v, {"title": "乙的修改"}))
    assert sum(isinstance(r, Hazard) for r in results) == 1
    assert sum(isinstance(r, ConflictError) for r in results) == 1
    assert Hazard.objects.get(pk=h.pk).title in ("甲的修改", "乙的修改")


def test_numbers_stay_unique_under_concurrent_reports(world, sectors):
    from .conftest import photo

    def report():
        return services.report_hazard(world.u.alice, {"title": "并发上报", "description": "d",
                                                      "sector": sectors["road-freight"]}, [photo()])

    results = race(*[report for _ in range(4)])
    assert all(isinstance(r, Hazard) for r in results), results
    assert len({r.number for r in results}) == 4


def test_writers_that_retry_on_conflict_lose_nothing(world, make_hazard):
    """Five people each append to the same hazard's description, re-reading after a
    conflict. Without the version check, some lines would vanish."""
    h = make_hazard()

    def writer(i):
        def attempt():
            current = Hazard.objects.get(pk=h.pk)
            return services.edit(world.u.safety, h.pk, current.version, {"description": f"{current.description}[{i}]"})
        return lambda: until_it_lands(attempt)

    start = Hazard.objects.get(pk=h.pk)
    results = race(*[writer(i) for i in range(5)])
    assert all(isinstance(r, Hazard) for r in results), results
    final = Hazard.objects.get(pk=h.pk)
    added = final.description[len(start.description):]
    assert sorted(added.strip("[]").split("][")) == [str(i) for i in range(5)]
    assert final.version == start.version + 5
