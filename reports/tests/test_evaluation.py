import io
from openpyxl import load_workbook

from hazards.models import Hazard
from org.models import User
from plans.models import Plan, Task


def test_the_evaluation_pack_of_the_demo_plan(demo_db, client):
    safety = User.objects.get(username="safety")
    plan = Plan.objects.for_user(safety).first()
    client.force_login(safety)
    r = client.get(f"/reports/evaluation/{plan.pk}.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["任务完成情况", "按单位", "目标", "隐患", "动态清零"]
    tasks = [row for row in wb["任务完成情况"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(tasks) == Task.objects.filter(plan=plan).count()
    found = sum(row[1] + row[3] for row in wb["隐患"].iter_rows(min_row=2, values_only=True))
    expected = Hazard.objects.for_user(safety).exclude(state="rejected").filter(
        discovered_on__gte=plan.period_start).count()
    assert found == expected
    clearance = dict(wb["动态清零"].iter_rows(min_row=2, values_only=True))
    assert any(k.endswith("（存量）") for k in clearance)
    client.force_login(User.objects.get(username="qinshui"))
    assert client.get(f"/reports/evaluation/{plan.pk}.xlsx").status_code == 404
