"""The form editor in a browser (issue 19, done-when): the safety office copies the issued
Yunxi form, renames a row, moves a column, previews, saves and points the 调度统计表 duty at
it; the unit then submits a table in that form."""


import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_copy_rename_move_preview_save_and_submit(live_server, browser, screens):
    from org.models import ensure_themes
    from reports.models import ReportForm, Submission, ensure_forms

    load_demo()
    ensure_themes()
    ensure_forms()
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    login(page, live_server.url, "safety")
    page.goto(f"{live_server.url}/reports/forms/")
    page.locator("tr[data-form=yunxi-2023] button", has_text="复制").click()
    page.wait_for_url("**/reports/forms/*/")
    page.fill("input[name=row-2-label]", "3.道路水路交通安全")
    page.fill("input[name=col-people-order]", "1")
    page.fill("input[name=col-teams-order]", "2")
    page.get_by_role("button", name="预览（本年累计）").click()
    preview = page.locator("[data-testid=preview]")
    preview.wait_for()
    heads = preview.locator("thead tr").first.locator("th").all_inner_texts()
    assert heads[:3] == ["行业领域", "组织督查人员", "组织督查组"]
    assert "3.道路水路交通安全" in preview.inner_text() and "7.其他" in preview.inner_text()
    page.screenshot(path=str(screens / "form-editor-preview.png"), full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=报表格式已保存")
    copy = ReportForm.objects.get(code="yunxi-2023-1")
    assert copy.rows[2]["label"] == "3.道路水路交通安全" and copy.columns[:2] == ["people", "teams"]

    page.goto(f"{live_server.url}/reports/forms/")
    duty_row = page.locator("[data-testid=duty-forms] tbody tr").first
    duty_row.locator("select[name=form]").select_option("yunxi-2023-1")
    duty_row.get_by_role("button", name="指定").click()
    page.wait_for_selector("text=今后按所选格式报送")

    unit = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    login(unit, live_server.url, "unit")
    unit.goto(f"{live_server.url}/reports/submit/")
    waiting = unit.evaluate("""() => Array.from(document.querySelectorAll('select[name=slot] option'))
                                 .find(o => o.textContent.includes('待报送')).value""")
    unit.locator("select[name=slot]").select_option(waiting)
    unit.fill("input[name=head]", "朝格查")
    unit.fill("input[name=filler]", "郝广峰")
    unit.fill("input[name=phone]", "13947731234")
    unit.get_by_role("button", name="生成并报送").click()
    unit.wait_for_url("**/reports/submissions/*/")
    text = unit.inner_text("main")
    assert "3.道路水路交通安全" in text and "7.其他" in text
    latest = Submission.objects.order_by("-pk").first()
    assert [c["key"] for c in latest.figures["columns"]][:2] == ["people", "teams"]
