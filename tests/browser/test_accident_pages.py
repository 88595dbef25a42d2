import datetime

import pytest
from django.utils import timezone

from tests.browser.test_roles import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statistics_page_draws_the_trend(live_server, browser, screens, world, sectors):
    from accidents import services

    world.u.safety.set_password("Zhiben@2026")
    world.u.safety.save()
    for day, deaths in ((3, 1), (40, 4), (70, 0)):
        services.record(world.u.safety, {
            "title": f"测试事故{day}", "occurred_at": timezone.now() - datetime.timedelta(days=day), "place": "G65",
            "sector": sectors["road-freight"], "enterprise": world.alice_ent, "summary": "经过", "deaths": deaths,
            "serious_injuries": 0, "direct_loss": 10})
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(page, live_server.url, "safety_a")
    page.goto(f"{live_server.url}/accidents/stats/")
    page.wait_for_selector("#trend[data-rendered='1'] canvas")
    page.screenshot(path=str(screens / "accident-stats.png"), full_page=True)
    page.goto(f"{live_server.url}/accidents/")
    assert page.locator("td[data-grade='larger']").count() == 1
