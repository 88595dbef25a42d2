"""待办 in a real browser (issue 18): the demo enterprise reports and later submits a hazard; the
demo unit sees it on its 待办 (desktop and phone), with the message in its inbox, and one click
opens the record where it acts."""


import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_the_unit_finds_the_enterprise_hazard_on_its_todo(live_server, browser, screens):
    from core.testing import photo
    from hazards import services
    from org.models import User

    load_demo()
    enterprise = User.objects.get(username="enterprise")
    hazard = services.report_hazard(enterprise, {
        "title": "罐车紧急切断阀失效", "description": "一辆危货罐车紧急切断阀无法关闭", "level": "general",
        "sector": enterprise.enterprise.sectors.first()}, [photo()])

    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    login(page, live_server.url, "unit")
    page.goto(f"{live_server.url}/todo/")
    item = page.locator("[data-todo-item]", has_text=hazard.number)
    assert item.count() == 1 and "核查" in item.inner_text()
    page.wait_for_selector("[data-testid=todo-badge] [data-todo]", state="attached")
    page.screenshot(path=str(screens / "todo-desktop.png"), full_page=True)
    page.goto(f"{live_server.url}/inbox/")
    assert f"待办：核查 {hazard.number}" in page.inner_text("main")
    page.goto(f"{live_server.url}/todo/")
    item.locator("[data-todo-action=verify]").click()
    page.wait_for_url(f"**/hazards/{hazard.pk}/**")
    assert page.locator("[data-action=verify]").count() == 1

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True).new_page()
    login(phone, live_server.url, "unit")
    phone.goto(f"{live_server.url}/todo/")
    assert phone.locator("[data-todo-item]", has_text=hazard.number).count() == 1
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # no sideways scroll
    phone.screenshot(path=str(screens / "todo-phone.png"), full_page=True)

    # Later the enterprise submits it for 验收: the unit's 待办 and inbox say 验收 at once.
    import datetime

    unit = User.objects.get(username="unit")
    hazard = services.verify(unit, hazard.pk, None, level="general",
                             deadline=datetime.date.today() + datetime.timedelta(days=20))
    services.submit_for_acceptance(enterprise, hazard.pk, None, [photo("after.png", (0, 200, 0), "PNG")],
                                   "已更换紧急切断阀并试验合格")
    page.goto(f"{live_server.url}/todo/")
    item = page.locator("[data-todo-item]", has_text=hazard.number)
    assert item.count() == 1 and item.locator("[data-todo-action=accept]").count() == 1
    page.goto(f"{live_server.url}/inbox/")
    assert f"待办：验收 {hazard.number}" in page.inner_text("main")
