import datetime
from decimal import Decimal

from enterprises import grading
from enterprises.models import Enterprise, GradingRule
from hazards.models import Hazard
from inspections import enforcement

TODAY = datetime.date.today()


def graded(world):
    return {e.pk: e for e in grading.annotate(Enterprise.objects.filter(region__path__startswith=world.a.path))}


def hazard(world, sectors, level="general", state="reported", deadline=None):
    return Hazard.objects.create(number=f"T-{Hazard.objects.count() + 1}", level=level, state=state,
                                 sector=sectors["road-freight"], region=world.a, enterprise=world.alice_ent,
                                 title="t", description="d", deadline=deadline)


def penalty(world, hazard=None, days_ago=0, kind="penalty"):
    return enforcement.record_action(world.u.road, {
        "kind": kind, "enterprise": world.alice_ent, "hazard": hazard, "facts": "违法事实",
        "legal_basis": "《安全生产法》", "decided_on": TODAY - datetime.timedelta(days=days_ago),
        "case_number": f"案{days_ago}-{kind}", "fine": Decimal(1000), "deadline": TODAY + datetime.timedelta(days=5),
        "party_name": "张三", "person_fine": Decimal(100)})


def test_green_yellow_red_by_the_rule(world, sectors):
    assert graded(world)[world.alice_ent.pk].grade == "green"
    hazard(world, sectors, state="rectifying", deadline=TODAY - datetime.timedelta(days=1))
    row = graded(world)[world.alice_ent.pk]
    assert row.overdue == 1 and row.grade == "yellow"
    hazard(world, sectors, level="major", state="rectifying", deadline=TODAY + datetime.timedelta(days=9))
    assert graded(world)[world.alice_ent.pk].grade == "red"
    assert graded(world)[world.bob_ent.pk].grade == "green"


def test_a_changed_rule_changes_the_colour(world, sectors):
    penalty(world, kind="order")
    assert graded(world)[world.alice_ent.pk].grade == "yellow"
    GradingRule.objects.create(yellow_actions=0, yellow_overdue=1)
    assert graded(world)[world.alice_ent.pk].grade == "green"
    GradingRule.objects.create(red_serious_actions=1)
    penalty(world, days_ago=10)
    assert graded(world)[world.alice_ent.pk].grade == "red"


def test_actions_outside_the_window_do_not_count(world, sectors):
    penalty(world, days_ago=400, kind="order")
    assert graded(world)[world.alice_ent.pk].grade == "green"


def test_article_113_flag(world, sectors):
    major = hazard(world, sectors, level="major", state="rectifying", deadline=TODAY + datetime.timedelta(days=30))
    penalty(world, major, days_ago=10)
    penalty(world, major, days_ago=100)
    assert not graded(world)[world.alice_ent.pk].art113
    penalty(world, major, days_ago=170, kind="dual_penalty")  # 3 within 180 days
    assert graded(world)[world.alice_ent.pk].art113
    assert list(grading.article_113_hazards()) == [major]


def test_the_list_and_the_detail_show_the_code(world, sectors, client_for):
    penalty(world, kind="order")
    c = client_for(world.u.safety)
    assert 'data-grade="yellow"' in c.get(f"/enterprises/{world.alice_ent.pk}/").content.decode()
    listing = c.get("/enterprises/?grade=yellow")
    assert [e.pk for e in listing.context["table"].data] == [world.alice_ent.pk]


def test_the_api_carries_the_code(world, sectors):
    from rest_framework.test import APIClient

    penalty(world, kind="order")
    api = APIClient()
    api.force_authenticate(world.u.safety)
    rows = {r["id"]: r for r in api.get("/api/enterprises/").json()["results"]}
    assert rows[world.alice_ent.pk]["grade"] == "yellow" and rows[world.bob_ent.pk]["grade"] == "green"
    assert api.get("/api/enterprises/?grade=yellow").json()["count"] == 1
    assert api.get(f"/api/enterprises/{world.alice_ent.pk}/").json()["article_113"] is False
