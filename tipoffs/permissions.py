"""Who may do what to a tip-off, from which state (SPEC §8): the services enforce it and the
page offers exactly `ACTIONS.available(user, tipoff)`."""

from core.permissions import ActionTable
from org.roles import Role

from .models import TipOff

S = TipOff.State
# The handling unit's staff and the safety office handle tip-offs; leaders read them.
HANDLERS = {Role.UNIT_STAFF, Role.SAFETY_OFFICE}

ACTIONS = ActionTable({
    "accept": (HANDLERS, [S.SUBMITTED]),
    "decline": (HANDLERS, [S.SUBMITTED]),
    "verify": (HANDLERS, [S.ACCEPTED]),
    "conclude": (HANDLERS, [S.VERIFYING]),  # 查实 (a hazard is created) or 不属实
    "reward": (HANDLERS, [S.SUBSTANTIATED]),
}, duties={"accept", "verify", "conclude"})


DUTY_LABELS = {"accept": "受理", "verify": "核查", "conclude": "认定"}


def duties(user, tipoff, actions):
    """What waits on this user (the 待办): the safety office receives new tip-offs; a unit works
    those routed to it."""
    from org.scope import get_scope

    out = [a for a in actions if a in ACTIONS.duties]
    if user.role == Role.UNIT_STAFF and tipoff.handling_unit_id not in get_scope(user).unit_ids:
        return []
    return out
