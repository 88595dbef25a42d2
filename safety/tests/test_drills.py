import datetime

import pytest
from dateutil.relativedelta import relativedelta

from core.exceptions import ServiceError
from enterprises.models import Enterprise
from safety import drills, services
from safety.defaults import ensure_default_rules
from safety.models import DrillRule

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def rules(db):
    ensure_default_rules(DrillRule)
    return {r.kind or "any": r for r in DrillRule.objects.all()}


def drill(world, kind, held_on, by=None):
    return services.record_drill(by or world.u.alice, {"kind": kind, "held_on": held_on, "participants": 12,
                                                        "scenario": "罐车泄漏处置", "evaluation": "响应及时"})


def test_status_from_the_last_matching_drill(world, rules):
    rule = rules["special"]  # yearly
    assert drills.status(None, rule, TODAY) == ("never", None)
    assert drills.status(TODAY - relativedelta(months=13), rule, TODAY)[0] == "overdue"
    assert drills.status(TODAY - relativedelta(months=11, days=10), rule, TODAY)[0] == "due_soon"
    assert drills.status(TODAY - relativedelta(months=2), rule, TODAY)[0] == "ok"


def test_compliance_lists_per_rule(world, rules):
    world.alice_ent.is_two_plus_one = True
    world.alice_ent.save()
    drill(world, "special", datetime.date.today() - datetime.timedelta(days=30))
    special = drills.compliance(rules["special"], Enterprise.objects.for_user(world.u.safety))
    assert [r["name"] for r in special["ok"]] == [world.alice_ent.name]
    assert world.bob_ent.name in [r["name"] for r in special["never"]]
    high_risk = drills.compliance(rules["any"], Enterprise.objects.for_user(world.u.safety))
    assert [r["name"] for r in high_risk["ok"]] == [world.alice_ent.name]  # only 两客一危 firms apply
    assert sum(len(v) for v in high_risk.values()) == 1


def test_drill_input_is_checked(world):
    with pytest.raises(ServiceError, match="晚于今天"):
        drill(world, "special", datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(ServiceError, match="请选择演练类型"):
        drill(world, "party", datetime.date.today())
    with pytest.raises(ServiceError, match="管理范围内"):
        services.record_drill(world.u.road, {"enterprise": world.charlie_ent, "kind": "special",
                                             "held_on": datetime.date.today(), "participants": 3,
                                             "scenario": "x", "evaluation": "y"})
