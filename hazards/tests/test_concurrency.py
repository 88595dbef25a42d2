"""Two people act on the same hazard at the same moment: one wins, the other
gets a clear conflict message. Real threads, real transactions (SQLite
serialises them with IMMEDIATE transactions; PostgreSQL with the row lock)."""

import threading

import pytest
from django.db import connection

from core.exceptions import ConflictError, ServiceError
from hazards import services
from hazards.models import Hazard, State

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 — the outcome is what we assert
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


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
