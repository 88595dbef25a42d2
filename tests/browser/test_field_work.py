"""Field work in a real browser: a member of the public files a tip-off with a
photo and gets a receipt code; the handling unit verifies it true, which creates
a linked hazard; the public page shows the progress without anything internal.
And an inspector on a phone records a 不符合 item and turns it into a hazard."""

import io
import re

import pytest
from PIL import Image

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def jpeg(path, color=(60, 120, 200)):
    Image.new("RGB", (320, 240), color).save(path, "JPEG")
    return str(path)


def test_public_tip_off_to_linked_hazard(live_server, browser, screens, tmp_path):
    load_demo()
    from hazards.models import Hazard
    from org.models import Region, Sector
    from tipoffs.models import TipOff

    base = live_server.url
    public = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    public.goto(f"{base}/jubao/")
    public.select_option("#id_region", str(Region.objects.get(name="乌审旗").pk))
    public.select_option("#id_sector", str(Sector.objects.get(code="road").pk))
    public.fill("#id_subject", "嘎鲁图镇某加气站门口")
    # Script in a text field is refused with a Chinese message, and nothing is saved.
    public.fill("#id_description", "<script>alert('x')</script>危货车辆在加气站门口排队占道停放")
    public.click("button:has-text('提交举报')")
    assert "不能包含网页代码" in public.inner_text("main")
    before = TipOff.objects.count()
    public.fill("#id_description", "每天傍晚有五六辆危险货物运输车在加气站门口排队，占用行车道，多次险些发生追尾。")
    public.uncheck("#id_anonymous")
    public.fill("#id_reporter_name", "王女士")
    public.fill("#id_reporter_phone", "13904771234")
    public.set_input_files("#id_photos", jpeg(tmp_path / "site.jpg"))
    public.screenshot(path=str(screens / "tipoff-1-public-form.png"), full_page=True)
    public.click("button:has-text('提交举报')")
    code = public.inner_text("[data-testid=receipt-code]").strip()
    assert re.fullmatch(r"JB[A-Z2-9]{10}", code)
    assert TipOff.objects.count() == before + 1 and TipOff.objects.get(code=code).photos.count() == 1
    public.screenshot(path=str(screens / "tipoff-2-receipt.png"), full_page=True)

    # The handling unit (the enforcement team supervises 道路运输 in 乌审旗) verifies it.
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(page, base, "unit")
    page.goto(f"{base}/tipoffs/")
    page.click(f"text={code}")
    assert "13904771234" in page.inner_text("[data-testid=reporter]")  # the handling unit sees the reporter
    page.click("form[action$='/do/accept/'] button")
    page.select_option("form[action$='/do/verify/'] select[name=enterprise]", index=1)
    page.click("form[action$='/do/verify/'] button")
    page.check("input[name=conclusion][value=substantiated]")
    page.fill("form[action$='/do/conclude/'] textarea[name=findings]", "现场核实：傍晚有4辆危货车占道排队，已责令企业错峰加气。")
    page.fill("form[action$='/do/conclude/'] textarea[name=reply]", "经核查情况属实，已责令相关企业整改，感谢您的监督！")
    page.click("form[action$='/do/conclude/'] button")
    assert page.inner_text("[data-testid=state]") == "查实"
    hazard = Hazard.objects.get(tipoff__code=code)
    assert hazard.source == "tip_off" and hazard.number in page.inner_text("[data-testid=linked-hazard]")
    page.screenshot(path=str(screens / "tipoff-3-handled.png"), full_page=True)
    page.click("[data-testid=linked-hazard]")
    assert code in page.inner_text("[data-testid=origin]")

    # The public progress page: the outcome and the reply, nothing internal.
    public.goto(f"{base}/jubao/chaxun/")
    public.fill("#id_code", code.lower())
    public.click("button:has-text('查询')")
    text = public.inner_text("main")
    assert "经核查情况属实" in text and "正在整改中" in text and "感谢您的监督" in text  # its hazard is still open
    for internal in (hazard.number, "现场核实", "执法大队", "13904771234", "王女士"):
        assert internal not in text
    public.screenshot(path=str(screens / "tipoff-4-public-progress.png"), full_page=True)


def test_inspector_records_on_a_phone_and_converts_in_one_step(live_server, browser, screens, tmp_path):
    load_demo()
    from hazards.models import Hazard
    from inspections.models import CheckItem, Inspection

    base = live_server.url
    inspection = Inspection.objects.get(kind="unannounced")
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    login(page, base, "unit")
    page.goto(f"{base}/inspections/{inspection.pk}/field/")
    card = page.locator(".item-card").first
    item_id = card.get_attribute("data-item")
    card.locator("label:has-text('不符合')").click()
    card.locator("textarea[name=note]").fill("动态监控平台夜间无人值守")
    card.locator("input[name=photo]").set_input_files(jpeg(tmp_path / "item.jpg", (40, 160, 200)))
    # The photo opens to be marked: a circle dragged round the problem, then 完成.
    canvas = page.locator(".annotate-box canvas")
    canvas.wait_for()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.7, steps=5)
    page.mouse.up()
    page.click(".annotate-box [data-done]")
    page.locator(".annotate-box").wait_for(state="detached")
    card.locator("button:has-text('保存')").click()
    saved = page.locator(f"#item-{item_id}")
    saved.locator("text=已保存").wait_for()
    assert saved.get_attribute("data-result") == "fail"
    # 符合 is one tap: the card saves itself and the progress above counts it.
    second = page.locator(".item-card").nth(1)
    second_id = second.get_attribute("data-item")
    second.locator("label:has-text('符合')").first.click()
    page.locator(f"#item-{second_id} >> text=已保存").wait_for()
    total = page.get_attribute("[data-testid=progress]", "data-total")
    assert page.get_attribute("[data-testid=progress]", "data-checked") == "2"
    assert f"已查 2/{total}" in page.inner_text("[data-testid=progress]")
    assert CheckItem.objects.get(pk=second_id).result == "pass"
    page.screenshot(path=str(screens / "inspection-1-field-phone.png"), full_page=False)
    saved.locator("a:has-text('转为隐患')").click()
    assert page.input_value("#id_title") == "动态监控平台夜间无人值守"  # what was seen, not the requirement
    page.click("button:has-text('提交隐患')")
    assert "已转为隐患" in page.inner_text("main")
    item = CheckItem.objects.get(pk=item_id)
    assert item.hazard is not None and Hazard.objects.get(pk=item.hazard_id).attachments.count() == 1
    with item.photo_original.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as marked:
        raw = marked.convert("RGB").tobytes()
        reds = sum(1 for i in range(0, len(raw), 3) if raw[i] > 200 and raw[i + 1] < 90 and raw[i + 2] < 90)
    assert reds > 50  # the red circle drawn on the phone is in the photo kept
    assert item.hazard.number in page.inner_text(f"[data-item='{item_id}']")
    page.screenshot(path=str(screens / "inspection-2-linked.png"), full_page=True)
