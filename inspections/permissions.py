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
}, state_field="status")
