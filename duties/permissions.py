"""Who may set duties and record acts of duty (SPEC §2; issue 21). Duties and work records have no
states: the tables list roles, and the pages offer exactly what the services allow."""

from core.permissions import ActionTable
from org.roles import Role

L, S, U = Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF

ACTIONS = ActionTable({
    # The safety office sets the duties of the bureau's leaders, units and groups.
    "set_duty": ({S}, None),
    # Anyone of the bureau records a meeting or another act of duty of their unit; the safety office
    # and the leaders record for any unit of the county.
    "record": ({L, S, U}, None),
    # The safety office puts a meeting's decisions on the ledger (it keeps the ledger).
    "decision_task": ({S}, None),
})
