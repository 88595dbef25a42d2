"""A hazard and a reporting slot walked day by day through reminder, due day, +3 and +7
escalation (default rules), with exactly one digest per person per day."""

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db.models import Count

from notify.models import Message, ReminderRule, SentLog
from plans.models import Plan, ReportingDuty, Slot

from .conftest import days


def run(day):
    """The scheduler's pass on `day` (local 07:30), run twice: the second must send nothing."""
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 7, 30, tzinfo=datetime.timezone(
            datetime.timedelta(hours=8))), tick=False):
        out = StringIO()
        call_command("run_reminders", "--once", stdout=out)
        again = StringIO()
        call_command("run_reminders", "--once", stdout=again)
    assert "digests=0 lines=0" in again.getvalue()
    return out.getvalue()


def who_heard_of(key):
    """{day: sorted usernames} whose digest carried the item."""
    out = {}
    for day, username in SentLog.objects.filter(item=key).values_list("day", "recipient__username"):
        out.setdefault(day, set()).add(username)
    return {day: sorted(names) for day, names in out.items()}


def test_it_walks_a_hazard_through_reminder_due_day_and_both_escalations(world, head, make_hazard):
    deadline = datetime.date(2026, 12, 10)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        hazard = make_hazard(deadline)
    for day in days(datetime.date(2026, 12, 1), datetime.date(2026, 12, 20)):
        run(day)
    assert who_heard_of(f"hazard:{hazard.pk}") == {
        datetime.date(2026, 12, 7): ["alice", "road_a", "road_head"],  # 3 days ahead, to the owners
        datetime.date(2026, 12, 10): ["alice", "road_a", "road_head"],  # the due day
        datetime.date(2026, 12, 13): ["road_head"],  # +3: the unit head
        datetime.date(2026, 12, 17): ["leader_a", "safety_a"],  # +7: the county's safety office and leader
    }
    # Exactly one digest per person per day, and the other county heard nothing.
    per_day = Message.objects.filter(kind="digest").values("recipient", "day").annotate(n=Count("id"))
    assert per_day and all(row["n"] == 1 for row in per_day)
    assert not Message.objects.filter(recipient__username__in=["safety_b", "province"]).exists()
    digest = Message.objects.get(recipient__username="road_head", day=datetime.date(2026, 12, 13))
    assert digest.title == "每日提醒：1项已逾期"
    assert digest.lines[0]["url"] == hazard.get_absolute_url() and "已逾期3天" in digest.lines[0]["note"]
    assert "已逾期" in digest.body and hazard.number in digest.body


def test_a_rectified_hazard_is_not_escalated(world, head, make_hazard):
    from hazards import services

    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        hazard = make_hazard(datetime.date(2026, 12, 10))
    run(datetime.date(2026, 12, 10))
    with time_machine.travel(datetime.datetime(2026, 12, 11, 9, 0), tick=False):
        from core.testing import photo

        services.submit_for_acceptance(world.u.alice, hazard.pk, None, [photo()], "已整改")
    for day in days(datetime.date(2026, 12, 11), datetime.date(2026, 12, 20)):
        run(day)
    assert list(who_heard_of(f"hazard:{hazard.pk}")) == [datetime.date(2026, 12, 10)]


def _slot(world, due):
    plan = Plan.objects.create(title="2026年安全生产工作要点", region=world.a)
    duty = ReportingDuty.objects.create(plan=plan, text="每月16日前报送隐患排查治理情况", every="month", due_day="16")
    duty.units.add(world.road_unit)
    return Slot.objects.create(duty=duty, unit=world.road_unit, period=f"{due:%Y-%m}", due_date=due)


def test_it_walks_a_reporting_slot_and_stops_when_it_is_submitted(world, head):
    slot = _slot(world, datetime.date(2026, 12, 16))
    for day in days(datetime.date(2026, 12, 10), datetime.date(2026, 12, 19)):
        run(day)
    assert who_heard_of(f"slot:{slot.pk}") == {
        datetime.date(2026, 12, 13): ["road_a", "road_head"], datetime.date(2026, 12, 16): ["road_a", "road_head"],
        datetime.date(2026, 12, 19): ["road_head"]}
    # Submitted before +7: the safety office and the leader are not bothered.
    Slot.objects.filter(pk=slot.pk).update(submitted_at=datetime.datetime(2026, 12, 20, 9, 0,
                                                                          tzinfo=datetime.timezone.utc))
    for day in days(datetime.date(2026, 12, 20), datetime.date(2026, 12, 26)):
        run(day)
    assert datetime.date(2026, 12, 23) not in who_heard_of(f"slot:{slot.pk}")


