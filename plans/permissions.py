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
    "self_assess": ({U, S}, None),   # 自查自评 (the lead unit, at the campaign's evaluation)
    "onsite_assess": ({S}, None),    # 现场评估 (the 专班, through the safety office)
}, any_level=True)

SLOT_ACTIONS = ActionTable({
    "submit": ({U, S}, None),  # 登记已报送
    "revoke": ({S}, None),     # 撤销登记 (a mistaken submission)
}, any_level=True)


# --- who sends and who receives a slot (issue 19, the chain county → city) --------------------
#
# A duty belongs to the plan of the level that issued it: the county's plan sends its units'
# reports to the county's safety office; the city's plan sends each county bureau's report to
# the city's. The safety office of the plan's region receives (checks, 接收/退回); the slot's
# unit — or, for a bureau, the safety office of the bureau's region — sends.


def receives(user, slot):
    """True when the user is the office the slot reports to: the safety office of the region whose
    plan set the duty."""
    from org.scope import home_region

    region = home_region(user)
    return user.role == S and region is not None and region.pk == slot.duty.plan.region_id


def upward(slot):
    """True for a report to the level above (a county bureau's slot in the city's plan)."""
    return slot.unit.region_id != slot.duty.plan.region_id


def sends(user, slot):
    """True when the user may hand the slot in: its unit's staff, or the safety office of the unit's
    region (which prepares its bureau's reports and may register its units'). The office above
    never hands in a county's report for it."""
    from org.scope import get_scope, home_region

    if user.role == U:
        return slot.unit_id in get_scope(user).unit_ids
    region = home_region(user)
    if user.role != S or region is None:
        return False
    if region.pk == slot.unit.region_id:
        return True
    return not upward(slot) and slot.unit.region.path.startswith(region.path)


def assessing_unit(user, task):
    """The lead unit this user fills the 自查自评 for: unit staff their own (if it leads the task); the
    safety office its own unit when it leads, else the task's first lead unit."""
    from org.scope import get_scope

    leads = list(task.lead_units.all())
    if user.role == U:
        ids = get_scope(user).unit_ids
        return next((u for u in leads if u.pk in ids), None)
    if user.role == S:
        return next((u for u in leads if u.pk == user.unit_id), leads[0] if leads else None)
    return None


def available_task_actions(user, task):
    return TASK_ACTIONS.available(user, task, refine=lambda a: a != "self_assess" or
                                  assessing_unit(user, task) is not None)
