"""Who may do what to a hazard (SPEC §4, issue #3), as one table.

The services enforce it; the detail page asks `available_actions` which
buttons to show, so the UI can never offer what the service would refuse.
"""

from core.permissions import ActionTable
from org.roles import Role

from .models import OPEN_STATES, State

E, U, S, L, X = Role.ENTERPRISE, Role.UNIT_STAFF, Role.SAFETY_OFFICE, Role.LEADER, Role.EXPERT

# action: (roles, states it may start from; None = any open state)
ACTIONS = ActionTable({
    "verify": ({U, S}, [State.REPORTED]),
    "confirm": ({S}, [State.PENDING_CONFIRMATION]),
    "reject": ({U, S}, [State.REPORTED, State.PENDING_CONFIRMATION]),
    "save_plan": ({E, U, S}, [State.CONFIRMED, State.RECTIFYING]),
    "start_rectifying": ({E, U, S}, [State.CONFIRMED]),
    "request_extension": ({E, U}, [State.CONFIRMED, State.RECTIFYING]),
    "decide_extension": ({U, S}, [State.CONFIRMED, State.RECTIFYING]),
    "submit": ({E, U}, [State.RECTIFYING]),
    "cosign": ({X}, [State.AWAITING_ACCEPTANCE]),
    "accept": ({U, S}, [State.AWAITING_ACCEPTANCE]),
    "fail": ({U, S}, [State.AWAITING_ACCEPTANCE]),
    "close": ({U, S}, [State.ACCEPTED]),
    "open_supervision": ({S}, [State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING,
                               State.AWAITING_ACCEPTANCE]),
    "lift_supervision": ({S}, [State.ACCEPTED, State.CLOSED]),
    "urge": ({L, S}, None),
    "instruct": ({L}, None),
    "edit": ({U, S}, [State.REPORTED, State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING]),
    # Papers (PDF or images: the 整改方案 signed, the 督办通知书 served) while the hazard is open.
    "documents": ({E, U, S}, None),
}, open_states=OPEN_STATES, duties={
    "verify", "confirm", "start_rectifying", "submit", "cosign", "accept", "close", "decide_extension",
    "lift_supervision",
})
REPORT_ROLES = {E, U, S}
# The ledger export is the bureau's (an enterprise reads its own hazards on screen).
EXPORT_ROLES = {L, S, U}
# A 重大 hazard's extension is decided by the safety office (it confirmed the hazard).
MAJOR_EXTENSION_ROLES = {S}


role_allows = ACTIONS.role_allows
state_allows = ACTIONS.state_allows


def available_actions(user, hazard, open_supervision=None, pending_extension=None):
    """Actions this user may take on this hazard now (the hazard is already in the user's scope)."""
    out = []
    for action in ACTIONS:
        if not (role_allows(user, action) and state_allows(hazard, action)):
            continue
        if action == "edit" and user.role == E:
            continue
        if action == "open_supervision" and (not hazard.is_major or open_supervision):
            continue
        if action == "lift_supervision" and not open_supervision:
            continue
        if action == "decide_extension" and (
            not pending_extension or (hazard.is_major and user.role not in MAJOR_EXTENSION_ROLES)
        ):
            continue
        if action == "request_extension" and pending_extension:
            continue
        if action == "close" and open_supervision:
            continue
        if action in ("save_plan", "start_rectifying", "documents") and user.role == E and hazard.enterprise_id != user.enterprise_id:
            continue
        out.append(action)
    return out


# What each duty asks of the person (the 待办's buttons and the arrival notices).
DUTY_LABELS = {"verify": "核查", "confirm": "确认", "start_rectifying": "整改", "submit": "提交验收", "cosign": "会签",
               "accept": "验收", "close": "销号", "decide_extension": "审批延期", "lift_supervision": "解除督办"}


def duties(user, hazard, actions):
    """The available actions that wait on this user (the 待办), of those the page offers. The
    table lets several roles act; the work waits on one of them:
    - an enterprise rectifies and submits its own hazards; a unit those of public places;
    - the unit verifies, accepts and closes, and decides a 一般 hazard's extension;
    - the safety office confirms a 重大 hazard, decides its extension and lifts its 督办;
    - an expert co-signs."""
    out = [a for a in actions if a in ACTIONS.duties]
    if user.role == U:
        if hazard.enterprise_id:
            out = [a for a in out if a not in ("start_rectifying", "submit")]
        if hazard.is_major:
            out = [a for a in out if a != "decide_extension"]
    elif user.role == S:
        out = [a for a in out if a in ("confirm", "lift_supervision") or (a == "decide_extension" and hazard.is_major)]
    return out
