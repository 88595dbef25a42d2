"""Every export re-imports unchanged (issue 24 #6): each Excel importer reads back the file its
register exports — with full phone numbers, as the safety office downloads it to edit — and
finds no error and nothing to change. An importer added later joins by being registered in
core.imports.IMPORTERS."""

import io

import pytest
from django.urls import get_resolver

from core.excel import read_rows
from core.imports import IMPORTERS
from org.models import User

get_resolver().url_patterns  # every app's urls, and so every importer module, loaded


def snapshot():
    from enterprises.models import Contact, Enterprise, EnterpriseEvent, Licence
    from hazards.models import Hazard, HazardEvent
    from safety.models import EmergencyEvent, EmergencySupply, RescueTeam

    return {
        "enterprises": sorted(Enterprise.objects.values_list("pk", "version", "status", "updated_at")),
        "contacts": sorted(Contact.objects.values_list("pk", "name", "phone", "role")),
        "licences": sorted(Licence.objects.values_list("pk", "number", "valid_until")),
        "hazards": sorted(Hazard.objects.values_list("pk", "number", "state", "version")),
        "events": (EnterpriseEvent.objects.count(), HazardEvent.objects.count(), EmergencyEvent.objects.count()),
        "supplies": sorted(EmergencySupply.objects.values_list("pk", "name", "quantity", "phone", "checked_on")),
        "teams": sorted(RescueTeam.objects.values_list("pk", "name", "members", "phone", "unit")),
    }


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_an_export_reimports_with_no_error_and_no_change(demo_db, kind):
    importer = IMPORTERS[kind]
    user = User.objects.get(username="safety")
    data = importer.export(user)
    rows = read_rows(io.BytesIO(data), importer.required)
    assert len(rows) >= 5  # a real register, not an empty sheet
    before = snapshot()
    parsed, errors = importer.parse(user, rows)
    assert errors == []
    assert importer.changes(parsed) == 0, importer.summary(parsed)
    importer.commit(user, parsed)
    assert snapshot() == before


def test_every_importer_is_registered():
    from enterprises.spreadsheet import EnterpriseImporter
    from hazards.spreadsheet import HazardImporter

    from safety.emergency import SupplyImporter, TeamImporter

    assert {type(i) for i in IMPORTERS.values()} >= {EnterpriseImporter, HazardImporter, SupplyImporter, TeamImporter}


def test_a_changed_row_of_an_existing_hazard_is_refused_by_name(demo_db):
    """The ledger import adds hazards; a row that edits one already in the system is refused, naming the
    columns that differ, and nothing is written."""
    from openpyxl import load_workbook

    importer = IMPORTERS["hazards"]
    user = User.objects.get(username="safety")
    wb = load_workbook(io.BytesIO(importer.export(user)))
    ws = wb.active
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("隐患名称") + 1, value="改过的名称")
    buf = io.BytesIO()
    wb.save(buf)
    rows = read_rows(io.BytesIO(buf.getvalue()), importer.required)
    parsed, errors = importer.parse(user, rows)
    assert [(e["row"], e["column"]) for e in errors] == [(2, "隐患编号")]
    assert "隐患名称" in errors[0]["message"] and "已在系统中" in errors[0]["message"]
    assert importer.changes(parsed) == 0
