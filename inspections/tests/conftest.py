import datetime

import pytest

from conftest import PersonFactory
from core.testing import photo
from hazards.models import Criterion
from inspections import services
from inspections.models import CheckItem


@pytest.fixture
def criteria(db, sectors):
    from hazards.criteria_seed import seed_criteria
    from org.models import Sector

    seed_criteria(Criterion, Sector)  # no-op unless a transactional test flushed them
    return Criterion.objects.all()


@pytest.fixture
def officers(world):
    """Four certified officers and one uncertified clerk in the road unit."""
    people = [PersonFactory(name=f"执法员{n}", unit=world.road_unit, enforcement_cert=f"15000{n}") for n in range(4)]
    PersonFactory(name="文员", unit=world.road_unit)
    return people


@pytest.fixture
def make_inspection(world, sectors, criteria, officers):
    def make(by=None, enterprises=None, **extra):
        data = {
            "kind": "enforcement", "title": "危货运输企业执法检查", "sector": sectors["road"],
            "lead_unit": world.road_unit, "planned_on": datetime.date.today(), "leader": officers[0],
            "members": officers[:2], "enterprises": [world.alice_ent] if enterprises is None else enterprises, "with_criteria": True,
        } | extra
        return services.create_inspection(by or world.u.road, data)

    return make


def answer_all(user, inspection, fail=(), note="现场发现问题", with_photo=True):
    """Answer every item: the listed item positions 不符合 (with a photo), the rest 符合."""
    items = list(CheckItem.objects.filter(target__inspection=inspection).order_by("target__order", "order"))
    for n, item in enumerate(items):
        if n in fail:
            services.record_item(user, item.pk, "fail", f"{note}{n}", photo() if with_photo else None)
        else:
            services.record_item(user, item.pk, "pass")
    return items
