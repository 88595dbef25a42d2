import datetime

import pytest

from core.testing import photo  # noqa: F401  (re-exported for the hazard tests)
from hazards import services
from hazards.models import Criterion, Hazard, State

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
        u = world.u
        h = services.report_hazard(by or u.alice, {
            "title": "车辆逾期未检仍在运营", "description": "两辆危险货物运输车逾期未检，仍在道路上运营。",
            "sector": sectors["road-freight"], "level": level, "criterion": criterion if level == "major" else None,
        }, [photo()])
        if state == State.REPORTED:
            return h
        if state == State.REJECTED:
            return services.reject(u.road, h.pk, None, "经核查不构成隐患")
        deadline = datetime.date.today() + datetime.timedelta(days=30)
        h = services.verify(u.road, h.pk, None, level=level, deadline=deadline)
        if state == State.PENDING_CONFIRMATION or (level == "general" and state == State.RECTIFYING):
            return h
        if level == "major":
            h = services.confirm(u.safety, h.pk, None)
            if state == State.CONFIRMED:
                return h
            h = services.start_rectifying(u.alice, h.pk, None, plan=full_plan())
        if state == State.RECTIFYING:
            return h
        h = services.submit_for_acceptance(u.alice, h.pk, None, [photo("整改后.png", (40, 200, 40), "PNG")],
                                           "已完成年检并停运待检车辆")
        if state == State.AWAITING_ACCEPTANCE:
            return h
        h = services.accept(u.road, h.pk, None, "现场复查合格")
        if state == State.ACCEPTED:
            return h
        return services.close(u.road, h.pk, None, "同意销号")

    return make


def full_plan():
    return {"plan_goal": "全部车辆完成年检", "plan_measures": "停运逾期车辆，送检", "plan_funds": 2.5,
            "plan_materials": "检测费用", "plan_organization": "企业安全科 张三", "plan_deadline":
            datetime.date.today() + datetime.timedelta(days=20), "plan_safety": "停运期间车辆封存", "shutdown": "partial"}


def fresh(h):
    return Hazard.objects.get(pk=h.pk)
