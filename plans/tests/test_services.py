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
    # The unticked proposals (three 工作要求 paragraphs) are not imported.
    assert plan.tasks.count() == len([t for t in parsed["tasks"] if t["take"]]) == 18 < len(parsed["tasks"])
    task = plan.tasks.get(number="1", title="持续开展隐患清零行动")
    assert list(task.lead_units.all()) == [yunxi_units["安全监督股"]]
    assert task.deadline == datetime.date(2023, 8, 31) and task.rrule == "FREQ=YEARLY"
    assert task.events.get().type == "imported"
    assert Unit.objects.filter(name="现代物流中心", region=world.a).exists()  # mapped to "new"
    monthly = plan.duties.filter(every="month").exclude(due_day="").order_by("due_day")
    assert [d.due_day for d in monthly] == ["16", "16", "23"]
    # "每月按时上报安全监管执法月报表" names no day: it is due on the plan's usual monthly day.
    enforcement = plan.duties.get(text__contains="执法月报表")
    assert enforcement.due_day == "16" and enforcement.kind == "document"
    assert plan.duties.get(due_day="23").kind == "form" and plan.duties.get(due_day="23").form == "sector-tree"
    # The office the reports go to (局安全监督股) is not sent slots of its own for them.
    to_office = plan.duties.filter(to__contains="安全监督股")
    assert to_office.exists()
    assert not Slot.objects.filter(duty__in=to_office, unit=yunxi_units["安全监督股"]).exists()
    assert Slot.objects.filter(duty__plan=plan, unit=yunxi_units["区道路运输服务中心"]).exists()
    # Period defaults to the plan's year (the Yunxi plan names none): 12 months × reporting units.
    units = [u for u in monthly[0].units.all() if not services.recipient(monthly[0], u)]
    assert monthly[0].slots.count() == 12 * len(units) and len(units) >= 2


def test_an_action_of_a_campaign_carries_its_theme_and_so_does_what_its_task_force_files(world, yunxi_units, themes):
    """Issue 19 #1: the theme comes from the plan — "烟花爆竹安全专项整治" is the fireworks campaign — and a
    record filed by a member of a themed 专班 carries that theme unless they change it."""
    from hazards.forms import ReportForm
    from org.models import Person, WorkingGroup, WorkingGroupMember, default_theme, match_theme

    plan, _ = yunxi_import(world, yunxi_units)
    themed = {t.title: t.theme.code for t in plan.tasks.filter(theme__isnull=False)}
    assert themed.get("烟花爆竹安全专项整治") == "fireworks", themed
    assert "natural-disasters" in themed.values() and "students" in themed.values()
    assert plan.tasks.get(title="持续开展隐患清零行动").theme is None
    assert match_theme("建设领域整治专班（含房）") is None
    group = WorkingGroup.objects.create(name="烟花爆竹运输整治工作专班", region=world.a, theme=match_theme("烟花爆竹运输整治工作专班"))
    person = Person.objects.create(name="李四", unit=world.road_unit)
    road = world.u.road
    assert default_theme(road) is None and ReportForm(user=road).fields["theme"].initial is None
    road.person = person
    WorkingGroupMember.objects.create(group=group, person=person)
    assert default_theme(road) == themes["fireworks"]
    assert ReportForm(user=road).fields["theme"].initial == themes["fireworks"]


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
    assert plan.tasks.count() == 30  # 1–29 and 保障措施 (一), which commits the task forces to a monthly study
    yearly = plan.duties.get(every="year")
    assert [s.due_date for s in yearly.slots.order_by("due_date")] == [
        datetime.date(2024, 12, 3), datetime.date(2025, 12, 3), datetime.date(2026, 12, 3)]
    assert plan.duties.get(every="once").slots.get().due_date == datetime.date(2026, 10, 20)
    eng = WorkingGroup.objects.get(name="公路工程建设工作专班")
    # Its four people are seated; its six member units were not mapped by the reviewer, so they are
    # left out rather than created behind their back.
    assert eng.leader == "张海潮" and eng.members.count() == 4
    assert not Unit.objects.filter(name__in=["工程一股", "规划股"]).exists()


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
    from core.testing import document

    plan, _ = yunxi_import(world, yunxi_units)
    unit = yunxi_units["区道路运输服务中心"]
    slots = Slot.objects.filter(duty__due_day="16", duty__text__contains="材料", unit=unit).order_by("due_date")
    with time_machine.travel(datetime.datetime(2023, 1, 10, 9, tzinfo=datetime.timezone.utc)):
        s = services.submit_slot(world.u.safety, slots[0].pk, "已报送", files=[document()])
        assert s.status() == Slot.Status.ON_TIME and s.documents.get().version == 1
    with time_machine.travel(datetime.datetime(2023, 2, 25, 9, tzinfo=datetime.timezone.utc)):
        assert services.submit_slot(world.u.safety, slots[1].pk, files=[document()]).status() == Slot.Status.LATE
        with pytest.raises(ServiceError, match="更正须说明原因"):
            services.submit_slot(world.u.safety, slots[1].pk, files=[document()])
        corrected = services.submit_slot(world.u.safety, slots[1].pk, files=[document("更正稿.docx")],
                                         reason="补充二月数据")
        assert sorted(corrected.documents.values_list("version", flat=True)) == [1, 2]
        assert corrected.status() == Slot.Status.LATE  # a correction keeps the first submission's date
    events = slots[0].duty.events
    assert events.filter(type="submitted").count() == 2 and events.get(type="corrected").comment == "补充二月数据"


