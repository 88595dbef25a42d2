"""Tasks and reporting slots on the 待办 (issue 18 #1). They wait by date, not by state: a task
or slot is on a user's 待办 exactly when its page offers that user the action (报送进展,
登记已报送), it belongs to one of the user's units, is still open and falls due within the
window (15 days for tasks, 7 for slots) or is overdue."""

import datetime
import re

from django.utils import timezone

from dashboard.todo import SLOT_DAYS, TASK_DAYS
from org.scope import get_scope
from plans.models import Plan, ReportingDuty, Slot, Task
from tests.test_todo import ROLES, todo_urls

DAYS = [-20, -1, 0, 5, 14, 16, 40]


def test_tasks_and_slots_are_on_the_todo_exactly_when_due_theirs_and_offered(world, client):
    today = timezone.localdate()
    plan = Plan.objects.create(title="2026年安全生产治本攻坚工作要点", region=world.a)
    duty = ReportingDuty.objects.create(plan=plan, text="每月报送调度统计表", every="month", due_day="23")
    tasks, slots = [], []
    for n, days in enumerate(DAYS):
        due = today + datetime.timedelta(days=days)
        for unit, role in ((world.road_unit, "lead"), (world.highway_unit, "units"), (world.bureau_a, "lead")):
            task = Task.objects.create(plan=plan, number=f"{n}-{unit.pk}", title=f"任务{n}", text="……", deadline=due)
            getattr(task, "lead_units" if role == "lead" else "units").add(unit)
            tasks.append(task)
            slots.append(Slot.objects.create(duty=duty, unit=unit, period=f"P{n}", due_date=due))
    done = tasks[0]
    Task.objects.filter(pk=done.pk).update(completed_at=timezone.now())
    submitted = slots[1]
    Slot.objects.filter(pk=submitted.pk).update(submitted_at=timezone.now())

    for role in ROLES:
        user = getattr(world.u, role)
        client.force_login(user)
        listed = todo_urls(client)
        units = get_scope(user).unit_ids
        expected_tasks = set()
        for task in tasks:
            task.refresh_from_db()
            page = client.get(f"/plans/tasks/{task.pk}/")
            offered = page.status_code == 200 and "progress" in page.context["actions"]
            theirs = bool(units & {u.pk for u in [*task.lead_units.all(), *task.units.all()]})
            due = task.completed_at is None and task.deadline <= today + datetime.timedelta(days=TASK_DAYS)
            if offered and theirs and due:
                expected_tasks.add(f"/plans/tasks/{task.pk}/")
        assert {u for u in listed if u.startswith("/plans/tasks/")} == expected_tasks, role
        calendar = client.get(f"/plans/calendar/?due_from={today - datetime.timedelta(days=30)}"
                              f"&due_to={today + datetime.timedelta(days=60)}")
        offered_slots = set()
        if calendar.status_code == 200:
            html = calendar.content.decode()
            offered_slots = {int(pk) for pk in re.findall(r"/plans/slots/(\d+)/submit/", html)}
        expected_slots = {f"/plans/calendar/#slot-{s.pk}" for s in Slot.objects.filter(pk__in=[s.pk for s in slots])
                          if s.pk in offered_slots and s.unit_id in units and s.submitted_at is None
                          and s.due_date <= today + datetime.timedelta(days=SLOT_DAYS)}
        assert {u for u in listed if "#slot-" in u} == expected_slots, role
        if role in ("road", "highway"):
            assert expected_tasks and expected_slots, role
