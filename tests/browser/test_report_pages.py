"""The report pages in a real browser: the dashboard draws its charts, the 调度统计表 shows the
official two-row header and a figure that opens its list, the 晾晒 ranking renders."""

import re

import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_dashboard_dispatch_and_ranking(live_server, browser, screens):
    load_demo()
    base = live_server.url
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(page, base, "safety")
    page.goto(f"{base}/")
    page.wait_for_selector("#chart-data[data-drawn='1']", state="attached")
    assert page.locator("#chart-trend canvas").count() == 1
    page.screenshot(path=str(screens / "dashboard-charts.png"), full_page=True)

    page.goto(f"{base}/reports/dispatch/?start=2024-01-01&end=2026-12-31")
    assert page.locator("th[colspan='6']").inner_text() == "排查治理隐患"
    total = page.locator("tr[data-row='total'] td[data-key='general'] a")
    figure = int(total.inner_text())
    page.screenshot(path=str(screens / "dispatch-table.png"), full_page=True)
    total.click()
    page.wait_for_load_state("networkidle")
    assert re.search(rf"共\s*{figure}\s*项", page.inner_text("main"))

    page.goto(f"{base}/reports/ranking/")
    assert page.locator("[data-testid=ranking] tbody tr").count() >= 1
    page.screenshot(path=str(screens / "ranking.png"), full_page=True)
