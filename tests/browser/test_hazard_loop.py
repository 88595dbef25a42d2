"""The whole closed loop of a 重大 hazard in a real browser, across four logins:
enterprise reports with a photo → unit verifies → safety office confirms and
opens 挂牌督办 → enterprise submits the plan and an after-photo → unit accepts →
safety office lifts the 督办 and closes (销号). The timeline shows every step."""

import datetime

import pytest
from PIL import Image

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def jpeg(path, color):
    Image.new("RGB", (320, 240), color).save(path, "JPEG")
    return str(path)


def logout(page):
    page.click("text=退出")
    page.wait_for_selector("#id_username")


def act(page, action, fill=None, button=None):
    form = page.locator(f"form[data-action='{action}']")
    for selector, value in (fill or {}).items():
        form.locator(selector).fill(value)
    form.locator(f"button:has-text('{button}')" if button else "button").first.click()
    page.wait_for_load_state("networkidle")


def test_the_whole_loop_of_a_major_hazard(live_server, browser, screens, tmp_path):
    load_demo()
    from hazards.models import Criterion, Hazard

    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

    # 1. The enterprise self-reports with a photo.
    login(page, base, "enterprise")
    page.goto(f"{base}/hazards/new/")
    page.set_input_files("#id_photos", jpeg(tmp_path / "before.jpg", (200, 60, 60)))
    page.fill("#id_title", "常压罐车超核定载质量充装")
    page.fill("#id_description", "抽查发现一辆常压液体危险货物罐车充装超出核定载质量。")
    page.select_option("#id_level", "major")
    assert page.eval_on_selector("#id_sector", "s => s.options[s.selectedIndex].text") == "危险货物道路运输"
    page.select_option("#id_criterion", value=str(Criterion.objects.get(code="DY-D1").pk))
    page.screenshot(path=str(screens / "loop-1-report-form.png"), full_page=True)
    page.click("button:has-text('上报')")
    assert "已上报隐患" in page.inner_text("main")
    hazard = Hazard.objects.latest("id")
    assert hazard.criterion.code == "DY-D1" and hazard.attachments.count() == 1
    url = f"{base}/hazards/{hazard.pk}/"
    logout(page)

    # 2. The supervising unit verifies it as 重大 (first level of 两级确认).
    login(page, base, "unit")
    page.goto(url)
    act(page, "verify", {"[name=deadline]": future})
    assert page.inner_text("[data-testid=state]") == "待确认"
    logout(page)

    # 3. The safety office confirms and opens 挂牌督办.
    login(page, base, "safety")
    page.goto(url)
    act(page, "confirm", button="确认为重大事故隐患")
    assert page.inner_text("[data-testid=state]") == "待整改"
    act(page, "open_supervision", {"[name=doc_number]": "乌交督〔2026〕9号", "[name=signatory]": "呼日亚图",
                                   "[name=planned_date]": future})
    assert "挂牌督办中" in page.inner_text("[data-testid=listed]")
    page.screenshot(path=str(screens / "loop-3-listed.png"), full_page=True)
    logout(page)

    # 4. The enterprise submits the 五到位 plan, rectifies, and submits an after-photo.
    login(page, base, "enterprise")
    page.goto(url)
    act(page, "plan", {"[name=plan_goal]": "罐车按核定载质量充装", "[name=plan_measures]": "更换充装计量设备，培训装卸人员",
                       "[name=plan_funds]": "6.5", "[name=plan_materials]": "流量计两台",
                       "[name=plan_organization]": "安全科，主要负责人牵头", "[name=plan_deadline]": future,
                       "[name=plan_safety]": "整改期间停用该罐车"}, button="提交方案并开始整改")
    assert page.inner_text("[data-testid=state]") == "整改中"
    form = page.locator("form[data-action='submit']")
    form.locator("[name=photos]").set_input_files(jpeg(tmp_path / "after.jpg", (60, 180, 60)))
    form.locator("[name=comment]").fill("已更换计量设备并复核充装记录")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("[data-testid=state]") == "待验收"
    logout(page)

    # 5. The unit accepts.
    login(page, base, "unit")
    page.goto(url)
    act(page, "accept", {"textarea": "现场复查合格"})
    assert page.inner_text("[data-testid=state]") == "已验收"
    logout(page)

    # 6. The safety office lifts the 督办 and closes the hazard (销号).
    login(page, base, "safety")
    page.goto(url)
    act(page, "lift_supervision", {"textarea": "经现场复查，解除督办"})
    act(page, "close", {"textarea": "同意销号"})
    assert page.inner_text("[data-testid=state]") == "已销号"
    events = page.eval_on_selector_all("[data-testid=timeline] li", "els => els.map(e => e.dataset.event)")
    assert events == ["reported", "verified", "confirmed", "supervision_opened", "rectifying_started", "submitted",
                      "accepted", "supervision_lifted", "closed"]
    assert page.locator("img[alt='整改前照片']").count() == 1 and page.locator("img[alt='整改后照片']").count() == 1
    page.screenshot(path=str(screens / "loop-6-closed.png"), full_page=True)
    response = page.request.get(f"{url}closeout.pdf")
    assert response.status == 200 and response.body()[:4] == b"%PDF"
    with open(screens / "loop-closeout.pdf", "wb") as f:
        f.write(response.body())


