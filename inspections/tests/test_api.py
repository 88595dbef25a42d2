import datetime

import pytest
from rest_framework.test import APIClient

from conftest import EnterpriseFactory
from core.testing import photo
from hazards.models import Hazard
from inspections.models import CheckItem, Inspection


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return as_user


def test_plan_record_convert_and_complete_through_the_api(api, world, sectors, criteria, officers):
    c = api(world.u.road)
    r = c.post("/api/inspections/", {
        "kind": "enforcement", "title": "接口安排的检查", "sector": sectors["road"].pk, "lead_unit": world.road_unit.pk,
        "planned_on": datetime.date.today().isoformat(), "leader": officers[0].pk, "members": [officers[1].pk],
        "enterprises": [world.alice_ent.pk]}, format="json")
    assert r.status_code == 201, r.content
    inspection_id = r.json()["id"]
    items = r.json()["targets"][0]["items"]
    assert items and all(i["result"] == "pending" for i in items)
    first = items[0]["id"]
    r = c.post(f"/api/inspection-items/{first}/record/", {"result": "fail", "note": "逾期未检", "photo": photo()},
               format="multipart")
    assert r.status_code == 200 and r.json()["result"] == "fail"
    for item in items[1:]:
        assert c.post(f"/api/inspection-items/{item['id']}/record/", {"result": "pass"}).status_code == 200
    r = c.post(f"/api/inspection-items/{first}/hazard/", {}, format="multipart")
    assert r.status_code == 201 and r.json()["hazard"] == Hazard.objects.get().pk
    r = c.post(f"/api/inspections/{inspection_id}/complete/", {"version": 1, "result": "x"}, format="json")
    assert r.status_code == 409
    version = Inspection.objects.get().version
    r = c.post(f"/api/inspections/{inspection_id}/complete/", {"version": version, "result": "发现1项问题"})
    assert r.status_code == 200 and r.json()["status"] == "completed"


def test_service_errors_are_400_in_chinese_and_scope_is_404(api, world, sectors, criteria, officers, make_inspection):
    r = api(world.u.road).post("/api/inspections/", {
        "kind": "special", "title": "空", "sector": sectors["road"].pk, "lead_unit": world.road_unit.pk,
        "planned_on": "2026-11-25", "leader": officers[0].pk}, format="json")
    assert r.status_code == 400 and "请至少选择一家受检企业" in r.content.decode()
    inspection = make_inspection()
    assert api(world.u.highway).get(f"/api/inspections/{inspection.pk}/").status_code == 404
    assert api(world.u.alice).get("/api/inspections/").json()["count"] == 0  # not done yet: not shown, as on the page
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    assert api(world.u.safety_b).post(f"/api/inspection-items/{item.pk}/record/", {"result": "pass"}).status_code == 404


def test_draws_and_enforcement_through_the_api(api, world, sectors, officers):
    for n in range(6):
        EnterpriseFactory(name=f"接口物流{n}", region=world.a, sectors=[sectors["road-freight"]])
    c = api(world.u.road)
    r = c.post("/api/random-draws/", {"title": "接口抽查", "region": world.a.pk, "sector": sectors["road"].pk,
                                       "inspector_unit": world.road_unit.pk, "enterprise_count": 3,
                                       "inspector_count": 2, "seed": "20261123"}, format="json")
    assert r.status_code == 201 and r.json()["reproducible"] is True and r.json()["seed"] == "20261123"
    draw_id = r.json()["id"]
    assert c.post(f"/api/random-draws/{draw_id}/publish/").json()["published_at"]
    r = c.post("/api/enforcement-actions/", {
        "kind": "penalty", "enterprise": world.alice_ent.pk, "facts": "超限运输", "legal_basis": "《公路法》第七十六条",
        "decided_on": datetime.date.today().isoformat(), "case_number": "甲交罚〔2026〕9号", "fine": "2000"},
        format="json")
    assert r.status_code == 201, r.content
    bad = c.post("/api/enforcement-actions/", {
        "kind": "penalty", "enterprise": world.alice_ent.pk, "facts": "超限运输", "legal_basis": "《公路法》",
        "decided_on": datetime.date.today().isoformat(), "case_number": "x"}, format="json")
    assert bad.status_code == 400 and "罚款金额" in bad.content.decode()
    assert api(world.u.alice).get("/api/enforcement-actions/").json()["count"] == 1
    assert api(world.u.bob).get("/api/enforcement-actions/").json()["count"] == 0


def test_experts_and_duty_roster_endpoints(api, world, officers):
    from org.models import DutyShift, Expert

    Expert.objects.create(name="王工", field="桥梁", region=world.a, phone="13811112222")
    DutyShift.objects.create(region=world.a, date=datetime.date(2026, 11, 23), start=datetime.time(8, 30),
                             end=datetime.time(8, 30), person=officers[0])
    body = api(world.u.safety).get("/api/experts/").content.decode()
    assert "王工" in body and "13811112222" not in body and "138****2222" in body
    shifts = api(world.u.safety).get("/api/duty-shifts/?from=2026-11-23&to=2026-11-23").json()
    assert shifts["count"] == 1 and shifts["results"][0]["person_name"] == "执法员0"
    assert api(world.u.safety).get("/api/duty-shifts/?from=bad").status_code == 400
    assert api(world.u.safety_b).get("/api/experts/").json()["count"] == 0
    assert api(world.u.alice).get("/api/duty-shifts/").status_code == 403  # refused, as on the page
