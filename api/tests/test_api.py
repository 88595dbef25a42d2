import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.validators import make_credit_code
from enterprises.models import Enterprise


@pytest.fixture
def api():
    def make(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def test_a_token_is_issued_for_valid_credentials(world):
    response = APIClient().post("/api/auth/token/", {"username": "alice", "password": "Zhiben@2026"})
    assert response.status_code == 200 and len(response.json()["token"]) == 40


def test_a_token_is_refused_for_a_wrong_password(world):
    response = APIClient().post("/api/auth/token/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 400


def test_the_api_requires_authentication(world):
    assert APIClient().get("/api/enterprises/").status_code == 401


def test_an_enterprise_token_sees_only_its_enterprise(world, api):
    client = api(world.u.alice)
    ids = [e["id"] for e in client.get("/api/enterprises/").json()["results"]]
    assert ids == [world.alice_ent.pk]
    assert client.get(f"/api/enterprises/{world.bob_ent.pk}/").status_code == 404
    assert client.get("/api/enterprises/?q=鲍勃").json()["count"] == 0


def test_unit_staff_tokens_see_only_their_sectors(world, api):
    names = {e["name"] for e in api(world.u.highway).get("/api/enterprises/").json()["results"]}
    assert names == {world.bob_ent.name}


def test_org_endpoints_are_scoped(world, api):
    client = api(world.u.safety_b)
    units = {u["name"] for u in client.get("/api/units/").json()["results"]}
    assert units == {"乙县交通运输局"}
    regions = {r["name"] for r in client.get("/api/regions/").json()["results"]}
    assert regions == {"乙县"}
    # The bureau's staff directory is not an enterprise's to read: refused, as on the web page.
    response = api(world.u.alice).get("/api/people/")
    assert response.status_code == 403 and "组织机构名录" in response.json()["detail"]


def test_create_through_the_api_uses_the_service(world, api, sectors):
    client = api(world.u.safety)
    payload = {"name": "甲县接口运输有限公司", "credit_code": make_credit_code("510101", 4242),
               "region": world.a.pk, "sectors": [sectors["road-dangerous-goods"].pk],
               "contacts": [{"role": "principal", "name": "钱七"}],
               "vehicles": [{"plate_no": "蒙k66666", "vehicle_type": "危险货物运输车", "is_two_plus_one": True}]}
    response = client.post("/api/enterprises/", payload, format="json")
    assert response.status_code == 201, response.content
    e = Enterprise.objects.get(name="甲县接口运输有限公司")
    assert e.is_two_plus_one and e.events.get().actor == world.u.safety
    assert e.vehicles.get().plate_no == "蒙K66666"
    assert response.json()["vehicles"][0]["plate_no"] == "蒙K66666"


def test_a_bad_credit_code_gets_a_chinese_400(world, api, sectors):
    response = api(world.u.safety).post("/api/enterprises/", {
        "name": "x", "credit_code": "91350100M000100Y44", "region": world.a.pk, "sectors": [sectors["taxi"].pk],
    }, format="json")
    assert response.status_code == 400
    assert "校验位错误" in response.json()["credit_code"][0]


def test_creating_outside_scope_is_a_400_and_writes_nothing(world, api, sectors):
    response = api(world.u.safety).post("/api/enterprises/", {
        "name": "越界公司", "credit_code": make_credit_code("510102", 1), "region": world.b.pk,
        "sectors": [sectors["taxi"].pk],
    }, format="json")
    assert response.status_code == 400 and "不在您的管理范围内" in response.json()["region"][0]
    assert not Enterprise.objects.filter(name="越界公司").exists()


def test_a_role_without_rights_gets_403(world, api, sectors):
    response = api(world.u.leader).post("/api/enterprises/", {
        "name": "x", "credit_code": make_credit_code("510101", 5), "region": world.a.pk,
        "sectors": [sectors["taxi"].pk],
    }, format="json")
    assert response.status_code == 403


def test_a_stale_version_gets_409(world, api):
    client = api(world.u.safety)
    url = f"/api/enterprises/{world.alice_ent.pk}/"
    assert client.patch(url, {"address": "一", "version": 1}, format="json").status_code == 200
    response = client.patch(url, {"address": "二", "version": 1}, format="json")
    assert response.status_code == 409 and "已被他人修改" in response.json()["detail"]


def test_status_change_through_the_api(world, api):
    client = api(world.u.safety)
    response = client.post(f"/api/enterprises/{world.alice_ent.pk}/status/",
                           {"to_status": "suspended", "reason": "停产整顿"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "suspended"


def test_status_change_on_an_invisible_enterprise_is_404(world, api):
    response = api(world.u.alice).post(f"/api/enterprises/{world.bob_ent.pk}/status/",
                                       {"to_status": "suspended", "reason": "x"}, format="json")
    assert response.status_code == 404


def test_the_schema_and_offline_docs_are_served(world, client_for):
    client = client_for(world.u.safety)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/enterprises/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content.lower()
    assert b"cdn.jsdelivr" not in docs.content  # sidecar: served locally


def test_the_api_list_query_count_does_not_grow_with_rows(world, api, sectors, django_assert_max_num_queries):
    from conftest import EnterpriseFactory

    client = api(world.u.safety)
    client.get("/api/enterprises/")
    with django_assert_max_num_queries(20) as small:
        client.get("/api/enterprises/")
    for n in range(20):
        EnterpriseFactory(region=world.a, sectors=[sectors["taxi"]], credit_code=make_credit_code("510101", 7000 + n))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/enterprises/").json()["count"] == 22
