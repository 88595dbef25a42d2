import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from enterprises.models import Contact, Enterprise
from org.models import User
from safety import coverage, services
from safety.models import CoverageTarget


@pytest.fixture
def demo(demo_db):
    return User.objects.get(username="safety")


def test_each_of_the_seven_demo_targets_is_its_covered_list_over_its_population_list(demo, client):
    client.force_login(demo)
    targets = list(CoverageTarget.objects.for_user(demo))
    assert len(targets) == 7
    board = client.get("/safety/coverage/").content.decode()
    for t in targets:
        def listed(show):
            page = client.get(f"/safety/coverage/{t.pk}/?show={show}")
            return page.context["page"].paginator.count

        population, covered, missing = listed("all"), listed("covered"), listed("missing")
        assert population > 0 and covered + missing == population
        expected = (Decimal(covered) * 100 / population).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert coverage.evaluate(t, demo).percent == expected
        card = re.search(rf'data-target="{t.pk}".*?data-percent>([^<]+)<', board, re.S).group(1)
        assert card.strip() == f"{expected}%"


def test_a_demo_enterprise_moves_to_covered_when_its_key_people_pass(demo):
    target = CoverageTarget.objects.get(rule="key_people_trained")
    _, _, missing = coverage.lists(target, demo)
    firm = missing.first()
    before = coverage.evaluate(target, demo)
    people = list(Contact.objects.filter(enterprise=firm))
    import datetime

    today = datetime.date.today()
    t = services.record_training(demo, {"kind": "key_people", "title": "补训", "start_on": today, "end_on": today,
                                        "hours": 8}, people)
    services.set_results(demo, t.pk, {a.pk: True for a in t.attendees.all()})
    after = coverage.evaluate(target, demo)
    assert after.covered == before.covered + 1 and firm in coverage.lists(target, demo)[1]


def test_a_unit_sees_its_own_part_of_a_county_target(demo):
    unit = User.objects.get(username="unit2")  # 公路运营 and 工程建设 only
    target = CoverageTarget.objects.get(rule="key_people_trained")
    mine = coverage.evaluate(target, unit)
    county = coverage.evaluate(target, demo)
    assert 0 < mine.population < county.population
    assert set(coverage.lists(target, unit)[0]) <= set(Enterprise.objects.for_user(unit))
