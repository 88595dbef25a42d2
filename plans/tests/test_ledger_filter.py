"""The ledger's status filter is one SQL condition that must agree with `Task.status()` — on
the page, on /api/tasks/ and for every status."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from core.testing import SAMPLES
from plans import services
from plans.filters import TaskFilter
from plans.models import Task
from plans.parsing import parse_file


def test_status_filter_agrees_with_the_computed_status(world, client_for):
    parsed = parse_file(SAMPLES / "qinshui-2024-plan.txt")
    plan = services.import_plan(world.u.safety, parsed, {})
    tasks = list(plan.tasks.order_by("order")[:4])
    today = timezone.localdate()
    Task.objects.filter(pk=tasks[0].pk).update(completed_at=timezone.now())
    Task.objects.filter(pk=tasks[1].pk).update(deadline=today - datetime.timedelta(days=1))
    Task.objects.filter(pk__in=[t.pk for t in tasks[2:]]).update(deadline=today + datetime.timedelta(days=30))
    services.report_progress(world.u.safety, tasks[2].pk, period=f"{today:%Y-%m}", text="已部署", percent=40)

    expected = {s: {t.pk for t in plan.tasks.all() if t.status(today) == s} for s in Task.Status.values}
    assert all(expected.values()), expected  # every status is present, so each comparison means something
    api = APIClient()
    api.force_authenticate(world.u.safety)
    page = client_for(world.u.safety)
    for status, ids in expected.items():
        assert set(TaskFilter({"status": status}, plan.tasks.all()).qs.values_list("pk", flat=True)) == ids
        body = api.get("/api/tasks/", {"plan": plan.pk, "status": status, "page_size": 500}).json()
        assert body["count"] == len(ids), status
        rows = page.get(f"/plans/{plan.pk}/", {"status": status}).context["rows"]
        assert len(rows) == len(ids) and {r["status"] for r in rows} == {status}
