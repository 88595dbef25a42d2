"""Workflow permission tables (the shape of `hazards/permissions.py`, for every app with states).

An app declares `ACTIONS = ActionTable({action: (roles, states it may start from)})`; its
services call `ACTIONS.check(user, obj, action, verb)` before they move anything, and its
pages and API ask `ACTIONS.available(user, obj)` which buttons to offer — so a page can never
offer what the service would refuse. States `None` means any of the table's open states.
"""

from django.core.exceptions import PermissionDenied

from .workflow import require_state


class ActionTable:
    def __init__(self, actions, open_states=(), state_field="state"):
        self.actions = dict(actions)
        self.open_states = list(open_states)
        self.state_field = state_field

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
        return bool(getattr(user, "is_authenticated", False)) and user.role in self.roles(action)

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

    def check(self, user, obj, action, verb, what=None):
        """Refuse a role outside the action (403) or a state it may not start from (400)."""
        if not self.role_allows(user, action):
            raise PermissionDenied(f"您的角色不能{verb}。")
        if not self.state_allows(obj, action):
            require_state(obj, self.states(action), verb, what, self.state_field)
