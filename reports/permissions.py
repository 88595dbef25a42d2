"""Who may do what in reports (issue 19), as tables.

- FORM_ACTIONS: the safety office copies a form, edits its copy and picks the form each
  reporting duty takes. Everyone inside the bureau reads them.
- SUBMISSION_ACTIONS: the office a table is sent to (the safety office of the region whose plan
  set the duty: the county's for its units, the city's for its counties) checks the latest
  version — 接收, or 退回 with a reason; the sender then corrects it with a new version.
"""

from core.permissions import ActionTable
from org.roles import Role
from plans.permissions import receives

S = Role.SAFETY_OFFICE

FORM_ACTIONS = ActionTable({
    "copy": ({S}, None),    # 复制为新格式
    "edit": ({S}, None),    # 修改（只限复制出的格式；随附的两个格式保持原样）
    "assign": ({S}, None),  # 指定报送事项使用的格式
}, any_level=True)

PENDING = "pending"
SUBMISSION_ACTIONS = ActionTable({
    "accept": ({S}, [PENDING]),  # 接收
    "return": ({S}, [PENDING]),  # 退回（说明原因，报送单位更正后重新报送）
}, open_states=[PENDING], state_field="review", duties={"accept", "return"}, any_level=True)
DUTY_LABELS = {"accept": "接收", "return": "退回"}


def is_latest(submission):
    from .models import Submission

    return not Submission.objects.filter(slot_id=submission.slot_id, version__gt=submission.version).exists()


def available_actions(user, submission):
    """What the page offers: the receiving office, on the latest version, while it waits."""
    return SUBMISSION_ACTIONS.available(
        user, submission, refine=lambda action: receives(user, submission.slot) and is_latest(submission))
