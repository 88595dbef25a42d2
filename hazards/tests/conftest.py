import datetime

import pytest

from core.testing import photo  # noqa: F401  (re-exported for the hazard tests)
from hazards.models import Criterion, Hazard, State
from tests.factories import drive, full_plan, report_hazard  # noqa: F401  (full_plan re-exported)

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def criterion(db, sectors):
    from hazards.criteria_seed import seed_criteria
    from org.models import Sector

    seed_criteria(Criterion, Sector)  # no-op unless a transactional test flushed them
    return Criterion.objects.get(code="DY-G2")


@pytest.fixture
def make_hazard(world, sectors, criterion):
    """Drive a hazard of alice's enterprise to a state through the real services."""

    def make(state=State.REPORTED, level="major", by=None):
        return drive(world, report_hazard(world, sectors, level=level, criterion=criterion, by=by), state, level)

    return make


def fresh(h):
    return Hazard.objects.get(pk=h.pk)
