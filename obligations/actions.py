"""What 确认备案 and 退回 do — the map the filing's page and the API's endpoints both run."""

from django import forms

from core.actions import ActionForm, Step, Steps

from . import services
from .permissions import ACTIONS


class ReturnForm(ActionForm):
    comment = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "请填写退回原因。"})


STEPS = Steps(ACTIONS, {
    "confirm": Step(lambda user, f, d: services.confirm_filing(user, f.pk, d.get("version"), d.get("comment", "")),
                    "已确认备案。"),
    "return": Step(lambda user, f, d: services.return_filing(user, f.pk, d.get("version"), d.get("comment", "")),
                   "已退回企业。", ReturnForm),
})
