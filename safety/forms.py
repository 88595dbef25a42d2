import datetime

from django import forms

from enterprises.models import Contact, Enterprise
from core.widgets import Picker, PickerMultiple
from core.forms import DATE, MultipleFileField
from org.models import Person, Sector, Unit
from org.roles import Role

from .models import CoverageTarget, Drill, Training


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label="培训类型", choices=Training.Kind.choices)
    title = forms.CharField(label="培训名称", max_length=120)
    organizer = forms.ModelChoiceField(label="组织单位", queryset=Unit.objects.none(), required=False, widget=Picker)
    start_on = forms.DateField(label="开始日期", widget=DATE)
    end_on = forms.DateField(label="结束日期", widget=DATE)
    hours = forms.DecimalField(label="学时", max_digits=6, decimal_places=1, min_value=0)
    place = forms.CharField(label="地点", max_length=120, required=False)
    contacts = forms.ModelMultipleChoiceField(label="企业主要负责人/安全管理人员", queryset=Contact.objects.none(),
                                              required=False, widget=PickerMultiple)
    people = forms.ModelMultipleChoiceField(label="本系统人员（执法、监管人员）", queryset=Person.objects.none(),
                                            required=False, widget=PickerMultiple)
    note = forms.CharField(label="内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="附件（签到表、试卷、照片，PDF 或图片）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = Unit.objects.for_user(user).filter(active=True)
        self.fields["contacts"].queryset = Contact.objects.filter(
            enterprise__in=Enterprise.objects.for_user(user)).select_related("enterprise").order_by("enterprise_id")
        self.fields["contacts"].label_from_instance = lambda c: f"{c.enterprise.name} · {c.get_role_display()} {c.name}"
        self.fields["people"].queryset = Person.objects.for_user(user).filter(active=True).select_related("unit")
        self.fields["people"].label_from_instance = lambda p: f"{p.unit.name} · {p.name}"
        self.fields["start_on"].initial = self.fields["end_on"].initial = datetime.date.today()
        if user.unit_id:
            self.fields["organizer"].initial = user.unit_id


class DrillForm(forms.ModelForm):
    class Meta:
        model = Drill
        fields = ["enterprise", "organiser", "sector", "plan_item", "kind", "held_on", "scenario", "participants",
                  "evaluation"]
        widgets = {"held_on": DATE, "evaluation": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"organiser": "本局组织的演练（不涉及企业）：选择组织单位，不选企业",
                      "plan_item": "本局组织的演练：属于年度应急演练计划中的哪一项"}

    def __init__(self, *args, user, **kwargs):
        from .models import DrillPlanItem

        super().__init__(*args, **kwargs)
        if user.role == Role.ENTERPRISE:
            for name in ("enterprise", "organiser", "sector", "plan_item"):
                del self.fields[name]
        else:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).filter(status="operating")
            self.fields["enterprise"].required = False
            self.fields["organiser"].queryset = Unit.objects.for_user(user).filter(active=True).order_by("path")
            self.fields["sector"].queryset = Sector.objects.filter(active=True)
            self.fields["sector"].required = False
            self.fields["plan_item"].queryset = DrillPlanItem.objects.for_user(user).filter(
                year=datetime.date.today().year)
        self.fields["held_on"].initial = datetime.date.today()

    def _post_clean(self):
        pass  # the service validates (one set of rules for web and API)


class TargetForm(forms.Form):
    name = forms.CharField(label="目标名称", max_length=80)
    population = forms.ChoiceField(label="统计对象", choices=CoverageTarget.Population.choices)
    sector = forms.ModelChoiceField(label="行业领域（含下级，不选为全部）", queryset=Sector.objects.filter(active=True),
                                    required=False)
    two_plus_one_only = forms.BooleanField(label="仅“两客一危”企业", required=False)
    rule = forms.ChoiceField(label="达标条件", choices=CoverageTarget.Rule.choices)
    counted_from = forms.DateField(label="计算起始日期", widget=DATE)
    target_percent = forms.DecimalField(label="目标（%）", max_digits=5, decimal_places=1)
    deadline = forms.DateField(label="完成时限", widget=DATE)
    unit = forms.ModelChoiceField(label="责任单位（逾期未达标时列入其待办）", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["unit"].queryset = Unit.objects.for_user(user).filter(active=True)


class DrillPlanForm(forms.Form):
    month = forms.TypedChoiceField(label="计划月份", coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)])
    scenario = forms.CharField(label="演练科目", max_length=120)
    kind = forms.ChoiceField(label="演练类型", choices=Drill.Kind.choices)
    organiser = forms.ModelChoiceField(label="组织单位", queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Unit.objects.for_user(user).filter(active=True).order_by("path")
