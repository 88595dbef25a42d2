"""The forms a task's page and the reporting calendar post."""

from django import forms

from core.widgets import PickerMultiple
from core.actions import version_field
from core.forms import MultipleFileField
from org.models import Unit


class ProgressForm(forms.Form):
    period = forms.CharField(label="期间", max_length=7)
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}))
    delay_reason = forms.CharField(label="滞后原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="佐证材料", required=False)


class TaskEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label="任务名称", max_length=200)
    measures = forms.CharField(label="具体措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="完成时限", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    deadline_text = forms.CharField(label="时限（原文）", max_length=60, required=False)
    lead_units = forms.ModelMultipleChoiceField(label="牵头单位", queryset=Unit.objects.none(), required=False,
                                                widget=PickerMultiple)
    units = forms.ModelMultipleChoiceField(label="落实/配合单位", queryset=Unit.objects.none(), required=False,
                                           widget=PickerMultiple)
    comment = forms.CharField(label="修改说明", required=False, max_length=200)

    def __init__(self, *args, user, task=None, **kwargs):
        if task is not None:
            kwargs.setdefault("initial", {
                "version": task.version, "title": task.title, "measures": task.measures, "deadline": task.deadline,
                "deadline_text": task.deadline_text, "lead_units": list(task.lead_units.all()),
                "units": list(task.units.all()),
            })
        super().__init__(*args, **kwargs)
        units = Unit.objects.for_user(user).filter(active=True).order_by("name")
        self.fields["lead_units"].queryset = self.fields["units"].queryset = units


class SlotSubmitForm(forms.Form):
    version = version_field()
    files = MultipleFileField(label="报送材料", required=False)
    note = forms.CharField(label="说明", required=False, max_length=200)
    reason = forms.CharField(label="更正原因（再次报送时填写）", required=False, max_length=200)


class SlotRevokeForm(forms.Form):
    version = version_field()
    reason = forms.CharField(label="撤销原因", required=False, max_length=200)


class SelfAssessForm(forms.Form):
    completion = forms.ChoiceField(label="完成情况", choices=[("done", "已完成"), ("mostly", "基本完成"),
                                                            ("not_done", "未完成")])
    score = forms.IntegerField(label="自评得分（百分制）", min_value=0, max_value=100)
    text = forms.CharField(label="自评说明", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="佐证材料", required=False)


class OnsiteAssessForm(forms.Form):
    verified = forms.TypedChoiceField(label="自评是否属实", choices=[("1", "属实"), ("0", "不属实")],
                                      coerce=lambda v: v == "1")
    completion = forms.ChoiceField(label="核定完成情况", choices=[("done", "已完成"), ("mostly", "基本完成"),
                                                              ("not_done", "未完成")])
    score = forms.IntegerField(label="评估得分（百分制）", min_value=0, max_value=100)
    text = forms.CharField(label="评估意见", widget=forms.Textarea(attrs={"rows": 3}))
