"""Who may do what to an enterprise's own safety work (SPEC §2; issue 21 §4). The enterprise records
its checks and files its papers; the supervising unit (or the safety office) confirms an 应急预案's
备案 or returns it with a reason — a plan waiting for 备案 is on the unit's 待办."""

from core.permissions import ActionTable
from org.roles import Role

from .models import Filing

E, U, S = Role.ENTERPRISE, Role.UNIT_STAFF, Role.SAFETY_OFFICE
St = Filing.State

ACTIONS = ActionTable({
    # 自查自改自报: the enterprise's own account records its checks and papers, for itself only.
    "self_check": ({E}, None),
    "file": ({E}, None),
    "confirm": ({U, S}, [St.SUBMITTED]),  # 确认备案
    "return": ({U, S}, [St.SUBMITTED]),   # 退回
}, state_field="state", duties={"confirm"})

DUTY_LABELS = {"confirm": "确认备案"}
