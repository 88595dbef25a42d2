import datetime

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hazards.models import Hazard, State

from .conftest import full_plan, photo

FUTURE = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_the_whole_loop_through_the_api(world, sectors, criterion):
    u = world.u
    r = api(u.alice).post("/api/hazards/", {
        "title": "罐车超载", "description": "常压罐车超核定载质量", "level": "major", "sector": sectors["road-freight"].pk,
        "criterion": criterion.pk, "photos": [photo()]}, format="multipart")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    steps = [
        (u.road, "verify", {"level": "major", "deadline": FUTURE}),
        (u.safety, "confirm", {"comment": "同意"}),
        (u.safety, "supervise", {"level": "county", "doc_number": "甲交督〔2026〕5号", "issuing_unit": "甲县交通运输局",
                                 "signatory": "局长", "planned_date": FUTURE}),
        (u.alice, "start", {k: str(v) for k, v in full_plan().items()}),
        (u.alice, "submit", {"photos": [photo("after.png", fmt="PNG")], "comment": "已整改"}),
        (u.expert, "cosign", {"comment": "措施有效"}),
        (u.road, "accept", {"comment": "合格"}),
        (u.safety, "lift", {"comment": "复查合格"}),
        (u.road, "close", {"comment": "销号"}),
    ]
    for user, name, payload in steps:
        r = api(user).post(f"/api/hazards/{pk}/{name}/", payload, format="multipart")
        assert r.status_code == 200, (name, r.content.decode())
    body = api(u.safety).get(f"/api/hazards/{pk}/").json()
    assert body["state"] == "closed"
    assert [e["type"] for e in body["events"]] == [
        "reported", "verified", "confirmed", "supervision_opened", "rectifying_started", "submitted",
        "expert_signed", "accepted", "supervision_lifted", "closed"]


def test_api_errors_are_chinese_and_change_nothing(world, make_hazard):
    h = make_hazard(State.RECTIFYING)
    r = api(world.u.alice).post(f"/api/hazards/{h.pk}/submit/", {"photos": [], "comment": "x"}, format="json")
    assert r.status_code == 400
    r = api(world.u.road).post(f"/api/hazards/{h.pk}/accept/", {}, format="json")
    assert r.status_code == 400 and "不能验收" in r.json()["detail"]
    r = api(world.u.leader).post(f"/api/hazards/{h.pk}/close/", {}, format="json")
    assert r.status_code == 403
    r = api(world.u.road).post(f"/api/hazards/{h.pk}/urge/", {}, format="json")
    assert r.status_code == 403
    assert Hazard.objects.get(pk=h.pk).state == "rectifying"


def test_a_stale_version_is_409(world, make_hazard):
    h = make_hazard(State.AWAITING_ACCEPTANCE)
    assert api(world.u.road).post(f"/api/hazards/{h.pk}/accept/", {"version": h.version}).status_code == 200
    r = api(world.u.safety).post(f"/api/hazards/{h.pk}/fail/", {"version": h.version, "comment": "x"})
    assert r.status_code == 409


def test_api_reads_are_scoped(world, make_hazard):
    h = make_hazard()
    assert api(world.u.bob).get("/api/hazards/").json()["count"] == 0
    assert api(world.u.bob).get(f"/api/hazards/{h.pk}/").status_code == 404
    assert api(world.u.highway).get("/api/hazards/").json()["count"] == 0
    assert api(world.u.road).get("/api/hazards/?level=major").json()["count"] == 1
    assert api(world.u.bob).post(f"/api/hazards/{h.pk}/verify/", {"level": "general", "deadline": FUTURE}
                                 ).status_code == 404


def test_edit_through_the_api(world, make_hazard):
    h = make_hazard()
    r = api(world.u.road).patch(f"/api/hazards/{h.pk}/", {"version": h.version, "title": "新名称"}, format="json")
    assert r.status_code == 200 and r.json()["title"] == "新名称"


def test_every_transition_is_in_the_schema(world, client_for):
    schema = client_for(world.u.safety).get("/api/schema/").content.decode()
    for name in ("verify", "confirm", "reject", "plan", "start", "request_extension", "decide_extension", "submit",
                 "cosign", "accept", "fail", "close", "supervise", "lift", "urge", "instruct"):
        assert f"/api/hazards/{{id}}/{name}/" in schema, name


def test_documents_through_the_api_follow_the_same_table(world, make_hazard):
    h = make_hazard(State.RECTIFYING)
    assert "documents" in api(world.u.alice).get(f"/api/hazards/{h.pk}/").json()["actions"]
    r = api(world.u.alice).post(f"/api/hazards/{h.pk}/documents/", {"files": [photo()], "comment": "整改方案签字页"},
                                format="multipart")
    assert r.status_code == 200, r.content.decode()
    assert r.json()["events"][-1]["type"] == "documents_added"
    assert h.attachments.filter(kind="document").count() == 1
    r = api(world.u.leader).post(f"/api/hazards/{h.pk}/documents/", {"files": [photo()]}, format="multipart")
    assert r.status_code == 403 and "上传附件" in r.json()["detail"]
    assert h.attachments.filter(kind="document").count() == 1


def test_references_outside_the_scope_are_refused(world, make_hazard):
    """Issue 17 #9: a person of another county is "not found" to the API, as to the web form,
    and the service refuses it too."""
    import pytest

    from core.exceptions import ServiceError
    from hazards import services
    from org.models import Person

    stranger = Person.objects.create(name="乙县检查员", unit=world.bureau_b)
    h = make_hazard()
    r = api(world.u.road).post(f"/api/hazards/{h.pk}/verify/",
                               {"level": "major", "deadline": FUTURE, "supervisor": stranger.pk}, format="json")
    assert r.status_code == 400 and "不在您的管理范围内" in r.json()["supervisor"][0]
    assert Hazard.objects.get(pk=h.pk).state == "reported"
    with pytest.raises(ServiceError, match="督办人不在您的管理范围内"):
        services.verify(world.u.road, h.pk, None, level="general", deadline=datetime.date.today(),
                        supervisor=stranger)
