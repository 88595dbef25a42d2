"""主体责任 on a phone (issue 21 §4): the enterprise's 主要负责人 records the monthly check on the spot — one
item 不符合 with a photo becomes the enterprise's own hazard — and the supervising unit, also on a phone,
sees which enterprises have not checked this month, the figure leading to exactly those rows."""

import io

import pytest
from PIL import Image

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 60, 60)).save(buf, "JPEG")
    return {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def test_an_enterprise_checks_on_a_phone_and_the_unit_sees_who_has_not(live_server, browser, screens):
    load_demo()
    from hazards.models import Hazard
    from org.models import User

    firm = User.objects.get(username="enterprise").enterprise
    before = Hazard.objects.filter(enterprise=firm).count()
    page = browser.new_context(**PHONE).new_page()
    login(page, live_server.url, "enterprise")
    page.goto(f"{live_server.url}/obligations/")
    assert "主体责任落实" in page.inner_text("h1")
    page.click("[data-testid=new-check]")
    page.fill("#id_members", "安全管理人员 王强")
    items = page.locator("fieldset[data-item]")
    filled = 0
    for n in range(items.count()):
        box = items.nth(n)
        if not box.locator("input[type=text]").input_value():
            continue  # the two spare rows
        filled += 1
        box.locator("input[value=fail]" if n == 4 else "input[value=pass]").check()
    items.nth(4).locator("textarea").fill("应急锤缺失 2 个，灭火器压力不足")
    items.nth(4).locator("input[type=file]").set_input_files(jpeg())
    page.screenshot(path=str(screens / "obligations-check-phone.png"), full_page=True)
    page.click("button:has-text('保存检查记录')")
    assert "1 项不符合已转为本企业隐患" in page.inner_text("main")
    assert page.locator("[data-testid=items] tbody tr").count() == filled
    page.click("[data-testid=hazard-link]")
    assert "/hazards/" in page.url
    assert Hazard.objects.filter(enterprise=firm).count() == before + 1

    unit = browser.new_context(**PHONE).new_page()
    login(unit, live_server.url, "unit")
    unit.goto(f"{live_server.url}/obligations/board/")
    button = unit.locator("[data-missing='带队检查']")
    missing = int(button.inner_text().split()[-1])
    assert missing > 0
    button.click()
    rows = unit.locator("[data-testid=obligations] tbody tr[data-enterprise]")
    assert rows.count() == missing
    assert firm.name not in unit.inner_text("[data-testid=obligations]")
    unit.screenshot(path=str(screens / "obligations-board-phone.png"), full_page=True)
