"""What each action on a submitted table does (who: `permissions.SUBMISSION_ACTIONS`): the
service call, the form the page posts and the message it shows. The page and the API run
`SUBMISSION_STEPS`."""

from django import forms

from core.actions import ActionForm, Step, Steps

from . import services
from .permissions import SUBMISSION_ACTIONS


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "退回须说明原因（需要更正的内容）。"})


SUBMISSION_STEPS = Steps(SUBMISSION_ACTIONS, {
    "accept": Step(lambda user, s, d: services.accept_submission(user, s.pk, d.get("comment", "")),
                   "已接收。", ActionForm),
    "return": Step(lambda user, s, d: services.return_submission(user, s.pk, d.get("reason", "")),
                   "已退回，报送单位将收到退回原因。", ReturnForm),
})
