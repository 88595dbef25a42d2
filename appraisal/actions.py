"""发布 and 更正 — the map the round's page and the API's endpoints both run."""

from django import forms

from core.actions import ActionForm, Step, Steps

from . import services
from .permissions import ACTIONS


class ReviseForm(ActionForm):
    comment = forms.CharField(label="更正原因", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "请写明更正原因。"})


def _revised(rnd):
    return f"已生成第{rnd.number}版（计分中），发布后原结果标记为已更正。"


STEPS = Steps(ACTIONS, {
    "publish": Step(lambda user, r, d: services.publish(user, r.pk, d.get("version")), "考核结果已发布，结果已冻结。"),
    "revise": Step(lambda user, r, d: services.revise(user, r.pk, d.get("comment", ""), d.get("version")), _revised,
                   ReviseForm),
})
