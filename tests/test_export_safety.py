"""Issue 17 #3 and #5: what a user typed is data in every export — never a formula Excel runs,
and a control character saved before input refused them never breaks the file (no 500)."""

import io
import json

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry
from enterprises.models import Enterprise
from hazards.models import Hazard
from risks import services as risks
from tests.factories import report_hazard

FORMULA = "=HYPERLINK(\"http://evil.example/\",\"点我\")"
CONTROLLED = "罐车\x1b超载\x07"


def cells(response):
    assert response.status_code == 200, response.status_code
    wb = load_workbook(io.BytesIO(response.getvalue()))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def assert_safe(response, *texts):
    found = cells(response)
    assert not [c.coordinate for c in found if c.data_type == "f"]
    values = [c.value for c in found if isinstance(c.value, str)]
    for text in texts:
        assert any(text in v for v in values), text
    assert not any("\x1b" in v or "\x07" in v for v in values)


@pytest.fixture
def poisoned(world, sectors):
    h = report_hazard(world, sectors, level="general")
    Hazard.objects.filter(pk=h.pk).update(title=FORMULA, description=CONTROLLED, address="+SUM(1,2)")
    Enterprise.objects.filter(pk=world.alice_ent.pk).update(name=FORMULA, address=CONTROLLED)
    risks.create_point(world.u.safety, {
        "enterprise": world.bob_ent, "work_unit": FORMULA, "event": "@cmd", "factors": CONTROLLED,
        "measures": "-2+3", "responsible": "张三", "method": "matrix", "l": 2, "s": 2})
    AuditEntry.objects.create(kind=AuditEntry.Kind.UPDATE, object_repr=FORMULA, detail=CONTROLLED)
    return h


def test_exports_write_user_text_as_text(world, client_for, poisoned):
    safety = client_for(world.u.safety)
    assert_safe(safety.get("/hazards/export.xlsx"), FORMULA, "罐车超载", "+SUM(1,2)")
    assert_safe(safety.get("/enterprises/export.xlsx"), FORMULA, "罐车超载")
    assert_safe(safety.get("/enterprises/export.xlsx?full=1"), FORMULA)
    assert_safe(safety.get("/risks/export.xlsx"), FORMULA, "@cmd", "-2+3")
    assert_safe(client_for(world.u.auditor).get("/audit/export/"), FORMULA, "罐车超载")


def test_control_characters_are_refused_at_input(world, client_for, sectors):
    from rest_framework.test import APIClient

    page = client_for(world.u.safety)
    before = Hazard.objects.count()
    r = page.post("/hazards/new/", {"title": "a\x1bb", "description": "x", "sector": sectors["road"].pk})
    assert r.status_code == 400 and "控制字符" in r.content.decode()
    api = APIClient()
    api.force_authenticate(world.u.safety)
    r = api.patch(f"/api/enterprises/{world.alice_ent.pk}/", data=json.dumps({"address": "a\u0007b"}),
                  content_type="application/json")
    assert r.status_code == 400 and "控制字符" in r.json()["detail"]
    r = page.post("/jubao/", {"description": "举报\x00内容"})
    assert r.status_code == 400
    assert Hazard.objects.count() == before and "\x07" not in Enterprise.objects.get(pk=world.alice_ent.pk).address
    # Tabs and line breaks are ordinary text.
    r = page.post("/hazards/new/", {"title": "a\tb", "description": "第一行\r\n第二行"})
    assert r.status_code != 400
