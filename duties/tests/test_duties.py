"""Duties as data, compliance from the records (issue 21 part 1 and 3): a leader's 带队检查 counted
from the inspections they led, the 党组's monthly study from work records, a unit's reports from
its slots; a duty whose evidence is removed turns 未完成; every figure links to the records it
counts; reads are scoped; only the safety office sets duties."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from conftest import PersonFactory
from core.exceptions import ServiceError
from duties import compliance, services
from duties.models import Duty, WorkRecord
from inspections.models import Inspection

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def leader(world):
    return PersonFactory(name="刘局长", unit=world.bureau_a, position="局长")


def inspection(world, sectors, leader, done_on, n, status=Inspection.Status.COMPLETED):
    return Inspection.objects.create(
        number=f"JC-{n}", kind="supervisory", title=f"局长带队检查{n}", region=world.a, sector=sectors["road"],
        lead_unit=world.road_unit, planned_on=done_on, done_on=done_on, leader=leader, status=status,
        created_by=world.u.safety)


@pytest.fixture
def led(world, leader):
    return services.create_duty(world.u.safety, title="带队开展安全生产检查", person=leader,
                                evidence=Duty.Evidence.LED_INSPECTION, every="half_year", times=2)


def test_led_inspections_count_per_half_year_and_removed_evidence_turns_it_short(world, sectors, leader, led):
    first = [inspection(world, sectors, leader, datetime.date(2026, 3, 2), 1),
             inspection(world, sectors, leader, datetime.date(2026, 5, 20), 2)]
    inspection(world, sectors, leader, datetime.date(2026, 8, 1), 3)
    inspection(world, sectors, leader, datetime.date(2026, 9, 1), 4, status=Inspection.Status.PLANNED)  # not held
    inspection(world, sectors, None, datetime.date(2026, 9, 2), 5)  # led by nobody
    (h1, h2), overall = compliance.summary(led, 2026, TODAY)
    assert (h1.label, h1.count, h1.needed, h1.state) == ("上半年", 2, 2, "已完成")
    assert (h2.count, h2.state) == (1, "进行中")  # the half-year runs until 31 December
    assert overall == "进行中"
    assert list(compliance.evidence(led, h1.start, h1.end).order_by("done_on")) == first
    # The evidence goes (the inspection was recorded against another leader): the first half falls short.
    first[1].leader = PersonFactory(unit=world.bureau_a)
    first[1].save()
    (h1, _), overall = compliance.summary(led, 2026, TODAY)
    assert (h1.count, h1.state, overall) == (1, "未完成", "未完成")


def test_monthly_study_from_work_records(world, leader):
    duty = services.create_duty(world.u.safety, title="党组每月专题学习安全生产", unit=world.bureau_a,
                                evidence=Duty.Evidence.WORK, record_kind=WorkRecord.Kind.PARTY, every="month")
    for month in (9, 10):
        services.create_work_record(world.u.safety, kind="party", held_on=datetime.date(2026, month, 8),
                                    title="党组会专题学习", unit=world.bureau_a, host=leader)
    services.create_work_record(world.u.safety, kind="talk", held_on=datetime.date(2026, 8, 8),
                                title="约谈企业", unit=world.bureau_a)  # another kind: does not count
    periods = {p.label: p for p in compliance.status(duty, 2026, TODAY)}
    assert [periods[m].state for m in ("8月", "9月", "10月", "11月", "12月")] == [
        "未完成", "已完成", "已完成", "进行中", "未开始"]
    # The leader hosted them: a duty of the leader counting any kind sees them too.
    own = services.create_duty(world.u.safety, title="主持研究安全生产", person=leader, evidence=Duty.Evidence.WORK,
                               every="year", times=2)
    assert compliance.status(own, 2026, TODAY)[0].count == 2


def test_reporting_duty_from_slots(world):
    from plans.models import Plan, ReportingDuty, Slot

    plan = Plan.objects.create(title="年度工作要点", region=world.a, created_by=world.u.safety)
    reporting = ReportingDuty.objects.create(plan=plan, text="每月16日前报送工作情况", every="month", due_day="16")
    tz = ZoneInfo("Asia/Shanghai")
    for month, submitted in ((9, datetime.datetime(2026, 9, 15, 10, tzinfo=tz)),
                             (10, datetime.datetime(2026, 10, 18, 10, tzinfo=tz))):
        Slot.objects.create(duty=reporting, unit=world.road_unit, period=f"2026-{month:02d}",
                            due_date=datetime.date(2026, month, 16), submitted_at=submitted)
    duty = services.create_duty(world.u.safety, title="按时报送月度工作情况", unit=world.road_unit,
                                evidence=Duty.Evidence.REPORT, every="quarter")
    q3, q4 = compliance.status(duty, 2026, TODAY)[2:]
    assert (q3.count, q3.needed, q3.state) == (1, 1, "已完成")
    assert (q4.count, q4.needed, q4.state) == (0, 1, "进行中")  # October's came in late


def test_only_the_safety_office_sets_duties_and_one_holder_each(world, leader):
    with pytest.raises(PermissionDenied):
        services.create_duty(world.u.road, title="x", person=leader, evidence="led_inspection", every="year")
    with pytest.raises(ServiceError, match="只选其一"):
        services.create_duty(world.u.safety, title="x", person=leader, unit=world.road_unit,
                             evidence="led_inspection", every="year")
    other = PersonFactory(unit=world.bureau_b)
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        services.create_duty(world.u.safety, title="x", person=other, evidence="led_inspection", every="year")
    assert not Duty.objects.exists()


def test_unit_staff_record_their_own_units_work_only(world):
    with pytest.raises(ServiceError, match="只能登记本单位"):
        services.create_work_record(world.u.road, kind="supervise", held_on=TODAY, title="督导",
                                    unit=world.highway_unit)
    record = services.create_work_record(world.u.road, kind="supervise", held_on=TODAY, title="督导检查")
    assert record.unit == world.road_unit and record.events.get().label == "登记"
    with pytest.raises(PermissionDenied):
        services.create_work_record(world.u.alice, kind="supervise", held_on=TODAY, title="督导")


@time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0), tick=False)
def test_the_board_links_every_figure_to_the_records_it_counts(world, sectors, leader, led, client_for):
    inspection(world, sectors, leader, datetime.date(2026, 3, 2), 1)
    inspection(world, sectors, leader, datetime.date(2026, 4, 2), 2)
    client = client_for(world.u.leader)
    page = client.get("/duties/?year=2026").content.decode()
    assert "带队开展安全生产检查" in page and "刘局长" in page
    links = re.findall(r'href="(/duties/\d+/\?year=2026&(?:amp;)?period=[0-9-]+)"[^>]*>(\S+) (\d+)/(\d+)</a>', page)
    assert [(label, count) for _, label, count, _ in links] == [("上半年", "2"), ("下半年", "0")]
    for url, _, count, _ in links:
        detail = client.get(url.replace("&amp;", "&")).content.decode()
        rows = re.findall(r'<a href="/inspections/\d+/">', detail.split('data-testid="evidence"')[1])
        assert len(rows) == int(count)
    # Another county sees none of it; an enterprise is refused the page.
    assert "带队开展安全生产检查" not in client_for(world.u.safety_b).get("/duties/").content.decode()
    assert client_for(world.u.safety_b).get(f"/duties/{led.pk}/").status_code == 404
    assert client_for(world.u.alice).get("/duties/").status_code == 403


def test_pages_create_a_duty_and_a_record(world, leader, client_for):
    safety = client_for(world.u.safety)
    response = safety.post("/duties/new/", {"title": "每季度召开安委会", "unit": world.bureau_a.pk,
                                             "evidence": "work", "record_kind": "anweihui", "every": "quarter",
                                             "times": 1})
    duty = Duty.objects.get()
    assert response["Location"] == f"/duties/{duty.pk}/" and duty.events.get().label == "设定职责"
    bad = safety.post("/duties/new/", {"title": "x", "evidence": "work", "every": "year", "times": 1})
    assert "只选其一" in bad.content.decode() and Duty.objects.count() == 1
    response = safety.post("/duties/records/new/", {"kind": "anweihui", "held_on": "2026-11-02",
                                                     "title": "第四季度安委会", "unit": world.bureau_a.pk,
                                                     "host": leader.pk, "attendees": [leader.pk]})
    record = WorkRecord.objects.get()
    assert response["Location"] == f"/duties/records/{record.pk}/"
    assert "第四季度安委会" in safety.get("/duties/records/").content.decode()
    assert client_for(world.u.road).get("/duties/new/").status_code == 403


@time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0), tick=False)
def test_the_api_reads_duties_with_their_state_and_records_work(world, sectors, leader, led):
    from rest_framework.test import APIClient

    inspection(world, sectors, leader, datetime.date(2026, 3, 2), 1)
    api = APIClient()
    api.force_authenticate(world.u.leader)
    (row,) = api.get("/api/duties/").json()["results"]
    assert row["holder"] == "刘局长" and row["state"] == "未完成"  # one of two in the first half
    assert [(p["label"], p["count"], p["state"]) for p in row["periods"]] == [("上半年", 1, "未完成"),
                                                                             ("下半年", 0, "进行中")]
    response = api.post("/api/work-records/", {"kind": "anweihui", "held_on": "2026-11-20", "title": "安委会",
                                                "unit": world.bureau_a.pk, "host": leader.pk}, format="json")
    assert response.status_code == 201 and WorkRecord.objects.get().host == leader
    refused = api.post("/api/work-records/", {"kind": "anweihui", "held_on": "2026-11-20", "title": "安委会",
                                               "unit": world.bureau_b.pk}, format="json")
    assert refused.status_code == 400 and WorkRecord.objects.count() == 1
    api.force_authenticate(world.u.safety_b)
    assert api.get("/api/duties/").json()["results"] == []
    api.force_authenticate(world.u.alice)
    assert api.get("/api/duties/").status_code == 403


@time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0), tick=False)
def test_a_leaders_duty_list_on_screen_and_as_pdf(world, sectors, leader, led, client_for):
    world.bureau_a.head = leader
    world.bureau_a.save()
    services.create_duty(world.u.safety, title="党组每月专题学习安全生产", unit=world.bureau_a,
                         evidence=Duty.Evidence.WORK, record_kind=WorkRecord.Kind.PARTY, every="month")
    services.create_duty(world.u.safety, title="按时报送", unit=world.road_unit, evidence=Duty.Evidence.REPORT,
                         every="month")  # another unit's: not on the leader's list
    inspection(world, sectors, leader, datetime.date(2026, 6, 2), 2)
    inspection(world, sectors, leader, datetime.date(2026, 3, 2), 1)
    client = client_for(world.u.leader)
    page = client.get(f"/duties/list/person/{leader.pk}/?year=2026").content.decode()
    assert "刘局长安全生产职责清单（2026年）" in page
    assert "带队开展安全生产检查" in page and "党组每月专题学习安全生产" in page and "按时报送" not in page
    assert page.index("3月2日 局长带队检查1") < page.index("6月2日 局长带队检查2")  # oldest first
    pdf = client.get(f"/duties/list/person/{leader.pk}.pdf?year=2026")
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/duties/list/robot/{leader.pk}/").status_code == 404
    other = PersonFactory(unit=world.bureau_b)
    assert client.get(f"/duties/list/person/{other.pk}/").status_code == 404


def test_a_meetings_decision_becomes_a_ledger_task_in_one_step(world, leader, client_for):
    from plans.models import Plan

    plan = Plan.objects.create(title="2026年安全生产工作要点", region=world.a, created_by=world.u.safety)
    record = services.create_work_record(world.u.safety, kind="anweihui", held_on=TODAY, title="第四季度安委会",
                                         unit=world.bureau_a, decisions="开展冬季道路运输安全专项检查")
    safety = client_for(world.u.safety)
    response = safety.post(f"/duties/records/{record.pk}/", {
        "plan": plan.pk, "title": "开展冬季道路运输安全专项检查", "lead_unit": world.road_unit.pk,
        "deadline": "2027-01-31"})
    assert response.status_code == 302
    task = plan.tasks.get()
    assert list(task.lead_units.all()) == [world.road_unit] and task.deadline == datetime.date(2027, 1, 31)
    assert task.events.get().label == "新增（会议议定事项）" and "第四季度安委会" not in task.title
    assert list(record.tasks.all()) == [task] and record.events.filter(type="task").exists()
    page = safety.get(f"/duties/records/{record.pk}/").content.decode()
    assert f'href="/plans/tasks/{task.pk}/"' in page
    # It reaches the road unit's 我的任务 the same day.
    assert "开展冬季道路运输安全专项检查" in client_for(world.u.road).get("/plans/my/").content.decode()
    # Only the safety office puts decisions on the ledger; a past deadline is refused.
    assert client_for(world.u.road).post(f"/duties/records/{record.pk}/", {}).status_code == 403
    with pytest.raises(ServiceError, match="不能早于今天"):
        services.task_from_decision(world.u.safety, record.pk, plan_id=plan.pk, title="x",
                                    lead_unit=world.road_unit, deadline=datetime.date(2020, 1, 1))
    assert plan.tasks.count() == 1


def test_a_work_record_keeps_its_files_and_refuses_a_bad_one(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.testing import photo

    safety = client_for(world.u.safety)
    data = {"kind": "warning", "held_on": "2026-11-02", "title": "警示教育", "unit": world.bureau_a.pk}
    bad = safety.post("/duties/records/new/", data | {"files": SimpleUploadedFile("x.exe", b"MZ\x90\x00")})
    assert "格式不受支持" in bad.content.decode() and not WorkRecord.objects.exists()
    safety.post("/duties/records/new/", data | {"files": photo()})
    kept = WorkRecord.objects.get().files.get()
    assert safety.get(f"/duties/records/files/{kept.pk}/").status_code == 200
    assert client_for(world.u.safety_b).get(f"/duties/records/files/{kept.pk}/").status_code == 404


def test_the_leaders_list_carries_this_years_tasks_of_the_units_they_head(world, leader, client_for):
    """年度任务清单: the ledger tasks led by the unit the leader heads, due this year, with their state."""
    from plans.models import Plan, Task

    world.road_unit.head = leader
    world.road_unit.save()
    plan = Plan.objects.create(title="2026年安全生产工作要点", region=world.a, created_by=world.u.safety)
    due = Task.objects.create(plan=plan, number="1", title="开展危货运输专项整治", text="x",
                              deadline=datetime.date(2026, 6, 30))
    due.lead_units.add(world.road_unit)
    later = Task.objects.create(plan=plan, number="2", title="明年的任务", text="x", deadline=datetime.date(2027, 3, 1))
    later.lead_units.add(world.road_unit)
    other = Task.objects.create(plan=plan, number="3", title="公路养护", text="x", deadline=datetime.date(2026, 5, 1))
    other.lead_units.add(world.highway_unit)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        page = client_for(world.u.leader).get(f"/duties/list/person/{leader.pk}/?year=2026").content.decode()
    rows = re.findall(r'<tr data-status="(\w+)">.*?<a href="/plans/tasks/\d+/">([^<]+)</a>', page)
    assert rows == [("overdue", "开展危货运输专项整治")]
    assert "运输服务中心牵头" in page


def test_trainings_and_drills_the_unit_organised_count_as_evidence(world, sectors):
    from safety.models import Drill, Training

    trainings = services.create_duty(world.u.safety, title="每季度组织执法人员培训", unit=world.road_unit,
                                     evidence=Duty.Evidence.TRAINING, every="quarter")
    drills = services.create_duty(world.u.safety, title="每半年组织应急演练", unit=world.road_unit,
                                  evidence=Duty.Evidence.DRILL, every="half_year")
    Training.objects.create(kind="enforcement", title="执法人员轮训", region=world.a, organizer=world.road_unit,
                            start_on=datetime.date(2026, 2, 3), end_on=datetime.date(2026, 2, 4), hours=8,
                            created_by=world.u.safety)
    Drill.objects.create(organiser=world.road_unit, region=world.a, sector=sectors["road"], kind="tabletop",
                         held_on=datetime.date(2026, 8, 8), scenario="危货车辆泄漏处置", participants=20, evaluation="良好",
                         created_by=world.u.safety)
    q = compliance.summary(trainings, 2026, TODAY)[0]
    assert [(p.count, p.state) for p in q] == [(1, "已完成"), (0, "未完成"), (0, "未完成"), (0, "进行中")]
    h = compliance.summary(drills, 2026, TODAY)[0]
    assert [(p.count, p.state) for p in h] == [(0, "未完成"), (1, "已完成")]
    with pytest.raises(ServiceError, match="组织单位"):
        services.create_duty(world.u.safety, title="x", group=None, person=PersonFactory(unit=world.bureau_a),
                             evidence=Duty.Evidence.DRILL, every="year")
