"""Under the Content Security Policy (no inline script) every page's scripts still run,
and the browser reports no violation."""


import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_pages_work_under_the_policy_without_violations(live_server, browser, screens):
    load_demo()
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    response = page.goto(f"{base}/jubao/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    shown = page.is_visible("#contact")
    page.click("#id_anonymous")  # the page's script shows or hides the contact fields
    assert page.is_visible("#contact") is not shown

    login(page, base, "safety")
    # Selectors, not wait_for_function: Playwright's polled expressions are eval'd, which the policy forbids.
    page.wait_for_selector("#chart-data[data-drawn='1']", state="attached")
    page.goto(f"{base}/hazards/map/")
    page.wait_for_selector("#map[data-loaded]", state="attached")
    page.goto(f"{base}/accidents/stats/")
    page.wait_for_selector("#trend[data-rendered='1']", state="attached")
    page.goto(f"{base}/hazards/new/")
    assert "form-control" in page.get_attribute("#id_title", "class")  # zhiben.js styled the form
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    page.screenshot(path=str(screens / "api-docs-under-csp.png"))
    assert violations == []
