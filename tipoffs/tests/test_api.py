from rest_framework.test import APIClient

from core.testing import photo
from hazards.models import Hazard
from tipoffs.models import TipOff


def test_the_public_api_submits_and_reports_progress_without_internals(world, sectors):
    c = APIClient()
    r = c.post("/api/public/tipoffs/", {
        "region": world.a.pk, "sector": sectors["road"].pk, "subject": "某客运站",
        "description": "候车室安全出口被货物堵塞，消防通道无法通行。", "anonymous": False,
        "reporter_name": "赵六", "reporter_phone": "13611112222", "photos": [photo()]}, format="multipart",
        REMOTE_ADDR="198.51.100.5")
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    body = c.get(f"/api/public/tipoffs/{code}/").content.decode()
    # Neither the name nor the number, in full or masked (not "136" alone: a timestamp may hold it).
    assert "已收到" in body and "赵六" not in body and "13611112222" not in body and "136****" not in body
    bad = c.post("/api/public/tipoffs/", {"region": world.a.pk, "sector": sectors["road"].pk, "subject": "x",
                                          "description": "<script>alert(1)</script>abcdefghijk"}, format="json")
    assert bad.status_code == 400 and "网页代码" in bad.content.decode()
    assert TipOff.objects.count() == 1
    assert c.get("/api/public/tipoffs/JBNOPE/").status_code == 404


def test_the_handling_api_walks_the_workflow(world, sectors, public_post):
    public_post()
    t = TipOff.objects.get()
    c = APIClient()
    c.force_authenticate(world.u.road)
    assert c.post(f"/api/tipoffs/{t.pk}/accept/", {}).json()["state"] == "accepted"
    assert c.post(f"/api/tipoffs/{t.pk}/verify/", {"enterprise": world.alice_ent.pk}).json()["state"] == "verifying"
    r = c.post(f"/api/tipoffs/{t.pk}/substantiate/", {"findings": "属实", "reply": "已整改"})
    assert r.status_code == 200 and r.json()["hazard"] == Hazard.objects.get(source="tip_off").pk
    assert c.post(f"/api/tipoffs/{t.pk}/unfound/", {"findings": "x", "reply": "y"}).status_code == 400
    other = APIClient()
    other.force_authenticate(world.u.alice)
    assert other.get("/api/tipoffs/").status_code == 403  # the reported enterprise reads no tip-off
