"""Enterprise detail, edit form and the Excel import flow in a real browser."""


import pytest
from openpyxl import Workbook

from core.validators import make_credit_code
from enterprises.spreadsheet import COLUMNS
from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def workbook(path, rows):
    wb = Workbook()
    wb.active.append(COLUMNS)
    for r in rows:
        wb.active.append([r.get(c) for c in COLUMNS])
    wb.save(path)


def test_import_shows_row_errors_then_imports_a_fixed_file(live_server, browser, screens, tmp_path):
    load_demo()
    from enterprises.models import Enterprise

    good = {"企业名称": "乌审旗浏览器测试物流有限公司", "统一社会信用代码": make_credit_code("150626", 999001),
            "行业领域": "道路普通货物运输", "所属区划": "嘎鲁图镇", "主要负责人": "测试人", "车辆数": 5}
    bad = dict(good, 企业名称="乌审旗浏览器测试二号物流有限公司",
               统一社会信用代码=make_credit_code("150626", 999002)[:-1] + "0", 所属区划="沁水县")
    workbook(tmp_path / "bad.xlsx", [good, bad])
    workbook(tmp_path / "good.xlsx", [good])
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(page, live_server.url, "safety")
    page.goto(f"{live_server.url}/enterprises/import/")
    page.set_input_files("#id_file", str(tmp_path / "bad.xlsx"))
    page.click("text=上传并预览")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "第 3 行，“统一社会信用代码”列" in errors
    assert "第 3 行，“所属区划”列：区划“沁水县”不存在或不在您的管理范围内" in errors
    assert page.locator("text=确认导入").count() == 0
    page.screenshot(path=str(screens / "import-errors.png"), full_page=True)
    assert not Enterprise.objects.filter(name__startswith="乌审旗浏览器测试").exists()

    page.goto(f"{live_server.url}/enterprises/import/")
    page.set_input_files("#id_file", str(tmp_path / "good.xlsx"))
    page.click("text=上传并预览")
    page.click("text=确认导入")
    assert "导入完成：新增 1 家，更新 0 家" in page.inner_text("main")
    e = Enterprise.objects.get(name="乌审旗浏览器测试物流有限公司")

    page.goto(f"{live_server.url}/enterprises/{e.pk}/")
    assert page.inner_text("h1") == e.name
    assert "批量导入" in page.inner_text("[data-testid=timeline]")
    page.screenshot(path=str(screens / "enterprise-detail.png"), full_page=True)

    page.click("text=编辑")
    page.fill("#id_address", "嘎鲁图镇浏览器路1号")
    page.click("button:has-text('保存')")
    assert "已保存" in page.inner_text("main")
    e.refresh_from_db()
    assert e.address == "嘎鲁图镇浏览器路1号" and e.version == 2
    page.goto(f"{live_server.url}/enterprises/{e.pk}/edit/")
    page.screenshot(path=str(screens / "enterprise-form.png"), full_page=True)
