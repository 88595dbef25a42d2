"""总结评估 (issue 21 #7): the lead unit's 自查自评 per task (completion, score, evidence), the 专班's
现场评估 (verified or not, its own score), and the evaluation pack with both scores and the gap, per
task and per unit."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from core.exceptions import ServiceError
from core.testing import document
from plans import services
from plans.models import Plan, Task


@pytest.fixture
def task(world):
    plan = Plan.objects.create(title="三年行动方案", region=world.a, created_by=world.u.safety)
    task = Task.objects.create(plan=plan, order=1, number="1", title="建立重大事故隐患数据库", text="建立数据库")
    task.lead_units.set([world.road_unit])
    Task.objects.create(plan=plan, order=2, number="2", title="开展从业人员培训", text="培训")
    return task


def test_self_then_onsite_assessment_and_the_pack(world, task, client_for):
    road = client_for(world.u.road)
    page = road.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert 'data-action="self_assess"' in page and 'data-action="onsite_assess"' not in page
    response = road.post(f"/plans/tasks/{task.pk}/do/self_assess/", {
        "completion": "done", "score": 90, "text": "数据库已建成，录入隐患 36 项", "files": document()})
    assert response.status_code == 302
    own = task.assessments.get()
    assert (own.kind, own.unit, own.score, own.files.count()) == ("self", world.road_unit, 90, 1)
    # The highways unit does not lead this task: it cannot see it, and the service refuses.
    assert client_for(world.u.highway).get(f"/plans/tasks/{task.pk}/").status_code == 404
    with pytest.raises((PermissionDenied, ServiceError)):
        services.self_assess(world.u.highway, task.pk, completion="done", score=80, text="x")
    with pytest.raises(ServiceError, match="0 到 100"):
        services.self_assess(world.u.road, task.pk, completion="done", score=120, text="x")
    safety = client_for(world.u.safety)
    safety.post(f"/plans/tasks/{task.pk}/do/onsite_assess/", {
        "verified": "0", "completion": "mostly", "score": 70, "text": "现场抽查 10 项，3 项未录入"})
    onsite = task.assessments.get(kind="onsite")
    assert (onsite.verified, onsite.score) == (False, 70)
    assert list(task.events.values_list("type", flat=True)) == ["self_assessed", "onsite_assessed"]
    page = safety.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "自评<span class=\"text-danger\">不属实</span>" in page

    wb = load_workbook(io.BytesIO(safety.get(f"/reports/evaluation/{task.plan_id}.xlsx").content))
    sheet = wb["任务完成情况"]
    head = [c.value for c in sheet[1]]
    rows = {row[1]: dict(zip(head, row)) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    done = rows["建立重大事故隐患数据库"]
    assert (done["自评完成情况"], done["自评得分"], done["现场核验"], done["评估得分"]) == ("已完成", 90, "不属实", 70)
    assert done["差距"] == "自评不属实；评估较自评低 20 分"
    assert rows["开展从业人员培训"]["差距"] == "未自评"
    units = {row[0]: row for row in wb["按单位"].iter_rows(min_row=2, values_only=True)}
    assert units["运输服务中心"] == ("运输服务中心", 1, 1, 90, 1, 70, 1)


def test_only_the_safety_office_assesses_on_site(world, task):
    with pytest.raises(PermissionDenied):
        services.onsite_assess(world.u.road, task.pk, completion="done", score=90, text="x", verified=True)
    with pytest.raises(ServiceError, match="是否属实"):
        services.onsite_assess(world.u.safety, task.pk, completion="done", score=90, text="x", verified=None)
    assert not task.assessments.exists()


def test_the_api_takes_both_assessments(world, task):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.u.road)
    r = api.post(f"/api/tasks/{task.pk}/self-assess/", {"completion": "mostly", "score": 80, "text": "基本完成"},
                 format="json")
    assert r.status_code == 200, r.content
    api.force_authenticate(world.u.highway)  # not its unit's task: not even visible
    assert api.post(f"/api/tasks/{task.pk}/self-assess/", {"completion": "done", "score": 80, "text": "x"},
                    format="json").status_code == 404
    api.force_authenticate(world.u.safety)
    r = api.post(f"/api/tasks/{task.pk}/onsite-assess/", {"verified": True, "completion": "mostly", "score": 80,
                                                          "text": "属实"}, format="json")
    assert r.status_code == 200 and task.assessments.count() == 2
