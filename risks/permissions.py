"""Who may do what to a risk point (SPEC §5). The 重大风险 filing (登记备案) is the point's
workflow: the enterprise files a 重大 point, the supervising unit acknowledges it."""

from core.permissions import ActionTable
from org.roles import Role

from .models import RiskPoint

E, U, S = Role.ENTERPRISE, Role.UNIT_STAFF, Role.SAFETY_OFFICE
F = RiskPoint.Filing
WRITERS = {E, U, S}

ACTIONS = ActionTable({
    "reassess": (WRITERS, None),
    "edit": (WRITERS, None),
    "file": (WRITERS, [F.PENDING]),          # 报备重大风险
    "acknowledge": ({U, S}, [F.SUBMITTED]),  # 确认登记备案
}, state_field="filing", duties={"file", "acknowledge"})


DUTY_LABELS = {"file": "报备", "acknowledge": "确认备案"}


def duties(user, point, actions):
    """What waits on this user (the 待办): the enterprise files its 重大 point; the bureau
    acknowledges the filing."""
    out = [a for a in actions if a in ACTIONS.duties]
    return [a for a in out if a != "file" or user.role == E]


def available_actions(user, point):
    """Only a 重大 point is filed (its filing is 待报备 exactly then)."""
    return ACTIONS.available(user, point, refine=lambda a: a != "file" or point.level == "major")
