import datetime
import io

import time_machine
from openpyxl import load_workbook

from core.models import ImportBatch
from plans import review
from plans.models import Plan, Slot, Task

from core.testing import SAMPLES


def upload(client, name):
    with open(SAMPLES / name, "rb") as f:
        return client.post("/plans/import/", {"file": f})


def review_form(user, batch, units="new", **extra):
    """What the review form posts when the reviewer leaves every proposal as it is, ticks 确认并保存
    and answers each unit name without a suggestion with `units` (new, skip or an id)."""
    draft = review.draft_of(batch.rows[0])
    data = {"action": "save", "title": draft["title"], "source": "all"}
    data |= {f"t{i}-take": "on" for i, t in enumerate(draft["tasks"]) if t["take"]}
    for i, row in enumerate(review.unit_rows(user, draft)):
        data[f"u{i}-name"] = row["name"]
        data[f"u{i}-choice"] = row["choice"] or units
    return data | extra


def test_upload_review_confirm(world, client_for):
    client = client_for(world.u.safety)
    response = upload(client, "yunxi-2023-plan.txt")
    batch = ImportBatch.objects.get(kind="plan")
    assert response["Location"] == f"/plans/import/{batch.pk}/"
    assert not Plan.objects.exists()  # nothing saved before confirmation
    page = client.get(f"/plans/import/{batch.pk}/").content.decode()
    assert "持续开展隐患清零行动" in page and "局安全监督股" in page
    form = review_form(world.u.safety, batch, title="云溪区打好安全生产翻身仗工作方案", **{
        "t2-merge": "on", "t3-text": "第一部分。\n---\n第二部分。"})
    del form["t0-take"]  # left out of the import
    response = client.post(f"/plans/import/{batch.pk}/", form)
    plan = Plan.objects.get()
    assert response["Location"] == f"/plans/{plan.pk}/"
    assert plan.title == "云溪区打好安全生产翻身仗工作方案"
    # 18 tasks − 1 deleted − 1 merged + 1 from the split
    assert plan.tasks.count() == 17
    assert plan.tasks.filter(number__in=["3-1", "3-2"]).count() == 2
    ledger = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "强化源头管控" in ledger and "严格监管执法" not in ledger  # merged into the task before it


def test_upload_refuses_wrong_files(world, client_for):
    client = client_for(world.u.safety)
    f = io.BytesIO(b"x")
    f.name = "plan.xlsx"
    assert "只支持" in client.post("/plans/import/", {"file": f}).content.decode()
    f = io.BytesIO("这是一段没有任何编号的文字。".encode())
    f.name = "plan.txt"
    assert "未能从该文件中识别出任何任务" in client.post("/plans/import/", {"file": f}).content.decode()
    assert client_for(world.u.road).get("/plans/import/").status_code == 403
    assert not ImportBatch.objects.exists()


def imported(world, client_for, name="yunxi-2023-plan.txt"):
    client = client_for(world.u.safety)
    upload(client, name)
    batch = ImportBatch.objects.get(kind="plan")
    client.post(f"/plans/import/{batch.pk}/", review_form(world.u.safety, batch))
    return Plan.objects.get(), client


def test_measures_list_on_screen_xlsx_and_pdf(world, client_for):
    plan, client = imported(world, client_for)
    page = client.get(f"/plans/{plan.pk}/measures/").content.decode()
    assert "项目名称" in page and "持续开展隐患清零行动" in page and "局安全监督股牵头" in page
    wb = load_workbook(io.BytesIO(client.get(f"/plans/{plan.pk}/measures.xlsx").content))
    ws = wb.active
    assert [c.value for c in ws[2]] == ["项目名称", "任务名称", "责任单位", "具体措施", "完成时限"]
    assert ws.max_row == 2 + plan.tasks.count() and ws.merged_cells.ranges
    pdf = client.get(f"/plans/{plan.pk}/measures.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_ledger_is_scoped(world, client_for):
    plan, _ = imported(world, client_for)
    assert client_for(world.u.safety_b).get(f"/plans/{plan.pk}/").status_code == 404
    assert client_for(world.u.alice).get("/plans/").status_code == 403


def test_overdue_task_and_missing_slot_show_the_day_after(world, client_for):
    plan, client = imported(world, client_for)
    task = plan.tasks.get(title="持续开展隐患清零行动")
    slot = Slot.objects.filter(duty__due_day="16").order_by("due_date").first()
    with time_machine.travel(datetime.datetime(2023, 1, 17, 2, tzinfo=datetime.timezone.utc)):
        client.force_login(world.u.safety)
        cal = client.get("/plans/calendar/").content.decode()
        assert 'data-slot-status="missing"' in cal
        assert slot.status() == Slot.Status.MISSING
    with time_machine.travel(datetime.datetime(2023, 9, 1, 2, tzinfo=datetime.timezone.utc)):
        client.force_login(world.u.safety)
        page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
        assert "逾期" in page
        assert task.status() == Task.Status.OVERDUE


def test_progress_through_the_form(world, client_for):
    plan, client = imported(world, client_for)
    task = plan.tasks.get(title="持续开展隐患清零行动")
    response = client.post(f"/plans/tasks/{task.pk}/do/progress/",
                           {"period": "2023-06", "percent": "150", "text": "x"}, follow=True)
    assert "完成进度" in response.content.decode() and not task.progress.exists()


def test_progress_with_an_attachment_and_a_refused_file(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan, client = imported(world, client_for)
    task = plan.tasks.get(title="持续开展隐患清零行动")
    pdf = SimpleUploadedFile("材料.pdf", b"%PDF-1.4 monthly report", content_type="application/pdf")
    bad = SimpleUploadedFile("材料.pdf", b"MZ not a pdf", content_type="application/pdf")
    with time_machine.travel(datetime.datetime(2023, 6, 5, 2, tzinfo=datetime.timezone.utc)):
        client.force_login(world.u.safety)
        page = client.post(f"/plans/tasks/{task.pk}/do/progress/", {"period": "2023-06", "percent": "40",
                                                                     "text": "排查两轮", "files": [bad]}, follow=True)
        assert "格式不受支持" in page.content.decode() and not task.progress.exists()
        client.post(f"/plans/tasks/{task.pk}/do/progress/", {"period": "2023-06", "percent": "40",
                                                             "text": "排查两轮", "files": [pdf]})
    att = task.progress.get().attachments.get()
    assert att.original_name == "材料.pdf"
    client.force_login(world.u.safety)  # the session from the time jump has expired
    assert client.get(f"/plans/files/{att.pk}/").status_code == 200
    assert client_for(world.u.safety_b).get(f"/plans/files/{att.pk}/").status_code == 404


def test_a_plan_can_implement_a_parent_plan(world, client_for):
    parent, client = imported(world, client_for)
    upload(client, "wushen-2024-plan.txt")
    batch = ImportBatch.objects.filter(kind="plan", status="pending").get()
    client.post(f"/plans/import/{batch.pk}/", review_form(world.u.safety, batch, parent=parent.pk))
    child = Plan.objects.exclude(pk=parent.pk).get()
    assert child.parent == parent
    assert parent.title in client.get(f"/plans/{child.pk}/").content.decode()
