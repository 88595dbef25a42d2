"""大字版 (适老化, issue 25 §3): the top bar's switch scales text and controls to 125%, is remembered on the
account (a new sign-in on another device opens large), and leaves no page wider than the screen — on an
office monitor and on a 390-px phone. Screenshots of the dashboard and the hazard form in both modes."""

import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

FITS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
ROOT_PX = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
PAGES = {"dashboard": "/", "hazard-form": "/hazards/new/", "hazards": "/hazards/", "todo": "/todo/"}


@pytest.mark.parametrize("device, size", [("desktop", {"width": 1366, "height": 900}),
                                          ("phone", {"width": 390, "height": 844})])
def test_large_text_scales_everything_and_nothing_runs_off_the_screen(live_server, browser, screens, device, size):
    load_demo()
    from org.models import User

    phone = device == "phone"
    context = browser.new_context(viewport=size, locale="zh-CN", is_mobile=phone, has_touch=phone)
    page = context.new_page()
    login(page, live_server.url, "unit")
    normal = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        assert page.evaluate(FITS), f"{path} is wider than the screen"
        normal[name] = page.evaluate(ROOT_PX)
        if name in ("dashboard", "hazard-form"):
            page.screenshot(path=str(screens / f"large-text-{device}-{name}-normal.png"))
    if phone:  # the switch is in the collapsed menu: open it, and wait until it has opened (not mid-animation)
        page.click(".navbar-toggler")
        page.wait_for_selector(".navbar-collapse.show")
    page.click("[data-testid=large-text]")
    page.wait_for_selector("html.zb-large")
    assert User.objects.get(username="unit").large_text
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        assert page.evaluate(ROOT_PX) >= 1.25 * normal[name]
        assert page.evaluate(FITS), f"{path} in 大字版 is wider than the screen"
        if name in ("dashboard", "hazard-form"):
            page.screenshot(path=str(screens / f"large-text-{device}-{name}-large.png"))
    # Remembered on the account: another device opens in 大字版, and the switch goes back.
    other = browser.new_context(viewport=size, locale="zh-CN").new_page()
    login(other, live_server.url, "unit")
    assert other.evaluate("() => document.documentElement.classList.contains('zb-large')")
    assert other.get_attribute("[data-testid=large-text]", "aria-pressed") == "true"
    if phone:
        other.click(".navbar-toggler")
        other.wait_for_selector(".navbar-collapse.show")
    other.click("[data-testid=large-text]")
    other.wait_for_selector("html:not(.zb-large)")
    assert not User.objects.get(username="unit").large_text
    context.close()