def test_metrics_and_map_pages(live_server, browser, screens):
    load_demo()
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(page, live_server.url, "safety")
    page.goto(f"{live_server.url}/hazards/")
    page.screenshot(path=str(screens / "hazard-list.png"), full_page=True)
    page.goto(f"{live_server.url}/hazards/metrics/")
    assert "动态清零" in page.inner_text("main")
    page.screenshot(path=str(screens / "hazard-metrics.png"), full_page=True)
    page.goto(f"{live_server.url}/hazards/map/")
    page.wait_for_selector("#map[data-loaded]", state="attached")
    assert int(page.get_attribute("#map", "data-loaded")) > 0
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1  # markers drawn on canvas
    page.screenshot(path=str(screens / "hazard-map.png"))
    # Beside the canvas, the same points as a list a keyboard reaches (issue 25): one item per point, each
    # with its number as a link and its level in words, not colour.
    loaded = int(page.get_attribute("#map", "data-loaded"))
    assert page.locator("#map-points li").count() == loaded
    assert page.text_content("#map-points h2") == f"未销号隐患（{loaded}）"
    page.click("[data-testid=map-list] summary")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#map-points') && document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("/hazards/")
    assert "隐患" in page.text_content("#map-points li >> nth=0")

    # A title is text, never markup: the popup shows it literally and adds no element (issue 17 #1).
    from hazards.models import OPEN_STATES, Hazard

    shown = Hazard.objects.filter(state__in=OPEN_STATES, latitude__isnull=False).order_by("pk")
    target = shown.first()
    shown.exclude(pk=target.pk).update(latitude=None, longitude=None)
    Hazard.objects.filter(pk=target.pk).update(title='<b id="injected">粗体</b><img src=x id="injected-img">')
    page.goto(f"{live_server.url}/hazards/map/")
    page.wait_for_selector("#map[data-loaded='1']", state="attached")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.wait_for_selector(".leaflet-popup-content")
    assert '<b id="injected">粗体</b>' in popup.inner_text()
    assert page.locator("#injected, #injected-img").count() == 0
    assert popup.query_selector("a").get_attribute("href") == f"/hazards/{target.pk}/"
    page.screenshot(path=str(screens / "hazard-map-popup.png"))


def test_the_report_form_and_detail_work_on_a_phone(live_server, browser, screens):
    load_demo()
    from hazards.models import Hazard
    from org.models import User

    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    login(page, live_server.url, "enterprise")
    page.goto(f"{live_server.url}/hazards/new/")
    assert page.get_attribute("#id_photos", "capture") == "environment"  # opens the phone camera
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(screens / "phone-report.png"), full_page=True)
    own = Hazard.objects.for_user(User.objects.get(username="enterprise")).first()
    page.goto(f"{live_server.url}/hazards/{own.pk}/")
    assert page.inner_text("h1") == own.title
    page.screenshot(path=str(screens / "phone-hazard-detail.png"), full_page=True)
    context.close()
