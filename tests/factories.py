"""Domain records for tests, made through the real services (one place, shared by every app's
tests): report a hazard, then `drive` it to the state a test needs."""

import datetime

from core.testing import photo
from hazards import services
from hazards.models import State


def full_plan():
    """A complete 五到位 plan for a 重大 hazard."""
    return {"plan_goal": "全部车辆完成年检", "plan_measures": "停运逾期车辆，送检", "plan_funds": 2.5,
            "plan_materials": "检测费用", "plan_organization": "企业安全科 张三", "plan_deadline":
            datetime.date.today() + datetime.timedelta(days=20), "plan_safety": "停运期间车辆封存", "shutdown": "partial"}


def report_hazard(world, sectors, *, level="major", criterion=None, by=None, title="车辆逾期未检仍在运营"):
    """A hazard of alice's enterprise (road freight), reported with one before-photo."""
    return services.report_hazard(by or world.u.alice, {
        "title": title, "description": "两辆危险货物运输车逾期未检，仍在道路上运营。",
        "sector": sectors["road-freight"], "level": level, "criterion": criterion if level == "major" else None,
    }, [photo()])


def drive(world, hazard, state, level="major"):
    """Move a reported hazard on to `state` the way its users would: the road unit verifies,
    the safety office confirms a 重大 one, alice rectifies and submits, the unit accepts and closes."""
    u = world.u
    if state == State.REPORTED:
        return hazard
    if state == State.REJECTED:
        return services.reject(u.road, hazard.pk, None, "经核查不构成隐患")
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    h = services.verify(u.road, hazard.pk, None, level=level, deadline=deadline)
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
