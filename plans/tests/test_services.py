import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from conftest import UnitFactory
from core.exceptions import ServiceError
from org.models import Unit, WorkingGroup
from plans import services
from plans.models import Plan, Slot, Task
from plans.parsing import parse_file

from core.testing import SAMPLES


@pytest.fixture
def yunxi_units(world):
    """Some of the Yunxi plan's units already in the register of county A."""
    return {
        "安全监督股": UnitFactory(name="安全监督股", region=world.a, parent=world.bureau_a),
        "区道路运输服务中心": UnitFactory(name="道路运输服务中心", region=world.a, parent=world.bureau_a),
    }


def names_in(parsed):
    return sorted({n for t in parsed["tasks"] for n in t["lead_units"] + t["units"]})


def test_units_are_matched_without_prefixes(world, yunxi_units):
    found = services.match_units(world.u.safety, ["局安全监督股", "区道路运输服务中心", "现代物流中心"])
    assert found["局安全监督股"] == yunxi_units["安全监督股"]
    assert found["区道路运输服务中心"] == yunxi_units["区道路运输服务中心"]
    assert found["现代物流中心"] is None


def yunxi_import(world, yunxi_units):
    parsed = parse_file(SAMPLES / "yunxi-2023-plan.txt")
    matched = services.match_units(world.u.safety, names_in(parsed))
    unit_map = {name: (unit.pk if unit else "new") for name, unit in matched.items()}
    return services.import_plan(world.u.safety, parsed, unit_map, "yunxi.txt"), parsed


def test_importing_a_plan_saves_everything_in_one_go(world, yunxi_units):
    plan, parsed = yunxi_import(world, yunxi_units)
    assert plan.tasks.count() == len(parsed["tasks"]) == 18
    task = plan.tasks.get(number="1", title="持续开展隐患清零行动")
    assert list(task.lead_units.all()) == [yunxi_units["安全监督股"]]
    assert task.deadline == datetime.date(2023, 8, 31) and task.rrule == "FREQ=YEARLY"
    assert task.events.get().type == "imported"
    assert Unit.objects.filter(name="现代物流中心", region=world.a).exists()  # mapped to "new"
    monthly = plan.duties.filter(every="month").exclude(due_day="").order_by("due_day")
    assert [d.due_day for d in monthly] == ["16", "23"]
    assert plan.duties.filter(every="month", due_day="", text__contains="执法月报表").exists()
    # Period defaults to the plan's year (the Yunxi plan names none): 12 months × units.
    units = monthly[0].units.count()
    assert monthly[0].slots.count() == 12 * units and units >= 2


def test_an_import_with_a_bad_unit_saves_nothing(world, yunxi_units):
    parsed = parse_file(SAMPLES / "yunxi-2023-plan.txt")
    unit_map = {name: "new" for name in names_in(parsed)}
    unit_map["局安全监督股"] = world.bureau_b.pk  # another county's unit
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        services.import_plan(world.u.safety, parsed, unit_map)
    assert not Plan.objects.exists() and not Task.objects.exists()
    assert not Unit.objects.filter(name="现代物流中心").exists()


def test_only_the_safety_office_imports(world, yunxi_units):
    parsed = parse_file(SAMPLES / "yunxi-2023-plan.txt")
    for role in ("road", "leader", "alice"):
        with pytest.raises(PermissionDenied):
            services.import_plan(getattr(world.u, role), parsed, {})


def test_qinshui_groups_phases_and_one_off_duties(world):
    parsed = parse_file(SAMPLES / "qinshui-2024-plan.txt")
    plan = services.import_plan(world.u.safety, parsed, {}, "qinshui.txt")
    assert [p.name for p in plan.phases.all()] == ["动员部署阶段", "集中攻坚阶段", "治本提升阶段", "总结评估阶段"]
    assert plan.tasks.count() == 29
    yearly = plan.duties.get(every="year")
    assert [s.due_date for s in yearly.slots.order_by("due_date")] == [
        datetime.date(2024, 12, 3), datetime.date(2025, 12, 3), datetime.date(2026, 12, 3)]
    assert plan.duties.get(every="once").slots.get().due_date == datetime.date(2026, 10, 20)
    eng = WorkingGroup.objects.get(name="公路工程建设工作专班")
    assert eng.leader == "张海潮" and eng.members.count() == 10


