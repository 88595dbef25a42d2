"""WCAG 2.1 A/AA (GB/T 37668) on every page each role reaches from its menu (issue 25 §1): axe-core (vendored in
the axe-playwright-python test package) runs over each page — the menu's entries and the tabs each of them
offers — as every demo role and as the public; a serious or critical violation fails the test, named with
its page and element.

Not walked: /api/docs/ (the integrators' Swagger UI, a third-party page in English whose internals Zhiben
does not style) and Django's own admin pages behind 用户管理."""

import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SKIP = ("/api/docs/", "/admin/", "/accounts/logout")
MENU = "nav a.nav-link[href^='/'], nav .dropdown-menu a[href^='/']"
TABS = "main .nav a[href^='/']"


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    return [(v["id"], node["target"][0], v["help"]) for v in result.response["violations"]
            if v["impact"] in ("serious", "critical") for node in v["nodes"]]


def walk(page, base, start):
    """Each page once: the start page's menu, then the tabs each page offers; axe runs on each as it loads."""
    queue, failures = [start], []
    for url in queue:
        page.goto(base + url, wait_until="load")
        found = page.eval_on_selector_all(MENU if url == start else TABS, "as => as.map(a => a.getAttribute('href'))")
        for link in found:
            link = link.split("#")[0]
            if link and not link.startswith(SKIP) and link not in queue:
                queue.append(link)
        failures += [f"{url} {rule} {target}: {text}" for rule, target, text in axe_violations(page)]
    return queue, failures


@pytest.mark.parametrize("role", ["safety", "unit", "leader", "enterprise", "expert", "sysadmin", "secadmin", "auditor",
                                  "city", None])
def test_every_page_of_every_role_meets_wcag_aa(live_server, browser, role):
    load_demo()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    if role:
        login(page, live_server.url, role)
        urls, failures = walk(page, live_server.url, "/")
    else:
        urls, failures = [], []
        for start in ("/accounts/login/", "/jubao/", "/jubao/chaxun/", "/shuangsuiji/"):
            seen, found = walk(page, live_server.url, start)
            urls += seen
            failures += found
    context.close()
    print(f"{role or '公众'}: {len(urls)} 个页面按 WCAG 2.1 A/AA（{', '.join(TAGS)}）检查")
    assert len(urls) >= (3 if role in ("secadmin", "auditor", None) else 10), urls
    assert not failures, "\n".join(failures[:40])
