"""考核 forms: a scheme (its items start from the sample plans' defaults), its items, a round, a manual score."""

from django import forms
from django.utils import timezone


from .models import Round, Scheme


class SchemeForm(forms.Form):
    title = forms.CharField(label="考核方案名称", max_length=120)
    target = forms.ChoiceField(label="考核对象", choices=Scheme.Target.choices)
    base = forms.DecimalField(label="基础分", initial=100, min_value=1, max_value=1000, decimal_places=1)
    pass_mark = forms.DecimalField(label="合格分", initial=60, min_value=0, max_value=1000, decimal_places=1)
    basis = forms.CharField(label="考核依据", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(forms.Form):
    title = forms.CharField(label="考核项目", max_length=120, required=False)
    rule = forms.ChoiceField(label="计分规则", choices=())
    each = forms.DecimalField(label="每条扣分", min_value=0, max_value=1000, decimal_places=1, initial=1)
    cap = forms.DecimalField(label="最多扣分", min_value=0, max_value=1000, decimal_places=1, initial=10)
    veto = forms.BooleanField(label="一票否决", required=False)
    basis = forms.CharField(label="评分标准", max_length=200, required=False)

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rules
        for name, field in self.fields.items():  # a row of a table: the column header is the label
            css = "form-select form-select-sm" if name == "rule" else "form-check-input" if name == "veto" else \
                "form-control form-control-sm"
            field.widget.attrs.update({"class": css, "aria-label": field.label})


ItemFormSet = forms.formset_factory(ItemForm, extra=2, max_num=60, validate_max=True)


class RoundForm(forms.Form):
    period = forms.ChoiceField(label="考核周期", choices=Round.Period.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    quarter = forms.TypedChoiceField(label="季度（过程考核）", required=False, coerce=int, empty_value=None,
                                     choices=[("", "—")] + [(q, f"第{'一二三四'[q - 1]}季度") for q in range(1, 5)])


class ManualForm(forms.Form):
    item = forms.TypedChoiceField(label="考核项目", coerce=int, choices=())
    points = forms.DecimalField(label="扣分", min_value=0.1, max_value=1000, decimal_places=1)
    reason = forms.CharField(label="扣分理由", widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="佐证材料（检查记录、照片、文件）", required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, i.title) for i in items]
