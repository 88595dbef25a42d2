"""The forms of the 履职 pages: a duty (the safety office) and a work record (any of the bureau)."""

from django import forms
from django.utils import timezone

from core.forms import MultipleFileField
from core.widgets import PickerMultiple
from org.models import Person, Unit, WorkingGroup

from .models import Duty, Every, WorkRecord


class DutyForm(forms.Form):
    title = forms.CharField(label="职责", max_length=120)
    text = forms.CharField(label="职责内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    person = forms.ModelChoiceField(label="责任人", queryset=Person.objects.none(), required=False)
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none(), required=False)
    group = forms.ModelChoiceField(label="领导小组/专班", queryset=WorkingGroup.objects.none(), required=False)
    evidence = forms.ChoiceField(label="以何为证", choices=Duty.Evidence.choices)
    record_kind = forms.ChoiceField(label="履职记录类型", choices=[("", "各类均计")] + WorkRecord.Kind.choices,
                                    required=False)
    every = forms.ChoiceField(label="周期", choices=Every.choices)
    times = forms.IntegerField(label="每周期至少（次）", min_value=1, max_value=100, initial=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user).filter(active=True).order_by("name")
        self.fields["unit"].queryset = Unit.objects.for_user(user).filter(active=True).order_by("path")
        self.fields["group"].queryset = WorkingGroup.objects.for_user(user).filter(active=True).order_by("name")

    def clean(self):
        data = super().clean()
        if sum(bool(data.get(k)) for k in ("person", "unit", "group")) != 1:
            raise forms.ValidationError("请指定一位责任人、一个责任单位或一个领导小组/专班（只选其一）。")
        return data


class WorkRecordForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=WorkRecord.Kind.choices)
    held_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label="事项", max_length=120)
    unit = forms.ModelChoiceField(label="组织单位", queryset=Unit.objects.none())
    group = forms.ModelChoiceField(label="领导小组/专班", queryset=WorkingGroup.objects.none(), required=False)
    host = forms.ModelChoiceField(label="主持/带队", queryset=Person.objects.none(), required=False)
    attendees = forms.ModelMultipleChoiceField(label="参加人员", queryset=Person.objects.none(), required=False,
                                               widget=PickerMultiple)
    minutes = forms.CharField(label="内容纪要", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    decisions = forms.CharField(label="议定事项", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="纪要、照片、签到表等", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.for_user(user).filter(active=True).order_by("path")
        if user.role == "unit_staff" and user.unit_id:
            units = units.filter(path__startswith=user.unit.path)
        if user.unit_id:
            self.fields["unit"].initial = user.unit_id  # the recorder's own unit, the usual organiser
        self.fields["unit"].queryset = units
        self.fields["group"].queryset = WorkingGroup.objects.for_user(user).filter(active=True).order_by("name")
        people = Person.objects.for_user(user).filter(active=True).order_by("name")
        self.fields["host"].queryset = self.fields["attendees"].queryset = people

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return held_on


class DecisionTaskForm(forms.Form):
    """议定事项 → 台账任务."""

    plan = forms.ModelChoiceField(label="列入方案", queryset=None)
    title = forms.CharField(label="任务", max_length=200)
    lead_unit = forms.ModelChoiceField(label="牵头单位", queryset=Unit.objects.none())
    deadline = forms.DateField(label="完成时限", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user, **kwargs):
        from plans.models import Plan

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans = Plan.objects.for_user(user).order_by("-created_at")
        self.fields["plan"].initial = plans.values_list("pk", flat=True).first()  # this year's plan, usually
        self.fields["lead_unit"].queryset = Unit.objects.for_user(user).filter(active=True).order_by("path")