def test_a_missed_day_is_made_good_once(world, head):
    slot = _slot(world, datetime.date(2026, 12, 16))
    run(datetime.date(2026, 12, 17))  # the scheduler was down on the 16th
    run(datetime.date(2026, 12, 18))
    assert who_heard_of(f"slot:{slot.pk}") == {datetime.date(2026, 12, 16): ["road_a", "road_head"]}
    digest = Message.objects.get(recipient__username="road_a")
    assert digest.day == datetime.date(2026, 12, 17) and "已逾期1天" in digest.lines[0]["note"]


def test_the_rules_are_data(world, head):
    """Moving the unit-head escalation from +3 to +5 and switching off the reminder ahead."""
    ReminderRule.objects.filter(source="slot", offset_days=3).update(offset_days=5)
    ReminderRule.objects.filter(source="slot", offset_days__lt=0).update(active=False)
    slot = _slot(world, datetime.date(2026, 12, 16))
    for day in days(datetime.date(2026, 12, 10), datetime.date(2026, 12, 22)):
        run(day)
    assert who_heard_of(f"slot:{slot.pk}") == {
        datetime.date(2026, 12, 16): ["road_a", "road_head"], datetime.date(2026, 12, 21): ["road_head"]}


def test_nobody_with_a_login_means_the_office_hears(world):
    """A unit without a head account: the +3 step climbs to the safety office."""
    slot = _slot(world, datetime.date(2026, 12, 16))
    run(datetime.date(2026, 12, 19))
    assert who_heard_of(f"slot:{slot.pk}") == {datetime.date(2026, 12, 19): ["leader_a", "safety_a"]}


def test_several_items_make_one_grouped_digest(world, head, make_hazard):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        make_hazard(datetime.date(2026, 12, 16), "消防通道堵塞")
    _slot(world, datetime.date(2026, 12, 16))
    _slot(world, datetime.date(2026, 12, 19))
    run(datetime.date(2026, 12, 16))
    digest = Message.objects.get(recipient__username="road_a")
    assert digest.title == "每日提醒：2项今日到期，1项即将到期"
    assert [line["stage"] for line in digest.lines] == ["due", "due", "ahead"]


def test_work_left_untouched_climbs_to_the_unit_head_then_the_safety_office(world, head, sectors):
    """Issue 18 #2: a hazard reported by alice waits on the unit's 核查. The unit is told at
    once (an arrival notice); two days untouched it reaches the unit head, five days the
    safety office and the leader — by the rules, which are data."""
    from hazards import services
    from tests.factories import report_hazard

    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.timezone(
            datetime.timedelta(hours=8))), tick=False):
        waiting = report_hazard(world, sectors, level="general", title="站场消防通道堵塞")
        handled = report_hazard(world, sectors, level="general", title="已及时核查的隐患")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0), tick=False):
        services.verify(world.u.road, handled.pk, None, level="general", deadline=datetime.date(2027, 1, 30),
                        supervising_unit=world.road_unit)
    for day in days(datetime.date(2026, 12, 1), datetime.date(2026, 12, 8)):
        run(day)
    key = f"waiting:hazard:{waiting.pk}:reported"
    assert who_heard_of(key) == {
        datetime.date(2026, 12, 3): ["road_head"],
        datetime.date(2026, 12, 6): ["leader_a", "safety_a"],
    }
    assert not SentLog.objects.filter(item__startswith=f"waiting:hazard:{handled.pk}:").exists()
    line = Message.objects.get(recipient__username="road_head", day=datetime.date(2026, 12, 3)).lines[0]
    assert line["url"] == waiting.get_absolute_url() and line["note"].startswith("已2天未处理")
    assert "已上报" in line["title"]
    assert ReminderRule.objects.get(source="waiting", offset_days=2).when == "到达后2天仍未处理"


def test_an_unaccepted_tipoff_climbs_to_the_safety_office(world, head, sectors):
    from tipoffs.models import TipOff

    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.timezone(
            datetime.timedelta(hours=8))), tick=False):
        tip = TipOff.objects.create(code="JB20261201A", region=world.a, sector=sectors["road"],
                                    subject="某客运站安检仪长期停用", description="安检仪长期停用，无人检查")
    # The rules are data: with the unit-head step switched off, only the office step fires.
    ReminderRule.objects.filter(source="waiting", offset_days=2).update(active=False)
    for day in days(datetime.date(2026, 12, 1), datetime.date(2026, 12, 7)):
        run(day)
    assert who_heard_of(f"waiting:tipoff:{tip.pk}") == {datetime.date(2026, 12, 6): ["leader_a", "safety_a"]}
