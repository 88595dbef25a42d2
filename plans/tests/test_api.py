
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from plans import services
from plans.models import Slot
from plans.parsing import parse_file

from core.testing import SAMPLES, document


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_plans_tasks_and_slots_through_the_api(world):
    parsed = parse_file(SAMPLES / "qinshui-2024-plan.txt")
    first = next(t for t in parsed["tasks"] if t["take"])  # the first task the review offers ticked
    first["lead_units"] = ["运输服务中心"]
    plan = services.import_plan(world.u.safety, parsed, {"运输服务中心": world.road_unit.pk})
    assert api(world.u.safety).get("/api/plans/").json()["count"] == 1
    assert api(world.u.safety_b).get("/api/plans/").json()["count"] == 0
    road = api(world.u.road)
    tasks = road.get("/api/tasks/").json()
    assert tasks["count"] == 1 and tasks["results"][0]["title"] == plan.tasks.get(order=0).title
    task_id = tasks["results"][0]["id"]
    r = road.post(f"/api/tasks/{task_id}/progress/", {"period": "2026-11", "percent": 100, "text": "已完成"},
                  format="json")
    assert r.status_code == 200 and r.json()["status"] == "done"
    bad = road.post(f"/api/tasks/{task_id}/progress/", {"period": "11月", "percent": 10, "text": "x"}, format="json")
    assert bad.status_code == 400
    other = plan.tasks.get(order=1)
    assert road.post(f"/api/tasks/{other.pk}/progress/", {"period": "2026-11", "percent": 1, "text": "x"},
                     format="json").status_code == 404
    slots = road.get("/api/slots/").json()
    assert slots["count"] > 0
    slot_id = Slot.objects.filter(pk__in=[r["id"] for r in slots["results"]], duty__kind="document").first().pk
    assert road.post(f"/api/slots/{slot_id}/submit/", {"note": "已报送", "files": [document()]},
                     format="multipart").json()["submitted_at"]
