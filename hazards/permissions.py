"""Who may do what to a hazard (SPEC §4, issue #3), as one table.

The services enforce it; the detail page asks `available_actions` which
buttons to show, so the UI can never offer what the service would refuse.
"""

from django.db.models import Q

from core.permissions import ActionTable
from org.roles import Role

from .models import OPEN_STATES, Extension, Hazard, State, Supervision

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


# On whom each duty waits, and when: the table lets several roles act; the work waits on one of them.
# - an enterprise rectifies and submits its own hazards; a unit those of public places;
# - the unit verifies, accepts and closes, and decides a 一般 hazard's extension;
# - the safety office confirms a 重大 hazard, decides its extension and lifts its 督办;
# - an expert co-signs.
# A condition is the SQL filter (the 待办's query) and the same test on a loaded hazard.
_ANY = (Q(), lambda h: True)
_PUBLIC_PLACE = (Q(enterprise__isnull=True), lambda h: not h.enterprise_id)
_MAJOR = (Q(level=Hazard.Level.MAJOR), lambda h: h.is_major)
_NOT_MAJOR = (~Q(level=Hazard.Level.MAJOR), lambda h: not h.is_major)
DUTY_HOLDERS = {
    "verify": {U: _ANY}, "confirm": {S: _ANY}, "start_rectifying": {E: _ANY, U: _PUBLIC_PLACE},
    "submit": {E: _ANY, U: _PUBLIC_PLACE}, "cosign": {X: _ANY}, "accept": {U: _ANY}, "close": {U: _ANY},
    "decide_extension": {U: _NOT_MAJOR, S: _MAJOR}, "lift_supervision": {S: _ANY},
}
assert set(DUTY_HOLDERS) == ACTIONS.duties


def duties(user, hazard, actions):
    """The available actions that wait on this user (the 待办), of those the page offers."""
    return [a for a in actions if a in DUTY_HOLDERS and user.role in DUTY_HOLDERS[a] and DUTY_HOLDERS[a][user.role][1](hazard)]


def duty_filter(user):
    """The hazards that may hold one of this user's duties, as SQL: each duty's states and holder's
    condition, with what `available_actions` asks of it (a pending extension, an open 督办); None when
    the user holds none (a leader, an account above the county). `duties` then decides each hazard;
    this only keeps the 待办's query to the hazards that can qualify."""
    # The few open 督办 and pending extensions, as id lists probed by key — not a subquery run per hazard
    # of a state (a province's every closed one).
    supervised = Q(pk__in=Supervision.objects.filter(lifted_at__isnull=True).values("hazard_id"))
    needs = {
        "decide_extension": Q(pk__in=Extension.objects.filter(decision=Extension.Decision.PENDING).values("hazard_id")),
        "lift_supervision": supervised,
        "close": ~supervised,
    }
    q = None
    for action, holders in DUTY_HOLDERS.items():
        if user.role in holders and role_allows(user, action):
            this = Q(state__in=ACTIONS.states(action)) & holders[user.role][0] & needs.get(action, Q())
            q = this if q is None else q | this
    return q
