"""Editing tasks and correcting slots: optimistic versions, permissions, before/after
events — through the service, the web form and the API."""

import datetime

import pytest

from core.testing import document
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.exceptions import ConflictError, ServiceError
from plans import services
from plans.models import Slot, Task
from plans.parsing import parse_file

from core.testing import SAMPLES


@pytest.fixture
def plan(world):
    parsed = parse_file(SAMPLES / "qinshui-2024-plan.txt")
    first = next(t for t in parsed["tasks"] if t["take"])  # the first task the review offers ticked
    first["lead_units"] = ["运输服务中心"]
    return services.import_plan(world.u.safety, parsed, {"运输服务中心": world.road_unit.pk})


@pytest.fixture
def task(plan):
    return plan.tasks.get(order=0)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_the_safety_office_edits_a_task_and_the_change_is_recorded(world, task):
    assert task.version == 1
    edited = services.edit_task(world.u.safety, task.pk, 1, {
        "deadline": datetime.date(2026, 12, 31), "lead_units": [world.highway_unit.pk],
        "units": [world.road_unit], "title": task.title}, "按局务会调整")
    assert edited.version == 2 and edited.deadline == datetime.date(2026, 12, 31)
    assert list(edited.lead_units.all()) == [world.highway_unit]
    assert list(edited.units.all()) == [world.road_unit]
    event = edited.events.get(type="edited")
    assert event.comment == "按局务会调整" and event.label == "修改"
    # Only what changed is recorded (the title was sent unchanged).
    assert set(event.data["after"]) == {"deadline", "lead_units", "units"}
    assert event.data["before"]["lead_units"] == [world.road_unit.pk]
    assert event.data["after"]["deadline"] == "2026-12-31"


def test_a_stale_version_is_refused_and_changes_nothing(world, task):
    services.edit_task(world.u.safety, task.pk, 1, {"measures": "甲的措施"})
    with pytest.raises(ConflictError, match="已被他人修改"):
        services.edit_task(world.u.safety, task.pk, 1, {"measures": "乙的措施"})
    task = fresh(task)
    assert task.measures == "甲的措施" and task.version == 2
    assert task.events.filter(type="edited").count() == 1


def test_task_edits_are_checked(world, task):
    with pytest.raises(PermissionDenied):
        services.edit_task(world.u.road, task.pk, 1, {"measures": "x"})
    with pytest.raises(PermissionDenied):
        services.edit_task(world.u.leader, task.pk, 1, {"measures": "x"})
    with pytest.raises(PermissionDenied, match="不在您的范围内"):
        services.edit_task(world.u.safety_b, task.pk, 1, {"measures": "x"})
    with pytest.raises(ServiceError, match="缺少版本号"):
        services.edit_task(world.u.safety, task.pk, None, {"measures": "x"})
    with pytest.raises(ServiceError, match="不在您管理范围内"):
        services.edit_task(world.u.safety, task.pk, 1, {"lead_units": [world.bureau_b.pk]})
    with pytest.raises(ServiceError, match="任务名称不能为空"):
        services.edit_task(world.u.safety, task.pk, 1, {"title": "  "})
    with pytest.raises(ServiceError, match="不能修改的字段"):
        services.edit_task(world.u.safety, task.pk, 1, {"plan": 1})
    with pytest.raises(ServiceError, match="没有修改"):
        services.edit_task(world.u.safety, task.pk, 1, {"title": task.title})
    assert fresh(task).version == 1 and not task.events.filter(type="edited").exists()


def test_progress_is_additive_and_only_completion_moves_the_version(world, task):
    services.report_progress(world.u.road, task.pk, period="2026-11", text="推进中", percent=50,
                             delay_reason="天气原因")
    assert fresh(task).version == 1  # an open edit form stays valid
    services.report_progress(world.u.road, task.pk, period="2026-11", text="完成", percent=100)
    assert fresh(task).version == 2 and fresh(task).completed_at


def test_slot_submit_checks_the_version_and_the_office_can_revoke(world, plan):
    slot = Slot.objects.filter(duty__plan=plan, duty__kind="document", unit=world.road_unit).order_by("due_date").first()
    submitted = services.submit_slot(world.u.road, slot.pk, "已报送", version=1, files=[document()])
    assert submitted.version == 2
    with pytest.raises(ConflictError):
        services.revoke_slot(world.u.safety, slot.pk, 1, "登记错了")
    with pytest.raises(PermissionDenied, match="只有安委办"):
        services.revoke_slot(world.u.road, slot.pk, 2, "登记错了")
    with pytest.raises(ServiceError, match="撤销原因"):
        services.revoke_slot(world.u.safety, slot.pk, 2, " ")
    revoked = services.revoke_slot(world.u.safety, slot.pk, 2, "登记错了，实际未报")
    assert revoked.submitted_at is None and revoked.version == 3
    event = slot.duty.events.get(type="revoked")
    assert event.data["before"]["note"] == "已报送" and event.label == "撤销登记"
    with pytest.raises(ServiceError, match="尚未报送"):
        services.revoke_slot(world.u.safety, slot.pk, 3, "再撤一次")
    with pytest.raises(ConflictError):  # a page loaded before the revocation
        services.submit_slot(world.u.road, slot.pk, "再报", version=2, files=[document()])
    again = services.submit_slot(world.u.road, slot.pk, "重新报送", version=3, files=[document()])
    # The revoked files stay on record; what is handed in next is their next version.
    assert again.submitted_at and sorted(again.documents.values_list("version", flat=True)) == [1, 2]


