"""Issue 24 #4: a 判定标准 must fit the hazard's 行业领域 — its sector, one above or one below, or a general
clause. The picker offers those first (options carry their sector's path); the service and the API refuse
an unrelated one with a Chinese message unless the safety office confirms it applies."""

import pytest
from rest_framework.test import APIClient

from core.exceptions import ServiceError
from core.testing import photo
from hazards import services
from hazards.forms import ReportForm
from hazards.models import Criterion, Hazard


@pytest.fixture
def clauses(criterion):
    road = criterion  # DY-G2: a 道路运输 clause
    port = Criterion.objects.filter(sector__code__startswith="port").first() or Criterion.objects.exclude(
        sector__path__startswith=road.sector.path).exclude(sector__isnull=True).first()
    return road, port


def report(world, sectors, user, criterion, **extra):
    return services.report_hazard(user, {
        "title": "罐车逾期未检", "description": "两辆危险货物运输车逾期未检。", "sector": sectors["road-freight"],
        "level": "major", "criterion": criterion, "enterprise": world.alice_ent, **extra}, [photo()])


def test_a_clause_of_another_sector_is_refused_unless_the_safety_office_confirms(world, sectors, clauses):
    road, port = clauses
    assert services.criterion_fits(road, sectors["road-freight"])
    assert not services.criterion_fits(port, sectors["road-freight"])
    before = Hazard.objects.count()
    with pytest.raises(ServiceError, match=f"判定标准 {port.code} 属于“{port.sector.name}”行业"):
        report(world, sectors, world.u.road, port)
    with pytest.raises(ServiceError, match="须由安委办确认"):
        report(world, sectors, world.u.road, port, criterion_confirmed=True)  # only the safety office may
    assert Hazard.objects.count() == before
    assert report(world, sectors, world.u.road, road).criterion == road
    assert report(world, sectors, world.u.safety, port, criterion_confirmed=True).criterion == port


def test_the_api_refuses_in_chinese_and_takes_the_offices_confirmation(world, sectors, clauses):
    road, port = clauses
    h = report(world, sectors, world.u.road, road)
    api = APIClient()
    api.force_authenticate(world.u.road)
    r = api.patch(f"/api/hazards/{h.pk}/", {"version": h.version, "criterion": port.pk}, format="json")
    assert r.status_code == 400 and "须由安委办确认" in r.content.decode("utf-8")
    assert Hazard.objects.get(pk=h.pk).criterion == road
    api.force_authenticate(world.u.safety)
    r = api.patch(f"/api/hazards/{h.pk}/", {"version": h.version, "criterion": port.pk, "criterion_confirmed": True},
                  format="json")
    assert r.status_code == 200, r.content.decode("utf-8")
    assert Hazard.objects.get(pk=h.pk).criterion == port


def test_the_picker_marks_each_clause_with_its_sector(world, sectors, clauses):
    road, port = clauses
    form = ReportForm(user=world.u.road)
    html = str(form["criterion"])
    assert "data-criteria" in html
    assert f'value="{road.pk}" data-sector="{road.sector.path}"' in html
    assert f'value="{port.pk}" data-sector="{port.sector.path}"' in html
    sector_html = str(form["sector"])
    assert f'data-sector="{sectors["road-freight"].path}"' in sector_html
    assert "criterion_confirmed" not in form.fields and "criterion_confirmed" in ReportForm(user=world.u.safety).fields
