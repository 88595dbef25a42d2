"""Each deadline reader finds its open items on the right day and names their owners."""

import datetime

from accidents.models import Accident
from enterprises.models import Enterprise
from notify.audiences import Audiences
from notify.sources import accidents, standardizations, tasks, tipoffs
from plans.models import Plan, Task
from tipoffs.models import TipOff

D = datetime.date(2026, 12, 10)


def owners(items):
    audiences = Audiences()
    audiences.prepare(items)
    return {item.key: sorted(str(pk) for pk in audiences.of("owner", item)) for item in items}


def usernames(world, *names):
    return sorted(str(getattr(world.u, n).pk) for n in names)


def test_tasks_belong_to_their_lead_units_until_completed(world):
    plan = Plan.objects.create(title="治本攻坚", region=world.a)
    task = Task.objects.create(plan=plan, number="1", title="开展危货运输专项整治", text="……", deadline=D)
    task.lead_units.add(world.highway_unit)
    [item] = tasks({D}, D)
    assert item.url == f"/plans/tasks/{task.pk}/" and owners([item]) == {item.key: usernames(world, "highway")}
    Task.objects.filter(pk=task.pk).update(completed_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc))
    assert tasks({D}, D) == []


def test_tipoffs_belong_to_the_handling_unit_while_being_handled(world, sectors):
    tip = TipOff.objects.create(code="JBTEST00001", state="verifying", region=world.a, sector=sectors["road-freight"],
                                subject="某物流公司", description="车辆超载运营。", source_hash="x", due_on=D,
                                handling_unit=world.road_unit)
    [item] = tipoffs({D}, D)
    assert owners([item]) == {item.key: usernames(world, "road")}
    TipOff.objects.filter(pk=tip.pk).update(state="substantiated")
    assert tipoffs({D}, D) == []


def test_unreported_accidents_reach_the_county_office(world, sectors):
    at = datetime.datetime(2026, 12, 9, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    Accident.objects.create(title="货车侧翻", occurred_at=at, place="G210", region=world.a, sector=sectors["road"],
                            summary="……", recorded_by=world.u.safety)
    [item] = accidents({datetime.date(2026, 12, 9)}, D)  # the local day it happened, not the UTC one
    assert owners([item]) == {item.key: usernames(world, "leader", "safety")}
    assert accidents({D}, D) == []


def test_standardization_certificates_expire_three_years_on(world):
    Enterprise.objects.filter(pk=world.alice_ent.pk).update(standardization_level="level2",
                                                            standardization_date=datetime.date(2024, 2, 29))
    [item] = standardizations({datetime.date(2027, 2, 28)}, D)  # 29 Feb + 3 years
    assert item.enterprise_id == world.alice_ent.pk and item.deadline == datetime.date(2027, 2, 28)
    # The enterprise's account, and the unit supervising its sector in the county.
    assert owners([item]) == {item.key: usernames(world, "alice", "road")}
    assert standardizations({datetime.date(2027, 3, 1)}, D) == []
