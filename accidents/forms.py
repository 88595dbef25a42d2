from django import forms

from enterprises.models import Enterprise
from org.models import Region, Sector
from org.roles import Role
from org.scope import get_scope

from .models import Accident

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AccidentForm(forms.ModelForm):
    class Meta:
        model = Accident
        fields = ["title", "occurred_at", "place", "sector", "enterprise", "region", "summary", "deaths", "missing",
                  "serious_injuries", "minor_injuries", "direct_loss", "reported_at"]
        widgets = {"occurred_at": DT, "reported_at": DT, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = get_scope(user)
        sectors = Sector.objects.filter(active=True).order_by("path")
        if scope.sector_ids is not None:
            sectors = sectors.filter(pk__in=scope.sector_ids)
        self.fields["sector"].queryset = sectors
        self.fields["enterprise"].queryset = Enterprise.objects.for_user(user)
        self.fields["region"].queryset = Region.objects.for_user(user)
        self.fields["region"].required = False
        if user.role == Role.ENTERPRISE:
            del self.fields["enterprise"], self.fields["region"]

    def validate_unique(self):
        pass


class FiguresForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    deaths = forms.IntegerField(label="死亡", min_value=0)
    missing = forms.IntegerField(label="失踪", min_value=0)
    serious_injuries = forms.IntegerField(label="重伤", min_value=0)
    minor_injuries = forms.IntegerField(label="轻伤", min_value=0)
    direct_loss = forms.DecimalField(label="直接经济损失（万元）", min_value=0, max_digits=12, decimal_places=2)
    comment = forms.CharField(label="说明", required=False)


class AnalysisForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    cause = forms.CharField(label="事故原因", widget=forms.Textarea(attrs={"rows": 2}))
    lessons = forms.CharField(label="教训", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label="防范和整改措施", widget=forms.Textarea(attrs={"rows": 2}))
    responsibility = forms.CharField(label="责任认定及处理", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportedForm(forms.Form):
    reported_at = forms.DateTimeField(label="报告时间", widget=DT)
