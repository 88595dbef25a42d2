"""Workflow permission tables (the shape of `hazards/permissions.py`, for every app with states).

An app declares `ACTIONS = ActionTable({action: (roles, states it may start from)})`; its
services call `ACTIONS.check(user, obj, action, verb)` before they move anything, and its
pages and API ask `ACTIONS.available(user, obj)` which buttons to offer — so a page can never
offer what the service would refuse. States `None` means any of the table's open states.

The registers' workflows (hazards, tip-offs, risks, inspections, accidents) are the county
bureau's work: an account of a city or province office reads its counties' records and receives
their reports, but acts on none of them. A table that the level above does use (the ledger and
its reports, the report forms, checking a table sent up) says `any_level=True`.
"""

from django.core.exceptions import PermissionDenied

from .workflow import require_state


def above_county(user):
    """True for an account of a city or province office (its region, or its unit's)."""
    if getattr(user, "region_id", None):
        region = user.region
    elif getattr(user, "unit_id", None):
        region = user.unit.region
    else:
        return False
    return region.level in ("city", "province")


class ActionTable:
    def __init__(self, actions, open_states=(), state_field="state", duties=(), any_level=False):
        self.actions = dict(actions)
        self.any_level = any_level
        self.open_states = list(open_states)
        self.state_field = state_field
        # The actions that wait on somebody (核查, 验收, 受理 …): a record on which the user has one
        # is on the user's 待办. The others (督办, 批示, 修改 …) are options, not work waiting.
        self.duties = set(duties)
        unknown = self.duties - set(self.actions)
        if unknown:
            raise ValueError(f"duties outside the table: {sorted(unknown)}")

    def __contains__(self, action):
        return action in self.actions

    def __iter__(self):
        return iter(self.actions)

    def roles(self, action):
        return self.actions[action][0]

    def states(self, action):
        states = self.actions[action][1]
        return self.open_states if states is None else states

    def role_allows(self, user, action):
        return (bool(getattr(user, "is_authenticated", False)) and user.role in self.roles(action)
                and (self.any_level or not above_county(user)))

    def state_allows(self, obj, action):
        if self.actions[action][1] is None and not self.open_states:
            return True  # a record without states (an accident): any time
        return getattr(obj, self.state_field) in self.states(action)

    def allows(self, user, obj, action):
        return self.role_allows(user, action) and self.state_allows(obj, action)

    def available(self, user, obj, refine=None):
        """Actions this user may take on this record now (the record is already in the user's
        scope); `refine(action)` may drop one for a reason the table cannot express."""
        return [a for a in self.actions if self.allows(user, obj, a) and (refine is None or refine(a))]

    def duty_states_of(self, user):
        """`duty_states` of this user's role, or none at all for an account above the county on a
        county's table (it acts on none of those records, so nothing of them waits on it)."""
        if not self.any_level and above_county(user):
            return set()
        return self.duty_states(user.role)

    def duty_states(self, role):
        """The states from which this role has a duty (the 待办's first, SQL-side filter)."""
        states = set()
        for action in self.duties:
            if role in self.roles(action):
                states.update(self.states(action))
        return states

    def check(self, user, obj, action, verb, what=None):
        """Refuse a role outside the action (403) or a state it may not start from (400)."""
        if not self.role_allows(user, action):
            raise PermissionDenied(f"您的角色不能{verb}。")
        if not self.state_allows(obj, action):
            require_state(obj, self.states(action), verb, what, self.state_field)