def test_the_day_after_a_deadline_tasks_are_overdue_and_slots_missing(world, yunxi_units):
    plan, _ = yunxi_import(world, yunxi_units)
    task = plan.tasks.get(number="1", title="持续开展隐患清零行动")
    slot = Slot.objects.get(duty__due_day="16", unit=yunxi_units["安全监督股"], due_date=datetime.date(2023, 5, 16))
    with time_machine.travel(datetime.date(2023, 5, 16)):
        assert slot.status() == Slot.Status.PENDING
        assert task.status() == Task.Status.NOT_STARTED
    with time_machine.travel(datetime.date(2023, 5, 17)):
        assert slot.status() == Slot.Status.MISSING
    with time_machine.travel(datetime.date(2023, 9, 1)):
        assert task.status() == Task.Status.OVERDUE


def test_a_unit_reports_progress_on_its_own_task(world, yunxi_units):
    plan, _ = yunxi_import(world, yunxi_units)
    task = plan.tasks.get(number="1", title="持续开展隐患清零行动")
    staff = world.u.road
    staff.unit = yunxi_units["区道路运输服务中心"]
    staff.save()
    staff = type(staff).objects.get(pk=staff.pk)  # fresh scope
    with time_machine.travel(datetime.date(2023, 6, 5)):
        services.report_progress(staff, task.pk, period="2023-06", text="已完成两轮排查", percent=60)
        assert task.status() == Task.Status.IN_PROGRESS
    other = plan.tasks.get(title="建设领域专项整治")
    with pytest.raises(PermissionDenied, match="不在您的范围内"):
        services.report_progress(staff, other.pk, period="2023-06", text="x", percent=10)
    with time_machine.travel(datetime.date(2023, 9, 5)):
        with pytest.raises(ServiceError, match="滞后原因"):
            services.report_progress(staff, task.pk, period="2023-09", text="继续推进", percent=80)
        services.report_progress(staff, task.pk, period="2023-09", text="全部完成", percent=100)
    task.refresh_from_db()
    assert task.status() == Task.Status.DONE and task.events.filter(type="progress").count() == 2


def test_slots_are_submitted_on_time_or_late(world, yunxi_units):
    plan, _ = yunxi_import(world, yunxi_units)
    slots = Slot.objects.filter(duty__due_day="23", unit=yunxi_units["安全监督股"]).order_by("due_date")
    with time_machine.travel(datetime.datetime(2023, 1, 20, 9, tzinfo=datetime.timezone.utc)):
        s = services.submit_slot(world.u.safety, slots[0].pk, "已报送调度统计表")
        assert s.status() == Slot.Status.ON_TIME
    with time_machine.travel(datetime.datetime(2023, 2, 25, 9, tzinfo=datetime.timezone.utc)):
        assert services.submit_slot(world.u.safety, slots[1].pk).status() == Slot.Status.LATE
        with pytest.raises(ServiceError, match="已报送"):
            services.submit_slot(world.u.safety, slots[1].pk)
    assert slots[0].duty.events.filter(type="submitted").count() == 2


def test_units_see_only_their_tasks_and_slots(world, yunxi_units):
    plan, _ = yunxi_import(world, yunxi_units)
    staff = world.u.road
    staff.unit = yunxi_units["区道路运输服务中心"]
    staff.save()
    staff = type(staff).objects.get(pk=staff.pk)
    mine = Task.objects.for_user(staff)
    assert 0 < mine.count() < plan.tasks.count()
    assert set(Slot.objects.for_user(staff).values_list("unit_id", flat=True)) == {yunxi_units["区道路运输服务中心"].pk}
    assert not Task.objects.for_user(world.u.safety_b).exists()
    assert not Task.objects.for_user(world.u.alice).exists()


def test_leaders_instruct_and_urge(world, yunxi_units):
    plan, _ = yunxi_import(world, yunxi_units)
    task = plan.tasks.first()
    services.instruct(world.u.leader, task.pk, "请抓紧推进")
    services.urge(world.u.safety, task.pk, "本月底前报送进展")
    with pytest.raises(PermissionDenied):
        services.instruct(world.u.safety, task.pk, "x")
    assert list(task.events.values_list("type", flat=True)) == ["imported", "instructed", "urged"]
