"""Import the Qinshui sample as .docx in a real browser: review, fix one unit
mapping, confirm, and see the ledger with its tasks and the due slots."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.testing import SAMPLES
from tests.browser.test_roles import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAMPLE = SAMPLES / "qinshui-2024-plan.txt"


def test_import_a_plan_from_word(live_server, browser, screens, tmp_path):
    from docx import Document

    call_command("load_demo", stdout=StringIO())
    from org.models import Unit
    from plans.models import Plan, Slot

    doc = Document()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "沁水县治本攻坚三年行动方案.docx"
    doc.save(path)

    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    login(page, live_server.url, "qinshui")  # 沁水县 安委办
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("#id_file", str(path))
    page.click("text=上传并识别")
    assert page.locator("tr[data-task]").count() == 29
    page.screenshot(path=str(screens / "plan-review.png"), full_page=False)
    # The parser found no unit notes in this plan; add one, then map a name by hand.
    page.fill("input[name='t0-lead']", "综合运输股")
    page.click("text=确认并保存")
    assert "已保存方案" in page.inner_text("main")
    plan = Plan.objects.get(region__code="140521")
    assert plan.tasks.count() == 29
    assert plan.tasks.get(order=0).lead_units.get().name == "综合运输股"
    assert Unit.objects.filter(name="综合运输股").count() == 1  # matched, not duplicated
    page.screenshot(path=str(screens / "plan-ledger.png"), full_page=True)
    assert page.locator("tbody tr[data-status]").count() == 29

    page.goto(f"{live_server.url}/plans/calendar/")
    page.screenshot(path=str(screens / "plan-calendar.png"), full_page=True)
    assert Slot.objects.filter(duty__plan=plan).exists()
    page.goto(f"{live_server.url}/plans/{plan.pk}/measures/")
    assert page.locator("[data-testid=measures] tbody tr").count() == 29
    page.screenshot(path=str(screens / "plan-measures.png"), full_page=False)


def test_fixing_a_unit_mapping(live_server, browser, screens, tmp_path):
    call_command("load_demo", stdout=StringIO())
    from org.models import Unit
    from plans.models import Plan

    text = SAMPLE.read_text(encoding="utf-8").replace(
        "1. 制定领导干部安全生产职责清单", "1. （局执法队牵头，事业发展中心落实）制定领导干部安全生产职责清单")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    login(page, live_server.url, "qinshui")
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("#id_file", str(path))
    page.click("text=上传并识别")
    enforcement = Unit.objects.get(name="县交通运输综合行政执法队")
    # "局执法队" is too far from the register's name to match on its own: map it by hand.
    page.select_option("select[data-unit-name='局执法队']", str(enforcement.pk))
    page.screenshot(path=str(screens / "plan-unit-mapping.png"))
    page.click("text=确认并保存")
    task = Plan.objects.get(region__code="140521").tasks.get(order=0)
    assert list(task.lead_units.all()) == [enforcement]
    assert task.units.get().name == "县交通运输事业发展中心"  # fuzzy-matched "事业发展中心"