def test_edit_through_the_task_page(world, task, client_for):
    client = client_for(world.u.safety)
    Task.objects.filter(pk=task.pk).update(deadline=datetime.date(2026, 6, 30), deadline_text="2026年6月底前")
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "修改任务" in page and 'name="version" value="1"' in page
    # A date input only shows ISO dates: saving the form untouched must not clear the deadline.
    assert 'type="date" name="deadline" value="2026-06-30"' in page
    form = {"version": 1, "title": "新的任务名称", "measures": "", "deadline": "2026-12-20",
            "deadline_text": "2026年6月底前",
            "lead_units": [world.road_unit.pk], "units": [world.highway_unit.pk], "comment": "调整"}
    r = client.post(f"/plans/tasks/{task.pk}/do/edit/", form, follow=True)
    assert "任务已修改" in r.content.decode()
    task = fresh(task)
    assert task.title == "新的任务名称" and task.deadline == datetime.date(2026, 12, 20) and task.version == 2
    assert task.deadline_text == ""  # the plan's old wording no longer describes the new date
    form["title"] = "另一人的名称"  # same stale version 1
    r = client.post(f"/plans/tasks/{task.pk}/do/edit/", form, follow=True)
    assert "已被他人修改" in r.content.decode() and fresh(task).title == "新的任务名称"
    r = client.post(f"/plans/tasks/{task.pk}/do/edit/", {**form, "version": 2, "deadline": "不是日期"}, follow=True)
    assert "有效的日期" in r.content.decode() and fresh(task).version == 2
    # Units see no edit form, and posting one is refused.
    road = client_for(world.u.road)
    assert "修改任务" not in road.get(f"/plans/tasks/{task.pk}/").content.decode()
    r = road.post(f"/plans/tasks/{task.pk}/do/edit/", {**form, "version": 2}, follow=True)
    assert "只有安委办" in r.content.decode() and fresh(task).title == "新的任务名称"


def test_revoke_through_the_calendar(world, plan, client_for):
    today = timezone.localdate()
    # A document slot due today: the plan's own when one falls today (moving another onto today would clash
    # with it on (duty, unit, due date)), else the first one moved to today.
    documents = Slot.objects.filter(duty__plan=plan, duty__kind="document")
    slot = documents.filter(due_date=today).first() or documents.first()
    Slot.objects.filter(pk=slot.pk).update(due_date=today)
    client = client_for(world.u.safety)
    r = client.post(f"/plans/slots/{slot.pk}/submit/", {"version": 1}, follow=True)
    assert "须附材料" in r.content.decode() and fresh(slot).submitted_at is None  # nothing to show: refused
    r = client.post(f"/plans/slots/{slot.pk}/submit/", {"version": 1, "files": [document()]}, follow=True)
    assert "已报送材料" in r.content.decode()
    assert "月度工作情况.docx" in client.get("/plans/calendar/").content.decode()
    page = client.get("/plans/calendar/").content.decode()
    assert "撤销登记" in page
    r = client.post(f"/plans/slots/{slot.pk}/revoke/", {"version": 1, "reason": "误登"}, follow=True)
    assert "已被他人修改" in r.content.decode() and fresh(slot).submitted_at
    r = client.post(f"/plans/slots/{slot.pk}/revoke/", {"version": "x", "reason": "误登"}, follow=True)
    assert "版本号无效" in r.content.decode()
    r = client.post(f"/plans/slots/{slot.pk}/revoke/", {"version": 2, "reason": "误登"}, follow=True)
    assert "已撤销报送登记" in r.content.decode() and fresh(slot).submitted_at is None


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_versions_through_the_api(world, task):
    office = api(world.u.safety)
    data = office.get(f"/api/tasks/{task.pk}/").json()
    assert data["version"] == 1
    r = office.patch(f"/api/tasks/{task.pk}/", {"version": 1, "deadline": "2026-12-15", "units": [world.highway_unit.pk]},
                     format="json")
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["units"] == [world.highway_unit.pk]
    stale = office.patch(f"/api/tasks/{task.pk}/", {"version": 1, "measures": "x"}, format="json")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    assert office.patch(f"/api/tasks/{task.pk}/", {"measures": "x"}, format="json").status_code == 400
    assert api(world.u.road).patch(f"/api/tasks/{task.pk}/", {"version": 2, "measures": "x"},
                                   format="json").status_code == 403
    slot = Slot.objects.filter(duty__plan=task.plan, duty__kind="document", unit=world.road_unit).first()
    road = api(world.u.road)
    refused = road.post(f"/api/slots/{slot.pk}/submit/", {"version": 1}, format="json")
    assert refused.status_code == 400 and "须附材料" in str(refused.json()) and fresh(slot).version == 1
    assert road.post(f"/api/slots/{slot.pk}/submit/", {"version": 1, "files": [document()]},
                     format="multipart").json()["version"] == 2
    assert office.post(f"/api/slots/{slot.pk}/revoke/", {"version": 1, "reason": "误登"},
                       format="json").status_code == 409
    r = office.post(f"/api/slots/{slot.pk}/revoke/", {"version": 2, "reason": "误登"}, format="json")
    assert r.status_code == 200 and r.json()["submitted_at"] is None
    assert Task.objects.get(pk=task.pk).deadline == datetime.date(2026, 12, 15)
