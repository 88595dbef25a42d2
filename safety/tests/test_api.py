import datetime

from rest_framework.test import APIClient

from enterprises.models import Contact
from risks.models import RiskPoint
from safety import services


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_risk_points_through_the_api(world):
    c = api(world.u.alice)
    r = c.post("/api/risk-points/", {"work_unit": "装卸区", "event": "泄漏", "factors": "阀门老化", "measures": "巡检",
                                     "responsible": "陈", "method": "matrix", "l": "4", "s": "5"}, format="json")
    assert r.status_code == 201 and r.json()["level"] == "major" and r.json()["colour"] == "red"
    pk = r.json()["id"]
    assert c.post(f"/api/risk-points/{pk}/file/", {}, format="json").json()["filing"] == "submitted"
    assert api(world.u.road).post(f"/api/risk-points/{pk}/acknowledge/", {}).json()["filing"] == "acknowledged"
    bad = c.post(f"/api/risk-points/{pk}/reassess/", {"method": "lec", "l": "2", "e": "6", "c": "40"}, format="json")
    assert bad.status_code == 400 and "取值应为" in bad.content.decode()
    assert api(world.u.bob).get("/api/risk-points/").json()["count"] == 0
    assert RiskPoint.objects.get().assessments.count() == 1


def test_drills_trainings_and_coverage_through_the_api(world):
    c = api(world.u.alice)
    r = c.post("/api/drills/", {"kind": "special", "held_on": datetime.date.today().isoformat(), "scenario": "泄漏",
                                "participants": 10, "evaluation": "良好"}, format="json")
    assert r.status_code == 201 and r.json()["enterprise"] == world.alice_ent.pk
    assert api(world.u.bob).get("/api/drills/").json()["count"] == 0
    p = Contact.objects.create(enterprise=world.alice_ent, role="principal", name="艾丽")
    today = datetime.date.today()
    t = services.record_training(world.u.safety, {"kind": "key_people", "title": "培训", "start_on": today,
                                                  "end_on": today, "hours": 8}, [p])
    services.set_results(world.u.safety, t.pk, {a.pk: True for a in t.attendees.all()})
    services.save_target(world.u.safety, None, {"name": "培训全覆盖", "population": "enterprises",
                                                "rule": "key_people_trained", "counted_from": today,
                                                "target_percent": 100, "deadline": today})
    body = api(world.u.safety).get("/api/coverage-targets/").json()
    assert body[0]["population_count"] == 2 and body[0]["covered_count"] == 1 and body[0]["percent"] == "50.0"
    assert api(world.u.safety).get("/api/trainings/").json()["results"][0]["attendees"][0]["passed"] is True
    assert api(world.u.alice).get("/api/trainings/").status_code == 403  # refused, as on the page


def test_generate_data_builds_risks_trainings_and_drills(db):
    from io import StringIO

    from django.core.management import call_command

    from risks import grading as risk_grading
    from safety.models import Drill, Training

    call_command("generate_data", enterprises=60, seed=4, risks=200, trainings=3, drills=50, stdout=StringIO())
    first = list(RiskPoint.objects.order_by("id").values_list("enterprise_id", "score", "level"))
    assert len(first) == 200 and Drill.objects.count() == 50 and Training.objects.count() == 3
    for p in RiskPoint.objects.all()[:50]:
        assert p.level == risk_grading.classify(p.score, risk_grading.DEFAULT_BANDS[p.method])
    RiskPoint.objects.all().delete()
    call_command("generate_data", enterprises=0, seed=4, risks=200, stdout=StringIO())
    assert list(RiskPoint.objects.order_by("id").values_list("enterprise_id", "score", "level")) == first
