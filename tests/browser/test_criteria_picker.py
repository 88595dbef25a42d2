"""The 判定标准 picker offers the hazard's sector first (issue 24 #4): with 道路普通货物运输 chosen, a road
clause is offered and a port clause is hidden until "显示其他行业的判定标准" is ticked."""

import pytest

from tests.browser.test_roles import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_picker_follows_the_sector(live_server, browser, screens, world, sectors):
    from hazards.criteria_seed import seed_criteria
    from hazards.models import Criterion
    from org.models import Sector

    seed_criteria(Criterion, Sector)
    road = Criterion.objects.get(code="DY-G2")
    port = Criterion.objects.exclude(sector__path__startswith=road.sector.path).exclude(sector__isnull=True).first()
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    login(page, live_server.url, world.u.safety.username)  # the factories' password is the demo's
    page.goto(f"{live_server.url}/hazards/new/")
    page.select_option("select[name=sector]", str(sectors["road-freight"].pk))
    hidden = "v => document.querySelector(`select[name=criterion] option[value='${v}']`).hidden"
    assert page.evaluate(hidden, str(road.pk)) is False
    assert page.evaluate(hidden, str(port.pk)) is True
    page.check("input[data-other-criteria]")
    assert page.evaluate(hidden, str(port.pk)) is False
    page.uncheck("input[data-other-criteria]")
    page.select_option("select[name=sector]", str(port.sector.pk))
    assert page.evaluate(hidden, str(port.pk)) is False
    assert page.evaluate(hidden, str(road.pk)) is True
