"""Issue 17 #11: input outside a sane range is refused in Chinese everywhere — never a 500,
never stored: dates outside 1950 … today + 30 years, JSON nested absurdly deep, a single
text of megabytes."""

import json

import pytest
from rest_framework.test import APIClient

from hazards.models import Hazard, State
from tests.factories import drive, report_hazard

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("url", [
    "/reports/dispatch/?start=2026-01-01&end=9999-12-31", "/reports/dispatch.xlsx?start=2026-01-01&end=9999-12-31",
    "/reports/dispatch/?start=0001-01-01&end=2026-01-01", "/org/duty/?week=9999-12-31", "/org/duty/?week=0001-01-01",
    "/accidents/?year=0", "/accidents/?year=99999",
])
def test_out_of_range_dates_in_pages_are_not_errors(world, client_for, url):
    assert client_for(world.u.safety).get(url).status_code == 200


def test_the_dispatch_form_says_why(world, client_for):
    page = client_for(world.u.safety).get("/reports/dispatch/", {"start": "2026-01-01", "end": "9999-12-31"})
    assert "日期应在 1950-01-01 至" in page.content.decode()


def test_an_ancient_discovery_date_is_refused(world, sectors):
    from core.testing import photo

    r = api(world.u.road).post("/api/hazards/", {
        "title": "罐车超载", "description": "x", "level": "general", "sector": sectors["road-freight"].pk,
        "enterprise": world.alice_ent.pk, "discovered_on": "0001-01-01", "photos": [photo()]}, format="multipart")
    assert r.status_code == 400 and "日期应在" in str(r.json()["discovered_on"])
    assert not Hazard.objects.exists()


def test_an_extension_to_the_end_of_time_is_refused(world, sectors):
    h = drive(world, report_hazard(world, sectors, level="general"), State.RECTIFYING, "general")
    r = api(world.u.alice).post(f"/api/hazards/{h.pk}/request_extension/",
                                {"new_deadline": "9999-12-31", "comment": "延期"}, format="json")
    assert r.status_code == 400 and "日期应在" in str(r.json())
    assert not h.extensions.exists()


def test_deep_json_and_huge_text_are_refused_in_chinese(world, sectors):
    deep = "[" * 5000 + "]" * 5000
    r = api(world.u.safety).generic("PATCH", f"/api/enterprises/{world.alice_ent.pk}/", deep,
                                    content_type="application/json")
    assert r.status_code == 400 and "嵌套" in r.json()["detail"]
    huge = json.dumps({"version": 1, "address": "路" * 30000})
    r = api(world.u.safety).generic("PATCH", f"/api/enterprises/{world.alice_ent.pk}/", huge,
                                    content_type="application/json")
    assert r.status_code == 400 and "超过" in r.json()["detail"]
    # Python's json.dumps escapes each 路 as \u8def (six bytes): still one character each.
    r = api(world.u.safety).generic("PATCH", f"/api/enterprises/{world.alice_ent.pk}/",
                                    json.dumps({"version": 1, "address": "路" * 100}), content_type="application/json")
    assert r.status_code == 200, r.content.decode()


def test_a_megabyte_description_through_the_web_form_is_refused(world, client_for, sectors):
    r = client_for(world.u.safety).post("/hazards/new/", {"title": "x", "description": "隐" * 1_000_000,
                                                          "sector": sectors["road"].pk})
    assert r.status_code == 400 and "超过" in r.content.decode()
    assert not Hazard.objects.exists()
