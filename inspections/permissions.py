"""Who may do what to an inspection, from which status (SPEC §7): the services enforce it and
the page offers exactly `ACTIONS.available(user, inspection)`."""

from core.permissions import ActionTable
from org.roles import Role

from .models import Inspection

St = Inspection.Status
# Unit staff and the safety office plan and run inspections; experts record on the teams they join.
PLANNERS = {Role.UNIT_STAFF, Role.SAFETY_OFFICE}

ACTIONS = ActionTable({
    "target": (PLANNERS, [St.PLANNED, St.IN_PROGRESS]),    # 增加检查对象
    "complete": (PLANNERS, [St.PLANNED, St.IN_PROGRESS]),  # 结束检查
    "cancel": (PLANNERS, [St.PLANNED]),                    # 取消检查
}, state_field="status", duties={"complete"})


# A 周期检查计划 is stopped (停用: no more periods are made) and started again by whoever plans inspections.
SCHEDULE_ACTIONS = ActionTable({
    "pause": (PLANNERS, [True]),    # 停用
    "resume": (PLANNERS, [False]),  # 恢复
}, state_field="active")


DUTY_LABELS = {"complete": "结束检查"}


def duties(user, inspection, actions):
    """An inspection waits on its own people (the 待办): the lead unit, its leader and members."""
    from org.scope import get_scope

    out = [a for a in actions if a in ACTIONS.duties]
    if not out:
        return []
    person = user.person_id
    mine = inspection.lead_unit_id in get_scope(user).unit_ids or (person and (
        inspection.leader_id == person or any(m.pk == person for m in inspection.members.all())))
    if user.role == Role.SAFETY_OFFICE:
        mine = mine or inspection.lead_unit_id == user.unit_id
    return out if mine else []
