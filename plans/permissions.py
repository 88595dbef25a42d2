"""Who may do what in the task ledger and the reporting calendar (SPEC §6): one table each for
tasks and reporting slots. The services enforce them; pages offer exactly what they allow."""

from core.permissions import ActionTable
from org.roles import Role

L, S, U = Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF

# The safety office owns the plans: it imports them and corrects their tasks.
IMPORTERS = {S}

# Tasks have no states of their own (done/overdue is computed): the table lists roles.
TASK_ACTIONS = ActionTable({
    "progress": ({U, S}, None),  # 报送进展 (a unit on its own tasks; the office for any)
    "edit": ({S}, None),         # 修改任务
    "instruct": ({L}, None),     # 领导批示
    "urge": ({L, S}, None),      # 督办
})

SLOT_ACTIONS = ActionTable({
    "submit": ({U, S}, None),  # 登记已报送
    "revoke": ({S}, None),     # 撤销登记 (a mistaken submission)
})
