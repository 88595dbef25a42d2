import datetime

from django import forms

from core import actions

from core.widgets import Picker
from core.forms import DATE, PhotoField
from enterprises.models import Enterprise
from org.models import Person, Region, Sector, Theme, Unit, default_theme
from org.roles import Role
from org.scope import get_scope

from .models import Criterion, Hazard, Supervision

class ScopedChoicesMixin:
    def scope_choices(self, user):
        scope = get_scope(user)
        if "region" in self.fields:
            self.fields["region"].queryset = Region.objects.for_user(user)
        if "enterprise" in self.fields:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).exclude(status="cancelled")
        if "sector" in self.fields:
            sectors = Sector.objects.filter(active=True)
            if scope.sector_ids is not None:
                sectors = sectors.filter(pk__in=scope.sector_ids)
            self.fields["sector"].queryset = sectors.order_by("path")
            self.fields["sector"].label_from_instance = lambda s: ("　" * s.depth) + s.name
            self.fields["sector"].widget = PathSelect(paths=dict(sectors.values_list("pk", "path")),
                                                           choices=self.fields["sector"].choices)
        if "theme" in self.fields:
            self.fields["theme"].queryset = Theme.objects.filter(active=True)
            self.fields["theme"].empty_label = "无"
        if "criterion" in self.fields:
            criteria = Criterion.objects.filter(active=True).select_related("sector")
            field = self.fields["criterion"]
            field.queryset = criteria
            field.label_from_instance = lambda c: f"{c.code} {c.text[:40]}"
            # Each option knows its sector's path; static/js/zhiben.js offers those on the hazard's branch
            # first and the rest behind "其他行业" (the service refuses them unless the safety office confirms).
            field.widget = PathSelect(paths={c.pk: c.sector.path if c.sector_id else "" for c in criteria},
                                           choices=field.choices, attrs={"data-criteria": ""})
            if user.role == Role.SAFETY_OFFICE:
                self.fields["criterion_confirmed"] = forms.BooleanField(
                    label="判定标准属其他行业，经安委办确认适用", required=False)
        if "supervising_unit" in self.fields:
            self.fields["supervising_unit"].queryset = Unit.objects.for_user(user).filter(active=True)
        if "supervisor" in self.fields:
            self.fields["supervisor"].queryset = Person.objects.for_user(user).filter(active=True)


class ReportForm(ScopedChoicesMixin, forms.ModelForm):
    photos = PhotoField(label="隐患照片（可多张，手机可直接拍照）", required=False)
    comment = forms.CharField(label="补充说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Hazard
        fields = ["title", "description", "level", "sector", "criterion", "enterprise", "place_kind", "place_name",
                  "region", "address", "latitude", "longitude", "source", "theme", "discovered_on", "discovered_by",
                  "owner_name", "owner_phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "discovered_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)
        self.fields["discovered_on"].initial = datetime.date.today()
        self.fields["region"].required = False
        self.fields["source"].required = False
        if "theme" in self.fields:
            self.fields["theme"].initial = default_theme(user)  # a 专班 member files under its campaign
        if user.role == Role.ENTERPRISE:
            for name in ("enterprise", "place_kind", "place_name", "region", "source", "theme"):
                del self.fields[name]
            own = Sector.objects.filter(enterprises__id=user.enterprise_id).order_by("path")
            self.fields["sector"].queryset = own
            self.fields["sector"].label_from_instance = lambda s: s.name
            if own.count() == 1:
                self.fields["sector"].initial = own.first().pk


class EditForm(ScopedChoicesMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label="修改说明", required=False)

    class Meta:
        model = Hazard
        fields = ["title", "description", "sector", "theme", "criterion", "place_kind", "place_name", "address",
                  "latitude", "longitude", "discovered_on", "discovered_by", "owner_name", "owner_phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "discovered_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version


ActionForm = actions.ActionForm  # base of the small forms posted from the detail page


class PathSelect(forms.Select):
    """A select whose options carry data-sector: the 行业领域 tree path of the option (a sector's own, a
    判定标准's sector's; "" = any sector) — for static/js/zhiben.js to match criteria to the hazard's sector."""

    def __init__(self, *args, paths=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths = paths or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        if key not in ("", None):
            option["attrs"]["data-sector"] = self.paths.get(int(key), "")
        return option


class VerifyForm(ScopedChoicesMixin, ActionForm):
    level = forms.ChoiceField(label="隐患等级", choices=Hazard.Level.choices)
    deadline = forms.DateField(label="整改期限", widget=DATE)
    criterion = forms.ModelChoiceField(label="判定标准（重大必选）", queryset=Criterion.objects.none(), required=False)
    supervising_unit = forms.ModelChoiceField(label="监管单位", queryset=Unit.objects.none(), required=False,
                                              widget=Picker)
    supervisor = forms.ModelChoiceField(label="督办人", queryset=Person.objects.none(), required=False, widget=Picker)

    def __init__(self, *args, user, hazard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)
        if hazard is not None and hazard.sector_id:
            self.fields["criterion"].widget.attrs["data-hazard-sector"] = hazard.sector.path


class PlanForm(ActionForm):
    plan_goal = forms.CharField(label="目标和任务", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    plan_measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    plan_funds = forms.DecimalField(label="整改资金（万元）", max_digits=12, decimal_places=2, min_value=0, required=False)
    plan_materials = forms.CharField(label="物资", required=False)
    plan_organization = forms.CharField(label="负责机构和人员", required=False)
    plan_deadline = forms.DateField(label="整改时限", widget=DATE, required=False)
    plan_safety = forms.CharField(label="安全措施和应急预案", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    shutdown = forms.ChoiceField(label="停产要求", choices=Hazard.Shutdown.choices, initial=Hazard.Shutdown.NONE)


class ExtensionRequestForm(ActionForm):
    new_deadline = forms.DateField(label="申请延期至", widget=DATE)


class DecideExtensionForm(ActionForm):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "不批准")], coerce=lambda v: v == "1")


class SubmitForm(ActionForm):
    photos = PhotoField(label="整改后照片", required=False)


class SupervisionForm(ActionForm):
    level = forms.ChoiceField(label="督办层级", choices=Supervision.Level.choices, initial="county")
    doc_number = forms.CharField(label="督办文号", max_length=60)
    issuing_unit = forms.CharField(label="督办单位", max_length=80)
    signatory = forms.CharField(label="签发人", max_length=40)
    planned_date = forms.DateField(label="计划完成日期", widget=DATE)
    requirements = forms.CharField(label="督办要求", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentsForm(ActionForm):
    files = PhotoField(label="附件（PDF 或图片）", required=False, camera=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png,image/webp"


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "standard", "sector", "scope_note", "text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
