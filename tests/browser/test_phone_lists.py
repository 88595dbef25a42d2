"""Every list on a 390 px phone (issue 18 #5): no sideways scroll, and each record list is a
stack of cards (title first, state, deadline) instead of a squeezed desktop table; and picking
enterprises and people is a search by name or pinyin initials, not a Ctrl multi-select."""


import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

LISTS = {
    "safety": ["/todo/", "/inbox/", "/enterprises/", "/hazards/", "/risks/", "/plans/", "/plans/calendar/",
               "/inspections/", "/inspections/actions/", "/inspections/draws/", "/inspections/templates/",
               "/tipoffs/", "/accidents/", "/safety/", "/safety/trainings/", "/safety/drills/", "/org/units/",
               "/org/people/", "/org/experts/", "/org/duty/", "/org/regions/", "/org/sectors/", "/notify/rules/",
               "/notify/webhooks/", "/hazards/criteria/"],
    "enterprise": ["/todo/", "/enterprises/", "/hazards/", "/risks/", "/inspections/actions/", "/accidents/",
                   "/safety/drills/"],
    "auditor": ["/audit/"],
    "sysadmin": ["/notify/deliveries/"],
}

CHECK = """() => {
  const tables = Array.from(document.querySelectorAll('main table')).filter(t => t.querySelector('thead'));
  const lists = tables.filter(t => !t.classList.contains('table-report'));
  return {
    width: document.documentElement.scrollWidth,
    squeezed: lists.filter(t => !t.classList.contains('table-cards')).map(t => t.querySelector('thead').innerText.slice(0, 40)),
    cards: lists.filter(t => t.classList.contains('table-cards')).map(t => {
      const row = t.querySelector('tbody tr');
      const title = row && row.querySelector('[data-card=title]');
      return {flex: row ? getComputedStyle(row).display : 'none', head: getComputedStyle(t.querySelector('thead')).display,
              titleFirst: !title || title.getBoundingClientRect().top <= Math.min(...Array.from(row.children)
                .filter(td => getComputedStyle(td).display !== 'none').map(td => td.getBoundingClientRect().top)) + 1};
    }),
  };
}"""


def test_every_list_fits_a_phone_as_cards_and_pickers_search(live_server, browser, screens):
    load_demo()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    problems, seen = [], 0
    for username, paths in LISTS.items():
        context.clear_cookies()
        page = context.new_page()
        login(page, live_server.url, username)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (username, path, response.status)
            found = page.evaluate(CHECK)
            if found["width"] > 390:
                problems.append((username, path, "sideways scroll", found["width"]))
            if found["squeezed"]:
                problems.append((username, path, "a desktop table", found["squeezed"]))
            for card in found["cards"]:
                seen += 1
                if card["head"] != "none" or card["flex"] not in ("flex", "none") or not card["titleFirst"]:
                    problems.append((username, path, "not a card", card))
            if path == "/inspections/":
                page.screenshot(path=str(screens / "phone-list-inspections.png"))
        page.close()
    assert problems == []
    assert seen >= 20

    # Pickers, on the same phone: 安排检查 as the demo unit.
    from enterprises.models import Enterprise
    from org.models import Person

    page = context.new_page()
    context.clear_cookies()
    login(page, live_server.url, "unit")
    page.goto(f"{live_server.url}/inspections/new/")
    # The <select> stays in the form (it is what posts) but is driven by the search box.
    assert "tomselected" in page.locator("select#id_enterprises[multiple]").get_attribute("class")
    firm = Enterprise.objects.get(name="乌审旗恒通汽车运输有限责任公司")
    box = page.locator("#id_enterprises-ts-control")
    box.click()
    box.fill("wsqht")  # pinyin initials of 乌审旗恒通…
    page.locator("#id_enterprises-ts-dropdown .option", has_text=firm.name).click()
    box.fill("天骄")  # a few characters of the name
    page.wait_for_selector("#id_enterprises-ts-dropdown .option:has-text('天骄')")
    options = page.locator("#id_enterprises-ts-dropdown .option")
    assert options.count() >= 1 and all("天骄" in t for t in options.all_inner_texts())
    other = options.first.inner_text()
    options.first.click()
    chosen = page.evaluate("Array.from(document.querySelector('#id_enterprises').selectedOptions).map(o => o.text)")
    assert chosen == [firm.name, other]
    members = page.locator("#id_members-ts-control")
    members.click()
    person = Person.objects.filter(unit__isnull=False).exclude(name="").first()
    members.fill(person.name[:1])
    page.wait_for_selector(f"#id_members-ts-dropdown .option:has-text('{person.name}')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screens / "picker-phone.png"))
