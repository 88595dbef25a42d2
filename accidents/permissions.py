"""Who may do what to an accident record (SPEC §9). Accidents have no states: the table lists
roles; the page offers exactly `available_actions(user, accident)`."""

from core.permissions import ActionTable
from org.roles import Role

E, U, S = Role.ENTERPRISE, Role.UNIT_STAFF, Role.SAFETY_OFFICE
# The enterprise records its own accident (1-hour report); the bureau records and analyses.
WRITERS = {E, U, S}

ACTIONS = ActionTable({
    "reported": (WRITERS, None),    # 登记报告时间
    "figures": (WRITERS, None),     # 更新伤亡和损失
    "analysis": ({U, S}, None),     # 一事一分析 is the bureau's
})


def available_actions(user, accident):
    return ACTIONS.available(user, accident, refine=lambda a: a != "reported" or not accident.reported_at)
