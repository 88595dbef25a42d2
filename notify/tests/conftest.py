import datetime

import pytest

from conftest import PersonFactory, UserFactory
from hazards import services as hazard_services
from tests.factories import report_hazard


@pytest.fixture(autouse=True)
def robots_on_loopback(settings):
    """The stand-in robot (tests/robot.py) listens on 127.0.0.1: allow-listed, as a system
    administrator would allow an intranet relay."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture(autouse=True)
def default_rules(db):
    """The migration seeds the rules; a transactional test elsewhere may have flushed them."""
    from notify.defaults import ensure_default_rules
    from notify.models import ReminderRule

    ensure_default_rules(ReminderRule)


@pytest.fixture
def head(world):
    """The 运输服务中心's head, with a login: the +3 escalation goes to them."""
    person = PersonFactory(name="陈主任", unit=world.road_unit)
    world.road_unit.head = person
    world.road_unit.save()
    return UserFactory(username="road_head", role="unit_staff", unit=world.road_unit, person=person)


@pytest.fixture
def make_hazard(world, sectors):
    def make(deadline, title="危货车辆逾期未检"):
        from notify.models import Message

        h = report_hazard(world, sectors, level="general", title=title)
        h = hazard_services.verify(world.u.road, h.pk, None, level="general", deadline=deadline,
                                   supervising_unit=world.road_unit)
        # These tests count reminders and digests: the arrival notices of the two steps above
        # (待办：核查, 待办：整改 — tests/test_todo.py covers them) are set aside.
        Message.objects.filter(title__startswith="待办：").delete()
        return h
    return make


def days(start, end):
    d = start
    while d <= end:
        yield d
        d += datetime.timedelta(days=1)
