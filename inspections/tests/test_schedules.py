"""周期检查计划 (issue 22 §6): a schedule makes its period's inspection once — the second run, and a run at the
same moment, make nothing more; 红 firms get their own, more frequent run and leave the ordinary one."""

import datetime

import pytest

from conftest import EnterpriseFactory
from core.exceptions import ServiceError
from inspections import schedules
from inspections.models import Inspection, ScheduleRun
from tests.concurrency import race


def make(world, sectors, officers, **extra):
    return schedules.create_schedule(world.u.road, **{
        "title": "两客一危企业季度检查", "kind": "supervisory", "sector": sectors["road"], "every": "quarter",
        "lead_unit": world.road_unit, "leader": officers[0], "members": officers[:2], "with_criteria": False} | extra)


@pytest.mark.django_db
def test_a_period_is_made_once_and_the_next_period_again(world, sectors, officers):
    schedule = make(world, sectors, officers)
    first = schedules.run_due(datetime.date(2026, 11, 5))
    assert len(first) == 1 and first[0].period_start == datetime.date(2026, 10, 1)
    inspection = first[0].inspection
    assert inspection.targets.filter(enterprise=world.alice_ent).exists() and inspection.lead_unit == world.road_unit
    assert schedules.run_due(datetime.date(2026, 11, 20)) == []  # same quarter: nothing new
    assert Inspection.objects.count() == 1
    assert len(schedules.run_due(datetime.date(2027, 1, 2))) == 1  # the next quarter
    assert ScheduleRun.objects.filter(schedule=schedule).count() == 2


@pytest.mark.django_db
def test_red_firms_are_visited_more_often_and_only_in_their_own_run(world, sectors, officers):
    from hazards.models import Hazard

    red = EnterpriseFactory(name="甲县红色运输公司", region=world.a_town, sectors=[sectors["road-freight"]])
    Hazard.objects.create(number="YH-R1", title="重大隐患", description="x", level="major", sector=sectors["road-freight"],
                          region=world.a_town, enterprise=red, reported_by=world.u.road,
                          discovered_on=datetime.date(2026, 10, 1), state=Hazard.State.RECTIFYING, source="supervision")
    make(world, sectors, officers, red_every="month")
    made = {r.band: r for r in schedules.run_due(datetime.date(2026, 11, 5))}
    red_firms = set(made["red"].inspection.targets.values_list("enterprise", flat=True))
    all_firms = set(made["all"].inspection.targets.values_list("enterprise", flat=True))
    assert red_firms == {red.pk} and red.pk not in all_firms and world.alice_ent.pk in all_firms
    later = schedules.run_due(datetime.date(2026, 12, 3))  # December: a new month, the same quarter
    assert [r.band for r in later] == ["red"]
    with pytest.raises(ServiceError, match="高于"):
        make(world, sectors, officers, every="month", red_every="quarter")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_the_period_once(world, sectors, officers):
    make(world, sectors, officers)
    day = datetime.date(2026, 11, 5)
    results = race(lambda: schedules.run_due(day), lambda: schedules.run_due(day))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(len(r) for r in results) == 1
    assert Inspection.objects.count() == 1 and ScheduleRun.objects.count() == 1


@pytest.mark.django_db
def test_the_page_makes_a_schedule_and_this_period_s_inspection(world, sectors, officers, client_for):
    c = client_for(world.u.road)
    r = c.post("/inspections/schedules/", {
        "title": "危货企业月度检查", "kind": "supervisory", "sector": sectors["road"].pk, "every": "month",
        "red_every": "", "lead_unit": world.road_unit.pk, "leader": officers[0].pk, "with_criteria": "on"})
    assert r.status_code == 302
    page = c.get("/inspections/schedules/").content.decode()
    assert "危货企业月度检查" in page and Inspection.objects.get().number in page
    assert client_for(world.u.alice).get("/inspections/schedules/").status_code == 403


@pytest.mark.django_db
def test_a_schedule_that_can_no_longer_run_does_not_stop_the_others(world, sectors, officers):
    """Its author lost the planning role: that schedule makes nothing (and is tried again next pass); the
    others still make their inspections."""
    from conftest import UserFactory

    author = UserFactory(username="former", role="unit_staff", unit=world.road_unit)
    broken = schedules.create_schedule(author, title="离任者的计划", kind="supervisory", sector=sectors["road"],
                                       every="month", lead_unit=world.road_unit, leader=officers[0])
    make(world, sectors, officers)
    author.role = "expert"
    author.save()
    made = schedules.run_due(datetime.date(2026, 11, 5))
    assert [r.schedule.title for r in made] == ["两客一危企业季度检查"]
    assert not ScheduleRun.objects.filter(schedule=broken).exists()  # tried again on the next pass


@pytest.mark.django_db
def test_a_paused_schedule_makes_nothing_until_resumed_and_each_step_is_recorded(world, sectors, officers, client_for):
    schedule = make(world, sectors, officers)
    client = client_for(world.u.road)
    page = client.get("/inspections/schedules/").content.decode()
    assert f'/inspections/schedules/{schedule.pk}/do/pause/' in page and "/do/resume/" not in page
    r = client.post(f"/inspections/schedules/{schedule.pk}/do/pause/", {"comment": "春运期间改由专项检查"})
    assert r.status_code == 302
    schedule.refresh_from_db()
    assert not schedule.active
    assert schedules.run_due(datetime.date(2026, 11, 5)) == [] and not Inspection.objects.exists()
    assert "已停用" in client.get("/inspections/schedules/").content.decode()
    with pytest.raises(ServiceError, match="已停用"):  # pausing twice: the state says no
        schedules.set_active(world.u.road, schedule.pk, False)
    resumed = client_for(world.u.road).post(f"/api/inspection-schedules/{schedule.pk}/resume/", {},
                                            content_type="application/json")
    assert resumed.status_code == 200 and resumed.json()["active"] is True
    assert len(schedules.run_due(datetime.date(2026, 11, 5))) == 1
    assert list(schedule.events.order_by("id").values_list("type", "actor")) == [
        ("created", world.u.road.pk), ("paused", world.u.road.pk), ("resumed", world.u.road.pk)]
    assert schedule.events.get(type="paused").comment == "春运期间改由专项检查"


@pytest.mark.django_db
def test_the_api_plans_a_schedule_and_refuses_who_may_not(world, sectors, officers, client_for):
    body = {"title": "危货企业月度检查", "kind": "supervisory", "sector": sectors["road"].pk, "every": "month",
            "lead_unit": world.road_unit.pk, "leader": officers[0].pk, "members": [officers[1].pk]}
    made = client_for(world.u.road).post("/api/inspection-schedules/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    schedule_id = made.json()["id"]
    assert ScheduleRun.objects.filter(schedule_id=schedule_id).count() == 1  # this period's, as the page does
    bad = client_for(world.u.road).post("/api/inspection-schedules/", {**body, "every": "weekly"},
                                        content_type="application/json")
    assert bad.status_code == 400 and "every" in bad.json()
    refused = client_for(world.u.alice).post("/api/inspection-schedules/", body, content_type="application/json")
    assert refused.status_code in (403, 400)
    assert client_for(world.u.alice).post(f"/api/inspection-schedules/{schedule_id}/pause/", {},
                                          content_type="application/json").status_code in (403, 404)
