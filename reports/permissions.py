"""Who may change the report forms (issue 19): the safety office copies a form, edits its copy
and picks the form each reporting duty takes. Everyone inside the bureau reads them."""

from core.permissions import ActionTable
from org.roles import Role

S = Role.SAFETY_OFFICE

FORM_ACTIONS = ActionTable({
    "copy": ({S}, None),    # 复制为新格式
    "edit": ({S}, None),    # 修改（只限复制出的格式；随附的两个格式保持原样）
    "assign": ({S}, None),  # 指定报送事项使用的格式
})
