import datetime

from django import forms

from enterprises.models import Enterprise
from core.widgets import Picker, PickerMultiple
from core.forms import DATE, PhotoField
from hazards.forms import ScopedChoicesMixin
from hazards.models import Criterion, Hazard
from org.models import Theme, Expert, Person, Region, Sector, Unit, default_theme
from org.scope import get_scope

from .models import CheckItem, ChecklistTemplate, EnforcementAction, Inspection, InspectionSchedule


def _sectors(user):
    scope = get_scope(user)
    qs = Sector.objects.filter(active=True)
    if scope.sector_ids is not None:
        qs = qs.filter(pk__in=scope.sector_ids)
    return qs.order_by("path")


def _indent(s):
    return ("　" * s.depth) + s.name


def _units(user):
    scope = get_scope(user)
    qs = Unit.objects.for_user(user).filter(active=True)
    if scope.sector_ids is not None:  # unit staff lead only their own unit's inspections
        qs = qs.filter(pk__in=scope.unit_ids)
    return qs.order_by("path")


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label="检查类型", choices=Inspection.Kind.choices)
    title = forms.CharField(label="检查名称", max_length=120)
    sector = forms.ModelChoiceField(label="行业领域", queryset=Sector.objects.none())
    lead_unit = forms.ModelChoiceField(label="牵头单位", queryset=Unit.objects.none(), widget=Picker)
    planned_on = forms.DateField(label="计划检查日期", widget=DATE)
    leader = forms.ModelChoiceField(label="带队负责人", queryset=Person.objects.none(), required=False, widget=Picker)
    members = forms.ModelMultipleChoiceField(label="检查人员", queryset=Person.objects.none(), required=False,
                                             widget=PickerMultiple)
    experts = forms.ModelMultipleChoiceField(label="专家", queryset=Expert.objects.none(), required=False,
                                             widget=PickerMultiple)
    enterprises = forms.ModelMultipleChoiceField(label="受检企业", queryset=Enterprise.objects.none(), required=False,
                                                 widget=PickerMultiple)
    places = forms.CharField(label="其他检查地点（每行一个：路段、桥梁、场站等）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    template = forms.ModelChoiceField(label="检查表模板", queryset=ChecklistTemplate.objects.none(), required=False)
    theme = forms.ModelChoiceField(label="专项整治主题（如有）", queryset=Theme.objects.filter(active=True),
                                   required=False, empty_label="无")
    with_criteria = forms.BooleanField(label="加入本行业重大事故隐患判定标准作为检查项", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = _sectors(user)
        self.fields["sector"].label_from_instance = _indent
        self.fields["lead_unit"].queryset = _units(user)
        people = Person.objects.for_user(user).filter(active=True).select_related("unit")
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = lambda p: f"{p.name}（{p.unit.name}）"
        self.fields["experts"].queryset = Expert.objects.for_user(user).filter(available=True)
        self.fields["experts"].label_from_instance = lambda e: f"{e.name}（{e.field}）"
        self.fields["enterprises"].queryset = Enterprise.objects.for_user(user).exclude(status="cancelled")
        self.fields["template"].queryset = ChecklistTemplate.objects.for_user(user).filter(active=True)
        self.fields["planned_on"].initial = datetime.date.today()
        self.fields["theme"].initial = default_theme(user)  # a 专班 member inspects under its campaign
        if user.unit_id:
            self.fields["lead_unit"].initial = user.unit_id

    def clean_places(self):
        return [p.strip() for p in self.cleaned_data["places"].splitlines() if p.strip()]


class TargetForm(forms.Form):
    enterprise = forms.ModelChoiceField(label="受检企业", queryset=Enterprise.objects.none(), required=False,
                                        widget=Picker)
    place_name = forms.CharField(label="或检查地点", max_length=120, required=False)
    template = forms.ModelChoiceField(label="检查表模板", queryset=ChecklistTemplate.objects.none(), required=False)
    with_criteria = forms.BooleanField(label="加入重大隐患判定标准", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).exclude(status="cancelled")
        self.fields["template"].queryset = ChecklistTemplate.objects.for_user(user).filter(active=True)


class ItemResultForm(forms.Form):
    result = forms.ChoiceField(label="检查结果", choices=CheckItem.Result.choices[1:], widget=forms.RadioSelect)
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(label="现场照片", required=False, widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}))
    # The phone's position when the page asked for it (navigator.geolocation), for photos without GPS.
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)


class AddItemForm(forms.Form):
    text = forms.CharField(label="检查内容", widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label="检查依据", max_length=120, required=False)


class CompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label="实际检查日期", widget=DATE, initial=datetime.date.today)
    result = forms.CharField(label="检查结论", widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleStepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(label="说明", max_length=200, required=False)


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="取消原因", max_length=200)


