"""履职 in a real browser (issue 21): the 局长 opens 履职情况, follows a period's figure to the records it
counts, and opens a leader's 职责清单; the safety office records a 安委会 meeting and puts its decision on
the ledger."""


import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_the_duty_board_its_figures_and_a_meeting_decision(live_server, browser, screens):
    load_demo()
    from plans.models import Task

    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/duties/")
    deputy = page.locator("tr[data-duty]", has_text="罗玉斌")
    assert deputy.get_attribute("data-state") == "未完成"  # the second quarter was missed
    page.screenshot(path=str(screens / "duties-board.png"), full_page=True)
    badge = deputy.locator("a.badge", has_text="第二季度")
    assert badge.inner_text().endswith("0/1")
    badge.click()
    assert page.locator("[data-testid=evidence] a").count() == 0  # the figure's list: no record
    page.go_back()
    first = page.locator("tr[data-duty]", has_text="罗玉斌").locator("a.badge", has_text="第一季度")
    first.click()
    assert page.locator("[data-testid=evidence] a").count() == 1
    page.goto(f"{live_server.url}/duties/")
    page.locator("tr[data-duty] td:first-child a", has_text="呼日亚图").first.click()
    page.wait_for_selector("[data-testid=duty-list]")
    assert "呼日亚图安全生产职责清单" in page.inner_text("h1")
    assert page.locator("[data-testid=duty-list] tbody tr").count() == 3

    office = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(office, live_server.url, "safety")
    office.goto(f"{live_server.url}/duties/records/new/")
    office.select_option("#id_kind", "anweihui")
    office.fill("#id_held_on", "2026-11-28")
    office.fill("#id_title", "安委会专题会议（冬季安全生产）")
    office.fill("#id_decisions", "开展冬季道路运输安全专项检查")
    office.click("button:has-text('保存')")
    assert "履职记录已登记" in office.inner_text("main")
    office.select_option("#id_plan", index=1)
    office.fill("#id_title", "开展冬季道路运输安全专项检查")
    office.select_option("#id_lead_unit", label="交通运输综合行政执法大队")
    office.click("button:has-text('列入台账')")
    assert "已列入台账" in office.inner_text("main")
    assert office.locator("[data-testid=decision-tasks] a").count() == 1
    office.screenshot(path=str(screens / "duties-record.png"), full_page=True)
    assert Task.objects.filter(title="开展冬季道路运输安全专项检查", lead_units__name="交通运输综合行政执法大队").exists()
