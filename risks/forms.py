from django import forms

from enterprises.models import Enterprise
from core.widgets import Picker
from core.forms import DATE
from org.models import Sector
from org.roles import Role
from org.scope import get_scope

from . import grading
from .models import RiskPoint


def _choices(values):
    return [("", "—")] + [(str(v), str(v)) for v in values]


class ValuesForm(forms.Form):
    """The factors of either method; the service checks them against the tables."""

    method = forms.ChoiceField(label="评估方法", choices=RiskPoint.Method.choices)
    lec_l = forms.ChoiceField(label="L 事故发生的可能性", choices=_choices(grading.L_VALUES), required=False)
    lec_e = forms.ChoiceField(label="E 暴露于危险环境的频繁程度", choices=_choices(grading.E_VALUES), required=False)
    lec_c = forms.ChoiceField(label="C 可能造成的后果", choices=_choices(grading.C_VALUES), required=False)
    matrix_l = forms.ChoiceField(label="L 可能性（1–5）", choices=_choices(grading.MATRIX_VALUES), required=False)
    matrix_s = forms.ChoiceField(label="S 严重程度（1–5）", choices=_choices(grading.MATRIX_VALUES), required=False)

    def values(self):
        """{l, e, c} or {l, s} for the chosen method, as the service expects."""
        d = self.cleaned_data
        if d["method"] == grading.LEC:
            return {"l": d["lec_l"], "e": d["lec_e"], "c": d["lec_c"]}
        return {"l": d["matrix_l"], "s": d["matrix_s"]}

    @staticmethod
    def initial_for(point):
        if point.method == grading.LEC:
            return {"method": point.method, "lec_l": str(point.l_value.normalize()),
                    "lec_e": str(point.e_value.normalize()), "lec_c": str(point.c_value.normalize())}
        return {"method": point.method, "matrix_l": str(int(point.l_value)), "matrix_s": str(int(point.s_value))}


class PointForm(ValuesForm):
    enterprise = forms.ModelChoiceField(label="生产经营单位", queryset=Enterprise.objects.none(), widget=Picker)
    sector = forms.ModelChoiceField(label="行业领域（不选则按企业）", queryset=Sector.objects.none(), required=False)
    work_unit = forms.CharField(label="作业单元", max_length=80)
    event = forms.CharField(label="风险事件", max_length=120)
    factors = forms.CharField(label="致险因素", widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label="管控措施", widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label="责任人", max_length=40)

    field_order = ["enterprise", "sector", "work_unit", "event", "factors", "method", "lec_l", "lec_e", "lec_c",
                   "matrix_l", "matrix_s", "measures", "responsible"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.ENTERPRISE:
            del self.fields["enterprise"]
            del self.fields["sector"]
            return
        self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).exclude(status="cancelled")
        scope = get_scope(user)
        sectors = Sector.objects.filter(active=True).order_by("path")
        if scope.sector_ids is not None:
            sectors = sectors.filter(pk__in=scope.sector_ids)
        self.fields["sector"].queryset = sectors


class ReassessForm(ValuesForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="评估说明", required=False)

    def clean(self):
        """The factors under the names the API uses too ({l, e, c} or {l, s})."""
        data = super().clean()
        if data.get("method"):
            data.update(self.values())
        return data


class EditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    work_unit = forms.CharField(label="作业单元", max_length=80)
    event = forms.CharField(label="风险事件", max_length=120)
    factors = forms.CharField(label="致险因素", widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label="管控措施", widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label="责任人", max_length=40)
    next_review = forms.DateField(label="下次评估日期", widget=DATE, required=False)


class BandsForm(forms.Form):
    major = forms.DecimalField(label="重大风险下限", max_digits=8, decimal_places=2)
    larger = forms.DecimalField(label="较大风险下限", max_digits=8, decimal_places=2)
    general = forms.DecimalField(label="一般风险下限", max_digits=8, decimal_places=2)
    inclusive = forms.BooleanField(label="下限值计入该级（≥）；不勾选为“大于”", required=False)


