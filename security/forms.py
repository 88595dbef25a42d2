from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from .models import SecurityPolicy
from .services import POLICY_FIELDS


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = POLICY_FIELDS


class OwnPasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            raise forms.ValidationError("新密码不能与原密码相同。")
        return new