class ItemHazardForm(ScopedChoicesMixin, forms.Form):
    """The pre-filled hazard form for one 不符合 item; every field stays editable."""

    title = forms.CharField(label="隐患名称", max_length=120)
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label="隐患等级", choices=Hazard.Level.choices)
    criterion = forms.ModelChoiceField(label="判定标准", queryset=Criterion.objects.none(), required=False)
    sector = forms.ModelChoiceField(label="行业领域", queryset=Sector.objects.none())
    address = forms.CharField(label="位置", max_length=200, required=False)
    owner_name = forms.CharField(label="整改责任人", max_length=40, required=False)
    owner_phone = forms.CharField(label="责任人电话", max_length=30, required=False)
    photos = PhotoField(label="隐患照片（不上传则使用检查项的现场照片）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)


class TemplateForm(forms.Form):
    name = forms.CharField(label="检查表名称", max_length=80)
    sector = forms.ModelChoiceField(label="适用行业领域", queryset=Sector.objects.none(), required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)
    criteria = forms.ModelMultipleChoiceField(
        label="从重大事故隐患判定标准选取", queryset=Criterion.objects.filter(active=True), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}))
    lines = forms.CharField(label="其他检查内容（每行一项，可用“|”分隔检查依据和分值，如：应急锤配备齐全 | 规范第12条 | 2）",
                            required=False,
                            widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(active=True).order_by("path")
        self.fields["sector"].label_from_instance = _indent
        self.fields["criteria"].label_from_instance = lambda c: f"{c.code} {c.text[:50]}"


class DrawForm(forms.Form):
    title = forms.CharField(label="抽查事项", max_length=120)
    region = forms.ModelChoiceField(label="抽取区划", queryset=Region.objects.none())
    sector = forms.ModelChoiceField(label="行业领域（不选为全部）", queryset=Sector.objects.none(), required=False)
    key_only = forms.BooleanField(label="仅“两客一危”企业", required=False)
    enterprise_count = forms.IntegerField(label="抽取企业数（家）", min_value=1, max_value=10000)
    inspector_unit = forms.ModelChoiceField(label="执法人员所在单位", queryset=Unit.objects.none(), widget=Picker)
    inspector_count = forms.IntegerField(label="抽取执法人员数（人）", min_value=2, max_value=1000, initial=2)
    seed = forms.CharField(label="随机种子（留空由系统生成）", max_length=40, required=False)
    grading = forms.ChoiceField(label="按红黄绿分级差异化抽取", required=False,
                                choices=[("", "不区分"), ("weighted", "按分级加权（红3 黄2 绿1）"),
                                         ("red_first", "红色企业必抽，其余随机")])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.for_user(user).order_by("path")
        self.fields["region"].label_from_instance = _indent
        self.fields["sector"].queryset = _sectors(user)
        self.fields["sector"].label_from_instance = _indent
        self.fields["inspector_unit"].queryset = Unit.objects.for_user(user).filter(active=True).order_by("path")
        self.fields["inspector_unit"].label_from_instance = _indent


class DrawPlanForm(forms.Form):
    planned_on = forms.DateField(label="计划检查日期", widget=DATE)
    template = forms.ModelChoiceField(label="检查表模板", queryset=ChecklistTemplate.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ChecklistTemplate.objects.for_user(user).filter(active=True)


class ActionForm(forms.ModelForm):
    class Meta:
        model = EnforcementAction
        fields = ["kind", "enterprise", "party_name", "sector", "region", "theme", "case_number", "facts", "legal_basis",
                  "decided_on", "deadline", "fine", "person_fine", "transferred_to", "inspection", "hazard"]
        widgets = {"decided_on": DATE, "deadline": DATE, "facts": forms.Textarea(attrs={"rows": 3}),
                   "inspection": forms.HiddenInput, "hazard": forms.HiddenInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(active=True)
        self.fields["theme"].empty_label = "无"
        if self.instance.pk is None:
            self.fields["theme"].initial = default_theme(user)  # a 专班 member acts under its campaign
        self.fields["enterprise"].queryset = Enterprise.objects.for_user(user)
        self.fields["sector"].queryset = _sectors(user)
        self.fields["sector"].label_from_instance = _indent
        self.fields["sector"].required = False
        self.fields["region"].queryset = Region.objects.for_user(user).order_by("path")
        self.fields["region"].required = False
        self.fields["inspection"].queryset = Inspection.objects.for_user(user)
        self.fields["hazard"].queryset = Hazard.objects.for_user(user)
        self.fields["decided_on"].initial = datetime.date.today()
        self.fields["fine"].required = self.fields["person_fine"].required = False

    def clean(self):
        data = super().clean()
        for key in ("fine", "person_fine"):
            if data.get(key) is None:
                data[key] = 0
        return data

    def _post_clean(self):
        # Validation is the service's job (one set of rules for web and API); skip model.full_clean.
        pass


class CloseActionForm(forms.Form):
    closed_on = forms.DateField(label="结案日期", widget=DATE, initial=datetime.date.today)
    comment = forms.CharField(label="说明", required=False)


class MonthForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.IntegerField(min_value=1, max_value=12)



class ScheduleForm(forms.Form):
    title = forms.CharField(label="检查名称", max_length=120)
    kind = forms.ChoiceField(label="检查类型", choices=Inspection.Kind.choices)
    sector = forms.ModelChoiceField(label="行业领域", queryset=Sector.objects.none())
    key_only = forms.BooleanField(label="仅“两客一危”企业", required=False)
    every = forms.ChoiceField(label="频次", choices=InspectionSchedule.EVERY, initial="quarter")
    red_every = forms.ChoiceField(label="红色企业频次（差异化，留空同上）", choices=[("", "同上")] + InspectionSchedule.EVERY, required=False)
    lead_unit = forms.ModelChoiceField(label="牵头单位", queryset=Unit.objects.none())
    leader = forms.ModelChoiceField(label="带队负责人", queryset=Person.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(label="检查人员", queryset=Person.objects.none(), required=False,
                                             widget=PickerMultiple)
    template = forms.ModelChoiceField(label="检查表", queryset=ChecklistTemplate.objects.none(), required=False)
    with_criteria = forms.BooleanField(label="附重大隐患判定标准", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = _sectors(user)
        self.fields["sector"].label_from_instance = _indent
        self.fields["lead_unit"].queryset = Unit.objects.for_user(user).filter(active=True).order_by("path")
        people = Person.objects.for_user(user).filter(active=True).order_by("name")
        self.fields["leader"].queryset = self.fields["members"].queryset = people
        self.fields["template"].queryset = ChecklistTemplate.objects.for_user(user).order_by("name")
