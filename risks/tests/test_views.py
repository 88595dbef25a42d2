import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import EnterpriseFactory
from risks import services
from risks.models import RiskPoint

from .test_points import BASE, lec


def test_the_web_form_creates_and_grades_a_point(client_for, world):
    c = client_for(world.u.alice)
    r = c.post("/risks/new/", {**BASE, "method": "lec", "lec_l": "3", "lec_e": "6", "lec_c": "40"})
    point = RiskPoint.objects.get()
    assert r.status_code == 302 and point.level == "major" and point.enterprise == world.alice_ent
    page = c.get(f"/risks/{point.pk}/").content.decode()
    assert "重大风险" in page and 'data-testid="score">720<' in page
    bad = c.post("/risks/new/", {**BASE, "method": "lec", "lec_l": "3", "lec_e": "", "lec_c": "40"})
    assert bad.status_code == 200 and "请选择E（暴露于危险环境的频繁程度）" in bad.content.decode()
    assert RiskPoint.objects.count() == 1


def test_reassess_and_bands_pages(client_for, world):
    p = services.create_point(world.u.alice, BASE | lec("3", "6", "15"))
    s = client_for(world.u.safety)
    r = s.post("/risks/bands/", {"method": "lec", "lec-major": "250", "lec-larger": "160", "lec-general": "70"})
    assert r.status_code == 302
    c = client_for(world.u.alice)
    c.post(f"/risks/{p.pk}/do/reassess/", {"version": p.version, "method": "lec", "lec_l": "3", "lec_e": "6",
                                           "lec_c": "15"})
    p.refresh_from_db()
    assert p.level == "major" and p.assessments.count() == 2
    assert client_for(world.u.road).post("/risks/bands/", {"method": "lec", "lec-major": "1", "lec-larger": "2",
                                                           "lec-general": "3"}).status_code == 200
    assert "250.00" in client_for(world.u.road).get("/risks/bands/").content.decode()


def test_list_export_map_and_scope(client_for, world, sectors):
    world.alice_ent.latitude, world.alice_ent.longitude = 38.6, 108.8
    world.alice_ent.save()
    services.create_point(world.u.alice, BASE | lec("3", "6", "40"))
    services.create_point(world.u.road, BASE | lec("1", "1", "1") | {"enterprise": world.alice_ent})
    c = client_for(world.u.safety)
    page = c.get("/risks/?level=major")
    assert page.context["page"].paginator.count == 1
    sheet = load_workbook(io.BytesIO(c.get(f"/risks/export.xlsx?enterprise={world.alice_ent.pk}").content)).active
    assert sheet.max_row == 3 and sheet["A1"].value == "企业"
    data = c.get("/risks/map.json").json()
    assert len(data["risks"]) == 1 and data["risks"][0]["colour"] == "red"  # the highest of its two points
    assert data["risks"][0]["counts"] == {"major": 1, "low": 1}
    assert [e["grade"] for e in data["enterprises"]] == ["green"]
    assert client_for(world.u.highway).get("/risks/map.json").json()["risks"] == []
    assert client_for(world.u.bob).get("/risks/").context["page"].paginator.count == 0
    assert client_for(world.u.auditor).get("/risks/").status_code == 403


def test_the_list_query_count_does_not_grow(client_for, world, sectors):
    c = client_for(world.u.safety)
    services.create_point(world.u.alice, BASE | lec("3", "6", "40"))
    c.get("/risks/")
    with CaptureQueriesContext(connection) as few:
        c.get("/risks/")
    for n in range(6):
        firm = EnterpriseFactory(region=world.a, sectors=[sectors["road-freight"]])
        services.create_point(world.u.safety, BASE | lec("1", "6", "7") | {"enterprise": firm})
    with CaptureQueriesContext(connection) as many:
        c.get("/risks/")
    assert len(many) == len(few)
