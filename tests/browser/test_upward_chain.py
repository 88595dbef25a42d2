"""The chain up in a browser (issue 19 #4): the city's safety office opens 收到的报表, sees 乌审旗's
latest table on time and waiting, returns it with a reason; 乌审旗's safety office finds it on its
待办, corrects it; the city accepts the new version and reads the summed table."""

import re

import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_the_city_returns_and_accepts_a_county_table(live_server, browser, screens):
    from org.models import ensure_themes
    from reports.models import Submission, ensure_forms

    load_demo()
    ensure_themes()
    ensure_forms()
    waiting = Submission.objects.filter(slot__duty__plan__region__code="150600", review="pending").get()
    city = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    login(city, live_server.url, "city")
    city.goto(f"{live_server.url}/reports/received/")
    city.get_by_role("link", name="审核").first.click()
    row = city.locator('tr[data-unit="乌审旗交通运输局"]')
    assert row.get_attribute("data-state") == "on_time" and row.get_attribute("data-review") == "pending"
    assert city.locator('tr[data-unit="鄂托克前旗交通运输局"]').get_attribute("data-state") == "missing"
    city.screenshot(path=str(screens / "received-period.png"), full_page=True)
    row.get_by_role("link", name="审核").click()
    city.fill("#do-return input[name=reason]", "“交通安全”行检查单位数请与检查台账核对")
    city.locator("#do-return button").click()
    city.wait_for_selector("text=已退回，报送单位将收到退回原因")
    waiting.refresh_from_db()
    assert waiting.review == "returned"

    county = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    login(county, live_server.url, "safety")
    county.goto(f"{live_server.url}/todo/")
    county.get_by_role("link", name="更正重新报送").first.click()
    county.wait_for_url("**/reports/submit/?slot=*")
    county.fill("input[name=head]", "呼日亚图")
    county.fill("input[name=filler]", "刘志刚")
    county.fill("input[name=phone]", "04778612345")
    county.fill("textarea[name=reason]", "已与检查台账核对")
    county.get_by_role("button", name="生成并报送").click()
    # The 待办's link opened the form at #do-correct; the browser keeps the fragment over the redirect.
    county.wait_for_url(re.compile(r"/reports/submissions/\d+/"))
    assert "第 2 版" in county.inner_text("main") and "待审核" in county.inner_text("main")

    corrected = Submission.objects.get(slot=waiting.slot, version=2)
    city.goto(f"{live_server.url}{corrected.get_absolute_url()}")
    city.locator("#do-accept button").click()
    city.wait_for_selector("text=已接收。")
    city.goto(f"{live_server.url}/reports/received/{waiting.slot.duty_id}/{waiting.slot.due_date:%Y-%m-%d}/")
    assert "乌审旗交通运输局（第 2 版）" in city.inner_text("main")
    city.locator("[data-testid=agrees]").wait_for()
    city.screenshot(path=str(screens / "received-summed.png"), full_page=True)
