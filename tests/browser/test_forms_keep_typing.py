"""Forms keep what was typed (issue 18 #4), on a phone: a 五到位 plan refused for a missing
element and a 提交验收 refused for want of an after-photo come back filled in, with the error
beside the field, scrolled into view; the file input says the photo must be chosen again."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN", "is_mobile": True}


def in_view(page, selector):
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
                                   return r.top >= 0 && r.bottom <= window.innerHeight; }""", selector)


def test_a_refused_plan_and_a_refused_submission_keep_what_was_typed(live_server, browser, screens, world, sectors):
    from hazards.criteria_seed import seed_criteria
    from hazards.models import Criterion, State
    from org.models import Sector
    from tests.factories import drive, report_hazard

    seed_criteria(Criterion, Sector)  # a transactional test starts from an empty catalogue
    criterion = Criterion.objects.get(code="DY-G2")
    confirmed = drive(world, report_hazard(world, sectors, level="major", criterion=criterion,
                                                    title="罐区防火堤破损"), State.CONFIRMED)
    rectifying = drive(world, report_hazard(world, sectors, level="general", title="车辆年检逾期"), State.RECTIFYING,
                       level="general")
    page = browser.new_context(**PHONE).new_page()
    login_as(page, live_server.url)

    # 五到位: everything typed but 物资 → refused, kept, the error beside 物资.
    page.goto(f"{live_server.url}{confirmed.get_absolute_url()}")
    form = page.locator("form[data-action=plan]")
    form.locator("[name=plan_goal]").fill("三日内修复防火堤")
    form.locator("[name=plan_measures]").fill("停用罐区、砌筑修复、验收")
    form.locator("[name=plan_funds]").fill("3.5")
    form.locator("[name=plan_organization]").fill("安全部 张工")
    form.locator("[name=plan_deadline]").fill("2026-12-20")
    form.locator("[name=plan_safety]").fill("设置警戒区，配备灭火器")
    form.get_by_role("button", name="提交方案并开始整改").click()
    page.wait_for_selector("form[data-action=plan] .invalid-feedback")
    page.wait_for_load_state("load")
    form = page.locator("form[data-action=plan]")
    assert form.locator("[name=plan_goal]").input_value() == "三日内修复防火堤"
    assert form.locator("[name=plan_safety]").input_value() == "设置警戒区，配备灭火器"
    assert form.locator("[name=plan_funds]").input_value() == "3.5"
    materials = form.locator("[name=plan_materials]")
    assert "is-invalid" in materials.get_attribute("class")
    assert "尚缺：物资" in page.locator("#" + materials.get_attribute("aria-describedby")).inner_text()
    assert in_view(page, "form[data-action=plan] [name=plan_materials]")
    page.screenshot(path=str(screens / "form-kept-plan-phone.png"))
    confirmed.refresh_from_db()
    assert confirmed.state == State.CONFIRMED

    # 提交验收 without an after-photo → refused, the text kept, the error beside the photo input.
    page.goto(f"{live_server.url}{rectifying.get_absolute_url()}")
    form = page.locator("form[data-action=submit]")
    form.locator("[name=comment]").fill("已送检全部车辆，取得合格证明")
    form.get_by_role("button", name="提交验收").click()
    page.wait_for_selector("form[data-action=submit] .invalid-feedback")
    page.wait_for_load_state("load")
    form = page.locator("form[data-action=submit]")
    assert form.locator("[name=comment]").input_value() == "已送检全部车辆，取得合格证明"
    photos = form.locator("[name=photos]")
    assert "is-invalid" in photos.get_attribute("class")
    assert "整改后照片" in form.locator(".invalid-feedback").first.inner_text()
    assert in_view(page, "form[data-action=submit] [name=photos]")
    page.screenshot(path=str(screens / "form-kept-submit-phone.png"))
    rectifying.refresh_from_db()
    assert rectifying.state == State.RECTIFYING


def login_as(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "Zhiben@2026")  # the factories' password
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]", state="attached")
