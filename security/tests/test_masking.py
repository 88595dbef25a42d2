"""Personal data masked in lists and exports (SPEC §13): phones show as 138****1234;
the full number is one audited click away in the directory, and in an export only
for those who may re-import it. A masked number never goes back in through an import."""

import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry
from conftest import PersonFactory
from core.models import ImportBatch
from enterprises.models import Contact
from org.models import Expert


@pytest.fixture
def people(world):
    mine = PersonFactory(name="张安全", unit=world.road_unit, phone="13912345678")
    other_county = PersonFactory(name="李乙县", unit=world.bureau_b, phone="13700001111")
    return mine, other_county


def test_the_people_list_masks_and_a_click_reveals_with_an_audit_row(world, client_for, people):
    mine, other = people
    client = client_for(world.u.safety)
    page = client.get("/org/people/").content.decode()
    assert "139****5678" in page and "13912345678" not in page
    assert f'hx-get="/org/phone/person/{mine.pk}/"' in page
    unit_page = client.get(f"/org/units/{world.road_unit.pk}/").content.decode()
    assert "139****5678" in unit_page and "13912345678" not in unit_page

    before = AuditEntry.objects.filter(kind="view_personal").count()
    shown = client.get(f"/org/phone/person/{mine.pk}/")
    assert shown.status_code == 200 and 'href="tel:13912345678"' in shown.content.decode()
    entry = AuditEntry.objects.filter(kind="view_personal").latest("at")
    assert AuditEntry.objects.filter(kind="view_personal").count() == before + 1
    assert entry.username == "safety_a" and entry.object_id == str(mine.pk) and entry.detail == "联系电话"

    assert client.get(f"/org/phone/person/{other.pk}/").status_code == 404  # another county
    assert client.get(f"/org/phone/nobody/{mine.pk}/").status_code == 404
    assert client_for(world.u.alice).get(f"/org/phone/person/{mine.pk}/").status_code == 403
    assert AuditEntry.objects.filter(kind="view_personal").count() == before + 1


def test_the_expert_list_masks_too(world, client_for):
    expert = Expert.objects.create(name="王专家", field="道路运输", phone="13655556666", region=world.a)
    client = client_for(world.u.road)
    page = client.get("/org/experts/").content.decode()
    assert "136****6666" in page and "13655556666" not in page
    assert "13655556666" in client.get(f"/org/phone/expert/{expert.pk}/").content.decode()
    assert client_for(world.u.auditor).get(f"/org/phone/expert/{expert.pk}/").status_code == 403


def sheet(response):
    ws = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in ws[1]]
    return headers, [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


@pytest.fixture
def contact(world):
    return Contact.objects.create(enterprise=world.alice_ent, role=Contact.Role.PRINCIPAL, name="爱丽丝",
                                  phone="13811112222")


def test_enterprise_export_masks_unless_full_numbers_are_asked_by_an_importer(world, client_for, contact):
    office = client_for(world.u.safety)
    headers, rows = sheet(office.get("/enterprises/export.xlsx"))
    col = headers.index("主要负责人电话")
    alice = next(r for r in rows if r[0] == world.alice_ent.name)
    assert alice[col] == "138****2222"
    headers, rows = sheet(office.get("/enterprises/export.xlsx?full=1"))
    assert next(r for r in rows if r[0] == world.alice_ent.name)[col] == "13811112222"
    assert "含完整电话号码" in office.get("/enterprises/").content.decode()
    # The leader may export but not import: full=1 is ignored.
    leader = client_for(world.u.leader)
    headers, rows = sheet(leader.get("/enterprises/export.xlsx?full=1"))
    assert next(r for r in rows if r[0] == world.alice_ent.name)[col] == "138****2222"
    assert "含完整电话号码" not in leader.get("/enterprises/").content.decode()


def test_a_masked_export_cannot_overwrite_phones_on_import(world, client_for, contact):
    office = client_for(world.u.safety)
    exported = office.get("/enterprises/export.xlsx")
    buf = io.BytesIO(exported.content)
    buf.name = "export.xlsx"
    page = office.post("/enterprises/import/", {"file": buf}, follow=True).content.decode()
    batch = ImportBatch.objects.get()
    assert any("脱敏号码" in e["message"] for e in batch.errors), batch.errors
    assert "脱敏号码" in page
    office.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "commit"})
    assert Contact.objects.get(pk=contact.pk).phone == "13811112222"
    # The full-number export goes back in cleanly.
    full = io.BytesIO(office.get("/enterprises/export.xlsx?full=1").content)
    full.name = "full.xlsx"
    office.post("/enterprises/import/", {"file": full})
    assert ImportBatch.objects.latest("pk").errors == []
