"""Offline forms (issue 22 §1): an enterprise's phone keeps the hazard report form and the 带队检查 form; with
no network both are filled in and saved on the phone ("N 项待同步" on every page, kept over a reload), and
when the network returns each reaches the server exactly once, the banner linking to what was made."""

import io

import pytest
from PIL import Image

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 60, 40)).save(buf, "JPEG")
    return {"name": "罐车.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def queued(page, n):
    page.wait_for_function(
        f"() => document.querySelector('[data-testid=offline-queue]').dataset.count === '{n}'", timeout=20000)


def test_a_report_and_a_self_check_made_offline_reach_the_server_once(live_server, browser, screens):
    load_demo()
    from core.models import ReplayKey
    from hazards.models import Hazard
    from obligations.models import SelfCheck
    from org.models import User

    user = User.objects.get(username="enterprise")
    hazards_before, checks_before = Hazard.objects.count(), SelfCheck.objects.count()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
    login(page, live_server.url, "enterprise")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    for path in ("/hazards/new/", "/obligations/checks/new/"):  # opened once with the network: kept
        page.goto(live_server.url + path)

    context.set_offline(True)
    page.goto(live_server.url + "/hazards/new/")  # served by the worker from the kept copy
    page.fill("#id_title", "罐车紧急切断阀失效")
    page.fill("#id_description", "蒙K·D1234 罐车紧急切断阀无法关闭")
    page.select_option("#id_level", "general")
    if not page.eval_on_selector("#id_sector", "s => s.value"):
        page.select_option("#id_sector", index=1)
    page.set_input_files("#id_photos", jpeg())
    page.click("button:has-text('上报')")
    page.wait_for_selector("[data-offline-saved]")
    queued(page, 1)
    assert page.input_value("#id_title") == ""  # the form is cleared for the next report

    page.goto(live_server.url + "/obligations/checks/new/")
    for fieldset in page.locator("fieldset[data-item]").all():
        fieldset.locator("input[type=radio][value=pass]").check()
    page.click("button:has-text('保存检查记录')")
    page.wait_for_selector("[data-offline-saved]")
    queued(page, 2)
    page.reload()  # offline: still two, kept on the phone
    queued(page, 2)
    page.screenshot(path=str(screens / "offline-forms-queued.png"))
    assert Hazard.objects.count() == hazards_before and SelfCheck.objects.count() == checks_before

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    queued(page, 0)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=offline-queue] [data-synced] li').length === 2")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(screens / "offline-forms-synced.png"))
    hazard = Hazard.objects.get(title="罐车紧急切断阀失效")
    assert hazard.enterprise_id == user.enterprise_id and hazard.attachments.count() == 1
    assert Hazard.objects.count() == hazards_before + 1 and SelfCheck.objects.count() == checks_before + 1
    assert ReplayKey.objects.filter(user=user).count() == 2
    links = page.eval_on_selector_all("[data-testid=offline-queue] [data-synced] a", "as => as.map(a => a.href)")
    assert any(link.endswith(f"/hazards/{hazard.pk}/") for link in links)
    context.close()
