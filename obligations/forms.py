"""The enterprise's forms: a 带队检查 (its checklist as a formset: one row per point, 符合/不符合/不适用,
a description and a photo for a finding) and a paper to file; the unit's 备案 opinion."""

from django import forms
from django.utils import timezone

from core.forms import MultipleFileField

from .models import Filing, SelfCheckItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SelfCheckForm(forms.Form):
    checked_on = forms.DateField(label="检查日期", widget=DATE, initial=timezone.localdate)
    leader = forms.CharField(label="带队负责人（主要负责人）", max_length=40)
    members = forms.CharField(label="参加人员", max_length=200, required=False)
    summary = forms.CharField(label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(forms.Form):
    text = forms.CharField(label="检查内容", max_length=200, required=False)
    result = forms.ChoiceField(label="结果", choices=SelfCheckItem.Result.choices, widget=forms.RadioSelect,
                               required=False)
    note = forms.CharField(label="发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(label="现场照片", required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))

    def clean(self):
        data = super().clean()
        if (data.get("text") or "").strip() and not data.get("result"):
            self.add_error("result", "请选择检查结果。")
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=2, max_num=40, validate_max=True)


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=Filing.Kind.choices)
    title = forms.CharField(label="名称", max_length=120)
    dated = forms.DateField(label="日期（安全承诺为所属月份内任一日）", widget=DATE, initial=timezone.localdate)
    hours = forms.DecimalField(label="学时（培训填写）", required=False, min_value=0.5, max_value=999, decimal_places=1)
    people = forms.IntegerField(label="参训人数（培训填写）", required=False, min_value=1, max_value=100000)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="材料文件（PDF、Word、扫描件或照片）")
