import datetime

import pytest

from conftest import PersonFactory
from core.exceptions import ServiceError
from enterprises.models import Contact
from safety import coverage, services
from safety.models import CoverageTarget, Training

TODAY = datetime.date.today()


def target(world, **extra):
    data = {"name": "主要负责人和安全管理人员培训全覆盖", "population": "enterprises", "rule": "key_people_trained",
            "counted_from": datetime.date(TODAY.year, 1, 1), "target_percent": 100,
            "deadline": datetime.date(2026, 6, 30)} | extra
    return services.save_target(world.u.safety, None, data)


def train(world, contacts=(), people=(), passed=True, kind="key_people", end=None):
    end = end or TODAY
    t = services.record_training(world.u.safety, {"kind": kind, "title": "2026年主要负责人安全培训",
                                                  "start_on": end - datetime.timedelta(days=2), "end_on": end,
                                                  "hours": 24}, contacts, people)
    services.set_results(world.u.safety, t.pk, {a.pk: passed for a in t.attendees.all()})
    return t


def test_an_enterprise_moves_from_missing_to_covered_when_its_principal_passes(world):
    principal = Contact.objects.create(enterprise=world.alice_ent, role="principal", name="艾丽")
    Contact.objects.create(enterprise=world.bob_ent, role="principal", name="鲍勃")
    t = target(world)
    pop, covered, missing = coverage.lists(t)
    assert pop.count() == 2 and covered.count() == 0 and world.alice_ent in missing
    train(world, [principal])
    pop, covered, missing = coverage.lists(t)
    assert list(covered) == [world.alice_ent] and list(missing) == [world.bob_ent]
    result = coverage.evaluate(t)
    assert result.percent == 50 and not result.reached
    principal.refresh_from_db()
    assert principal.training_status == "certified" and principal.trained_on == TODAY


def test_every_key_person_must_pass_and_a_failed_or_old_training_does_not_count(world):
    principal = Contact.objects.create(enterprise=world.alice_ent, role="principal", name="艾丽")
    manager = Contact.objects.create(enterprise=world.alice_ent, role="safety_manager", name="安安")
    t = target(world, two_plus_one_only=False)
    train(world, [principal])
    assert world.alice_ent not in coverage.lists(t)[1]  # the safety manager has not passed
    train(world, [manager], passed=False)
    assert world.alice_ent not in coverage.lists(t)[1]
    train(world, [manager], end=datetime.date(TODAY.year - 1, 12, 1))  # before counted_from
    assert world.alice_ent not in coverage.lists(t)[1]
    train(world, [manager])
    assert world.alice_ent in coverage.lists(t)[1]


def test_marked_officer_and_item_targets(world, sectors):
    marked = target(world, name="“两客一危”企业接入智慧监管平台", rule="marked", sector=sectors["road"])
    assert coverage.evaluate(marked).population == 1  # alice (road freight); bob is a bridge operator
    services.mark(world.u.road, marked.pk, world.alice_ent, note="平台截图")
    assert coverage.evaluate(marked).percent == 100
    with pytest.raises(ServiceError, match="已确认达标"):
        services.mark(world.u.road, marked.pk, world.alice_ent)
    services.unmark(world.u.safety, marked.pk, world.alice_ent, "接入后又断开")
    assert coverage.evaluate(marked).covered == 0

    officer = PersonFactory(unit=world.road_unit, enforcement_cert="150001")
    PersonFactory(unit=world.road_unit)  # no certificate: not in the population
    crew = target(world, name="安全监管专业队伍培训全覆盖", population="officers", rule="officer_trained")
    assert coverage.evaluate(crew).population == 1
    train(world, people=[officer], kind="enforcement")
    assert coverage.evaluate(crew).percent == 100

    points = target(world, name="国省干线非现场执法点位建设全覆盖", population="items", rule="item_done")
    a = services.add_item(world.u.safety, points.pk, "G338 K510 点位")
    services.add_item(world.u.safety, points.pk, "S215 K80 点位")
    services.complete_item(world.u.safety, a.pk)
    assert coverage.evaluate(points).percent == 50


def test_target_rules_must_fit_the_population(world):
    with pytest.raises(ServiceError, match="不匹配"):
        target(world, population="officers", rule="key_people_trained")
    with pytest.raises(ServiceError, match="0 到 100"):
        target(world, target_percent=150)
    assert CoverageTarget.objects.count() == 0


def test_training_input_is_checked(world):
    with pytest.raises(ServiceError, match="至少选择一名参训人员"):
        services.record_training(world.u.safety, {"kind": "key_people", "title": "培训", "start_on": TODAY,
                                                  "end_on": TODAY, "hours": 8})
    c = Contact.objects.create(enterprise=world.charlie_ent, role="principal", name="查理")
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        services.record_training(world.u.safety, {"kind": "key_people", "title": "培训", "start_on": TODAY,
                                                  "end_on": TODAY, "hours": 8}, [c])
    with pytest.raises(ServiceError, match="结束日期不能早于"):
        services.record_training(world.u.safety, {"kind": "key_people", "title": "培训", "start_on": TODAY,
                                                  "end_on": TODAY - datetime.timedelta(days=1), "hours": 8}, [c])
    assert Training.objects.count() == 0


def test_a_target_past_its_deadline_and_short_is_overdue_on_the_board_the_api_and_its_units_todo(world, client_for):
    """Issue 24 #3: 逾期 with the shortfall, on the board, the target page, the API and the 待办 of the
    target's 责任单位 — not before the deadline, not once reached, not on another unit's 待办."""
    from dashboard import todo

    past = target(world, name="作业点位全覆盖", population="items", rule="item_done", target_percent=80,
                  deadline=TODAY - datetime.timedelta(days=1), unit=world.road_unit)
    items = [services.add_item(world.u.safety, past.pk, f"点位{n}") for n in range(5)]
    services.complete_item(world.u.safety, items[0].pk)
    result = coverage.evaluate(past)
    assert (result.needed, result.shortfall, result.overdue(TODAY)) == (4, 3, True)
    later = target(world, name="明年目标", population="items", rule="item_done", unit=world.road_unit,
                   deadline=TODAY + datetime.timedelta(days=30))
    services.add_item(world.u.safety, later.pk, "点位")
    assert not coverage.evaluate(later).overdue(TODAY)

    def waiting(user):
        return [i.title for _, group in todo.items(user) for i in group if i.kind == "coverage"]

    assert waiting(world.u.road) == ["作业点位全覆盖"]
    assert waiting(world.u.highway) == []
    client = client_for(world.u.safety)
    board = client.get("/safety/coverage/").content.decode()
    assert board.count("data-overdue") == 1 and "距目标还差 3 项" in board
    assert "逾期，距目标还差 3 项" in client.get(past.get_absolute_url()).content.decode()
    api = {t["name"]: t for t in client.get("/api/coverage-targets/").json()}
    assert (api["作业点位全覆盖"]["overdue"], api["作业点位全覆盖"]["shortfall"]) == (True, 3)
    assert (api["明年目标"]["overdue"], api["明年目标"]["shortfall"]) == (False, 1)
    for item in items[1:4]:
        services.complete_item(world.u.safety, item.pk)
    assert not coverage.evaluate(past).overdue(TODAY) and waiting(world.u.road) == []
