"""Each demo login sees its own menu and data, and Chinese renders."""


import pytest

from demo import data as demo_data
from core.navigation import SYSTEM
from tests.browser.conftest import CJK_RENDERS
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

SYSTEM_KEYS = {key for key, *_ in SYSTEM}
EXPECTED_NAV = {
    "leader": ["dashboard", "enterprises", "hazards", "risks", "plans", "duties", "inspections", "training", "tipoffs",
               "accidents", "reports", "system"],
    "safety": ["dashboard", "enterprises", "hazards", "risks", "plans", "duties", "inspections", "training", "tipoffs",
               "accidents", "reports", "system"],
    "unit": ["dashboard", "enterprises", "hazards", "risks", "plans", "duties", "inspections", "training", "tipoffs",
             "accidents", "reports", "system"],
    "enterprise": ["dashboard", "my_enterprise", "hazards", "risks", "my_obligations", "my_inspections", "training",
                   "accidents"],
    "expert": ["dashboard", "enterprises", "hazards", "risks", "inspections", "system"],
    "sysadmin": ["system"],
    "secadmin": ["system"],
    "auditor": ["system"],
}


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo_data.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]", state="attached")


def test_each_role_logs_in_sees_its_menu_and_chinese_renders(live_server, browser, screens):
    load_demo()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.inner_text("h2") == "用户登录"
    assert page.evaluate(CJK_RENDERS), "Chinese glyphs render as boxes: is fonts-noto-cjk installed?"
    page.screenshot(path=str(screens / "login.png"))
    for username, nav in EXPECTED_NAV.items():
        login(page, live_server.url, username)
        keys = page.eval_on_selector_all("nav [data-nav]", "els => els.map(e => e.dataset.nav)")
        # Top-level entries only: the 系统管理 dropdown's items are tested in core/tests/test_navigation.py.
        top = [k for k in keys if k in nav or k not in SYSTEM_KEYS]
        assert top == nav, f"{username}: {top}"
        assert page.evaluate(CJK_RENDERS)
        page.screenshot(path=str(screens / f"role-{username}.png"), full_page=True)
        page.click("text=退出")
        page.wait_for_selector("#id_username")
    context.close()


def test_unit_staff_see_their_sectors_and_enterprises_see_themselves(live_server, browser, screens):
    load_demo()
    from enterprises.models import Enterprise
    from org.models import User

    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(page, live_server.url, "unit2")  # 农村公路建设养护服务中心: 公路运营 + 工程建设
    page.goto(f"{live_server.url}/enterprises/")
    rows = page.eval_on_selector_all("table tbody tr td.name-cell", "els => els.map(e => e.innerText)")
    expected = set(Enterprise.objects.for_user(User.objects.get(username="unit2")).values_list("name", flat=True))
    assert rows and set(rows) == expected
    assert not any("物流" in r for r in rows)
    page.screenshot(path=str(screens / "unit2-enterprises.png"), full_page=True)
    page.click("text=退出")

    login(page, live_server.url, "enterprise")
    own = User.objects.get(username="enterprise").enterprise
    other = Enterprise.objects.exclude(pk=own.pk).first()
    page.click("[data-nav=my_enterprise]")
    assert page.inner_text("h1") == own.name
    response = page.goto(f"{live_server.url}/enterprises/{other.pk}/")
    assert response.status == 404
    assert "不在您的数据范围内" in page.inner_text("main")


def test_the_enterprise_list_works_on_a_phone(live_server, browser, screens):
    load_demo()
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    login(page, live_server.url, "safety")
    page.goto(f"{live_server.url}/enterprises/?q=危险货物")
    assert page.locator("table tbody tr").count() >= 1
    page.screenshot(path=str(screens / "phone-enterprises.png"), full_page=True)
    context.close()
