from django import forms
from django.forms import modelformset_factory

from core.forms import NamedControlsMixin
from org.models import Unit

from .models import ReminderRule, Webhook


class RuleForm(NamedControlsMixin, forms.ModelForm):
    class Meta:
        model = ReminderRule
        fields = ["source", "offset_days", "audience", "active"]

    def clean_offset_days(self):
        days = self.cleaned_data["offset_days"]
        if not -365 <= days <= 365:
            raise forms.ValidationError("相对期限应在 -365 到 365 天之间。")
        return days


class BaseRuleFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "删除此规则"

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form in self.deleted_forms:
                continue
            key = (form.cleaned_data.get("source"), form.cleaned_data.get("offset_days"),
                   form.cleaned_data.get("audience"))
            if key in seen:
                raise forms.ValidationError("同一事项、同一天数、同一对象的规则只能有一条。")
            seen.add(key)


RuleFormSet = modelformset_factory(ReminderRule, form=RuleForm, formset=BaseRuleFormSet, extra=1, can_delete=True)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label="Webhook 地址", max_length=400, assume_scheme="https")

    class Meta:
        model = Webhook
        fields = ["unit", "kind", "url", "secret", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).filter(active=True)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError("请填写以 https:// 开头的机器人 Webhook 地址。")
        from .channels import host_refusal

        refusal = host_refusal(url)
        if refusal:
            raise forms.ValidationError(refusal + "。")
        return url

    def clean(self):
        data = super().clean()
        if data.get("kind") == Webhook.Kind.WECOM and data.get("secret"):
            self.add_error("secret", "企业微信群机器人没有加签密钥，请留空。")
        return data
