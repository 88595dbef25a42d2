from django import forms

from core.widgets import Picker
from core.forms import DATE, PhotoField
from hazards.models import Criterion, Hazard
from org.models import Region, Sector, Unit



class PublicTipOffForm(forms.Form):
    """The public form. Field checks that need the rules (markup, lengths, phone) live in
    the service so the API and the web refuse the same things with the same words."""

    region = forms.ModelChoiceField(label="所在县（市、区、旗）", queryset=Region.objects.none(),
                                    error_messages={"required": "请选择所在县（市、区、旗）。",
                                                    "invalid_choice": "请选择所在县（市、区、旗）。"})
    sector = forms.ModelChoiceField(label="行业领域", queryset=Sector.objects.none(),
                                    error_messages={"required": "请选择行业领域。", "invalid_choice": "请选择行业领域。"})
    subject = forms.CharField(label="被举报单位或地点", max_length=500,
                              error_messages={"required": "请填写被举报单位或地点。"},
                              help_text="如：某某运输公司、某某路段 K12+300 处、某某渡口")
    description = forms.CharField(label="举报内容", widget=forms.Textarea(attrs={"rows": 5}),
                                  error_messages={"required": "请填写举报内容。"},
                                  help_text="写明时间、地点和看到的问题，10 至 2000 字。")
    occurred_on = forms.DateField(label="发现日期", required=False, widget=DATE,
                                  error_messages={"invalid": "发现日期格式应为 年-月-日。"})
    photos = PhotoField(label="现场照片（可选，最多 5 张，每张不超过 8 MB）", required=False)
    anonymous = forms.BooleanField(label="匿名举报（不留姓名和电话）", required=False, initial=True)
    reporter_name = forms.CharField(label="姓名", max_length=200, required=False)
    reporter_phone = forms.CharField(label="联系电话", max_length=200, required=False,
                                     help_text="仅承办单位可见，用于核实情况和发放奖励。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level=Region.Level.COUNTY).order_by("path")
        self.fields["sector"].queryset = Sector.objects.filter(active=True, depth__lte=1).order_by("path")
        self.fields["sector"].label_from_instance = lambda s: ("　" * s.depth) + s.name


class LookupForm(forms.Form):
    code = forms.CharField(label="回执码", max_length=40)


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    handling_unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), required=False, widget=Picker)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = Unit.objects.for_user(user).filter(active=True)


class ReplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reply = forms.CharField(label="答复举报人", widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    enterprise = forms.ModelChoiceField(label="对应企业（如有）", queryset=None, required=False, widget=Picker)

    def __init__(self, *args, user, **kwargs):
        from enterprises.models import Enterprise

        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.for_user(user)


class ConcludeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    conclusion = forms.ChoiceField(label="核查结论", choices=[("substantiated", "查实（生成隐患）"),
                                                         ("unfounded", "不属实")], widget=forms.RadioSelect)
    findings = forms.CharField(label="核查情况（内部）", widget=forms.Textarea(attrs={"rows": 3}))
    reply = forms.CharField(label="答复举报人（举报人可见）", widget=forms.Textarea(attrs={"rows": 2}))
    title = forms.CharField(label="隐患名称（查实时）", max_length=120, required=False)
    level = forms.ChoiceField(label="隐患等级", choices=Hazard.Level.choices, required=False)
    criterion = forms.ModelChoiceField(label="判定标准（重大隐患必选）", queryset=Criterion.objects.filter(active=True),
                                       required=False)
    photos = PhotoField(label="核查照片（不上传则使用举报照片）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].label_from_instance = lambda c: f"{c.code} {c.text[:40]}"


class RewardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reward_amount = forms.DecimalField(label="奖励金额（元）", max_digits=10, decimal_places=2, min_value=0)
    reward_paid_on = forms.DateField(label="发放日期", required=False, widget=DATE)