@pytest.mark.parametrize("files, message", [
    ([], "须附材料"),
    (["photo"], None),  # an image is a material like any other
    (["fake"], "格式不受支持"),
])
def test_a_document_slot_takes_its_files_and_nothing_else(world, yunxi_units, files, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.testing import photo

    plan, _ = yunxi_import(world, yunxi_units)
    slot = Slot.objects.filter(duty__kind="document", unit=yunxi_units["区道路运输服务中心"]).first()
    made = {"photo": lambda: photo(), "fake": lambda: SimpleUploadedFile("总结.docx", b"<html>not a document</html>")}
    uploads = [made[f]() for f in files]
    if message:
        with pytest.raises(ServiceError, match=message):
            services.submit_slot(world.u.safety, slot.pk, files=uploads)
        slot.refresh_from_db()
        assert slot.submitted_at is None and not slot.documents.exists() and not slot.duty.events.exists()
    else:
        assert services.submit_slot(world.u.safety, slot.pk, files=uploads).documents.count() == 1


def test_a_form_slot_is_not_registered_by_hand(world, yunxi_units):
    from core.testing import document

    plan, _ = yunxi_import(world, yunxi_units)
    slot = Slot.objects.filter(duty__kind="form", unit=yunxi_units["区道路运输服务中心"]).first()
    with pytest.raises(ServiceError, match="报送的是调度统计表"):
        services.submit_slot(world.u.safety, slot.pk, files=[document()])
    slot.refresh_from_db()
    assert slot.submitted_at is None and not slot.documents.exists()


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


def test_weekly_duties_fall_on_their_weekday_and_periods_read_in_chinese(world):
    from plans.models import Plan, ReportingDuty, period_label

    plan = Plan.objects.create(title="百日攻坚", region=world.a, period_start=datetime.date(2026, 11, 1),
                               period_end=datetime.date(2026, 11, 30))
    friday = ReportingDuty.objects.create(plan=plan, text="每周五报送百日攻坚周报", every="week", due_day="5")
    friday.units.add(world.road_unit)
    assert services.generate_slots(friday) == 4
    dues = list(friday.slots.order_by("due_date").values_list("due_date", flat=True))
    assert dues == [datetime.date(2026, 11, d) for d in (6, 13, 20, 27)] and all(d.isoweekday() == 5 for d in dues)
    assert friday.slots.order_by("due_date").first().period == "2026年第45周"
    assert period_label("month", datetime.date(2026, 11, 23)) == "2026年11月"
    assert period_label("quarter", datetime.date(2026, 10, 15)) == "2026年第三季度"
    assert period_label("half_year", datetime.date(2026, 7, 15)) == "2026年上半年"
    assert period_label("year", datetime.date(2026, 12, 3)) == "2026年度"
