"""Every action by keyboard, in a logical order, with focus visible (issue 25 §2, WCAG 2.1.1, 2.4.1, 2.4.3,
2.4.7): Tab from the top of a page reaches every control the page shows, in the order they stand in the page,
each with a visible focus ring; a skip link jumps over the menu; the 系统管理 menu opens with the keyboard; a
clerk signs in, finds a hazard and accepts it without the mouse."""

import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

# Number every control a user can reach, in document order: shown, enabled, not taken out of the Tab order;
# of a radio group only the first counts (Tab enters a group once, the arrows move inside it).
MARK = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const seen = new Set(); let n = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})) continue;
    if (el.type === 'radio') { if (seen.has(el.name)) continue; seen.add(el.name); }
    el.dataset.kbd = String(n++);
  }
  return n;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const st = getComputedStyle(el);
  const radio = el.type === 'radio' ? document.querySelector(`input[type=radio][name="${el.name}"][data-kbd]`) : null;
  return {kbd: (radio || el).dataset.kbd ?? null, tag: el.tagName, text: (el.innerText || el.value || el.name || '').slice(0, 30),
          ring: (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) || st.boxShadow !== 'none',
          tabindex: el.getAttribute('tabindex'), outline: st.outlineStyle + ' ' + st.outlineWidth, shadow: st.boxShadow};
}"""


def tab_through(page):
    """Tab from the top until focus leaves the page; returns the marked count and the stops in order."""
    total = page.evaluate(MARK)
    # Start from the top of the page (a page may have put focus in its first field).
    page.evaluate("""() => { const s = document.createElement('span'); s.tabIndex = -1; document.body.prepend(s);
                            s.focus(); window.scrollTo(0, 0); }""")
    stops = []
    for _ in range(total + 20):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None or (stops and now["kbd"] is not None and now["kbd"] == stops[0]["kbd"]):
            break
        stops.append(now)
    return total, stops


PAGES = {
    "safety": ["/", "/hazards/", "/hazards/new/", "/tasks/", "/inspections/", "/reports/dispatch/"],
    "enterprise": ["/", "/hazards/new/", "/obligations/checks/new/"],
    None: ["/jubao/", "/accounts/login/"],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_tab_reaches_every_control_in_page_order_with_focus_shown(live_server, browser, role):
    load_demo()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    if role:
        login(page, live_server.url, role)
    checked = 0
    for url in PAGES[role]:
        page.goto(live_server.url + url, wait_until="load")
        page.wait_for_timeout(200)  # Tom Select and htmx badges settle
        total, stops = tab_through(page)
        order = [int(s["kbd"]) for s in stops if s["kbd"] is not None]
        unmarked = [s for s in stops if s["kbd"] is None]
        assert not unmarked, (url, unmarked)  # nothing hidden or off-screen takes focus
        assert order == sorted(order), (url, order)  # page order, no positive tabindex jumping about
        assert set(order) == set(range(total)), (url, sorted(set(range(total)) - set(order)))
        assert not [s for s in stops if s["tabindex"] and int(s["tabindex"]) > 0], url
        unringed = [s for s in stops if not s["ring"]]
        assert not unringed, (url, str(unringed))
        if role:
            assert stops[0]["text"] == "跳到主要内容", (url, stops[0])
        checked += total
    context.close()
    print(f"{role or '公众'}: {len(PAGES[role])} 个页面，{checked} 个控件按 Tab 顺序到达且焦点可见")


def test_skip_link_and_menu_by_keyboard(live_server, browser):
    load_demo()
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    login(page, live_server.url, "sysadmin")
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator("[data-testid=skip-link]")
    assert page.evaluate("document.activeElement.dataset.testid") == "skip-link"
    assert skip.bounding_box()["width"] > 0  # shown while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")  # the menu was skipped

    page.goto(live_server.url + "/")
    page.focus("[data-nav=system]")
    page.keyboard.press("Enter")
    page.wait_for_selector("nav .dropdown-menu.show")
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target and page.evaluate("!!document.activeElement.closest('.dropdown-menu')")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + target)


def test_a_clerk_accepts_a_hazard_without_the_mouse(live_server, browser):
    load_demo()
    from hazards.models import Hazard
    from hazards.permissions import available_actions
    from org.models import User

    safety = User.objects.get(username="safety")
    hazard = next(h for h in Hazard.objects.filter(state="awaiting_acceptance").order_by("pk")
                  if "accept" in available_actions(safety, h))
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.id") != "id_username":
        page.keyboard.press("Tab")
    page.keyboard.type("safety")
    page.keyboard.press("Tab")
    from demo import data as demo_data

    page.keyboard.type(demo_data.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=whoami]", state="attached")

    page.goto(f"{live_server.url}/hazards/{hazard.pk}/")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "accept-comment":
            break
    else:
        raise AssertionError("验收意见框无法用 Tab 到达")
    page.keyboard.type("整改到位，验收通过")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "验收通过"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "验收通过" in page.inner_text("[data-message]")
    hazard.refresh_from_db()
    assert hazard.state == "accepted"
    assert hazard.events.filter(type="accepted", actor=safety, comment="整改到位，验收通过").exists()
