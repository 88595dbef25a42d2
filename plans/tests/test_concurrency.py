"""Concurrent writers on tasks and reporting slots: real threads, real transactions
(run on SQLite and, in `make test`, on PostgreSQL). Nobody's change is silently lost:
a writer either lands or is told the record changed under it."""


import pytest

from core.testing import document

from core.exceptions import ConflictError, ServiceError
from core.testing import SAMPLES
from plans import services
from plans.models import DutyEvent, Slot, Task
from plans.parsing import parse_file
from tests.concurrency import race, until_it_lands

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(world):
    parsed = parse_file(SAMPLES / "qinshui-2024-plan.txt")
    first = next(t for t in parsed["tasks"] if t["take"])  # the first task the review offers ticked
    first["lead_units"] = ["运输服务中心"]
    first["units"] = ["公路养护中心"]
    return services.import_plan(world.u.safety, parsed, {"运输服务中心": world.road_unit.pk,
                                                         "公路养护中心": world.highway_unit.pk})


def test_two_task_edits_at_once_one_wins(world, plan):
    task = plan.tasks.get(order=0)
    results = race(lambda: services.edit_task(world.u.safety, task.pk, 1, {"measures": "甲的措施"}),
                   lambda: services.edit_task(world.u.safety, task.pk, 1, {"measures": "乙的措施"}))
    winners = [r for r in results if isinstance(r, Task)]
    assert len(winners) == 1 and sum(isinstance(r, ConflictError) for r in results) == 1, results
    final = Task.objects.get(pk=task.pk)
    assert final.measures == winners[0].measures and final.version == 2
    assert final.events.filter(type="edited").count() == 1


def test_writers_that_retry_on_conflict_lose_nothing(world, plan):
    """Six people each add a line to the same task's measures, re-reading after a
    conflict. Without the version check, some lines would vanish."""
    task = plan.tasks.get(order=0)

    def writer(i):
        def attempt():
            current = Task.objects.get(pk=task.pk)
            return services.edit_task(world.u.safety, task.pk, current.version,
                                      {"measures": f"{current.measures}[{i}]"})
        return lambda: until_it_lands(attempt)

    results = race(*[writer(i) for i in range(6)])
    assert all(isinstance(r, Task) for r in results), results
    final = Task.objects.get(pk=task.pk)
    assert sorted(final.measures.strip("[]").split("][")) == [str(i) for i in range(6)]
    assert final.version == 7 and final.events.filter(type="edited").count() == 6


def test_progress_from_two_units_at_once_both_land(world, plan):
    task = plan.tasks.get(order=0)
    road, highway = world.u.road, world.u.highway
    results = race(*[lambda u=u: services.report_progress(u, task.pk, period="2026-11", text=f"{u.username}进展",
                                                         percent=40, delay_reason="进行中")
                     for u in (road, highway)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert set(task.progress.values_list("unit_id", flat=True)) == {world.road_unit.pk, world.highway_unit.pk}


def test_an_edit_racing_a_completion_never_drops_either(world, plan):
    task = plan.tasks.get(order=0)
    results = race(lambda: services.edit_task(world.u.safety, task.pk, 1, {"measures": "新措施"}),
                   lambda: services.report_progress(world.u.road, task.pk, period="2026-11", text="完成",
                                                    percent=100))
    final = Task.objects.get(pk=task.pk)
    assert final.completed_at  # progress never waits on a version
    if isinstance(results[0], ConflictError):  # the completion came first: the editor is told
        assert final.measures != "新措施" and final.version == 2
    else:
        assert isinstance(results[0], Task), results
        assert final.measures == "新措施" and final.version == 3


def test_two_submissions_of_one_slot_at_once_one_lands(world, plan):
    slot = Slot.objects.filter(duty__plan=plan, duty__kind="document", unit=world.road_unit).order_by("due_date").first()
    results = race(lambda: services.submit_slot(world.u.road, slot.pk, "甲报送", version=1, files=[document()]),
                   lambda: services.submit_slot(world.u.safety, slot.pk, "乙登记", version=1, files=[document()]))
    winners = [r for r in results if isinstance(r, Slot)]
    assert len(winners) == 1 and sum(isinstance(r, ServiceError) for r in results) == 1, results
    final = Slot.objects.get(pk=slot.pk)
    assert final.note == winners[0].note and final.version == 2
    assert DutyEvent.objects.filter(type="submitted", data__slot=slot.pk).count() == 1


def test_two_revocations_at_once_one_lands(world, plan):
    slot = Slot.objects.filter(duty__plan=plan, duty__kind="document", unit=world.road_unit).order_by("due_date").first()
    services.submit_slot(world.u.road, slot.pk, "首次报送", files=[document()])
    results = race(lambda: services.revoke_slot(world.u.safety, slot.pk, 2, "误登"),
                   lambda: services.revoke_slot(world.u.safety, slot.pk, 2, "误登"))
    assert sum(isinstance(r, Slot) for r in results) == 1
    assert sum(isinstance(r, ConflictError) for r in results) == 1, results
    assert Slot.objects.get(pk=slot.pk).version == 3
    assert DutyEvent.objects.filter(type="revoked", data__slot=slot.pk).count() == 1
