"""Who may do what in 考核 (issue 21 §6): the safety office sets the schemes, scores the manual items,
publishes and corrects; leaders and units read the published results (the 通报)."""

from core.permissions import ActionTable
from org.roles import Role

from .models import Round

S = Role.SAFETY_OFFICE
St = Round.State

ACTIONS = ActionTable({
    "set_scheme": ({S}, None),
    "start": ({S}, None),                  # 开始一轮考核
    "manual": ({S}, [St.DRAFT]),           # 人工评分
    "publish": ({S}, [St.DRAFT]),          # 发布（冻结）
    "revise": ({S}, [St.PUBLISHED]),       # 更正：新版本，写明原因
}, state_field="state")
