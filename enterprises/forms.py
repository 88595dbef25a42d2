from django import forms
from django.forms import inlineformset_factory

from core.validators import normalize_credit_code
from org.models import Region, Sector
from org.scope import get_scope

from . import permissions
from .models import Contact, Enterprise, Licence, Ship, Vehicle

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enterprise
        fields = [
            "name", "short_name", "credit_code", "legal_representative", "sectors", "region", "address",
            "latitude", "longitude", "phone", "business_scope", "vehicles_count", "ships_count",
            "employees_count", "standardization_level", "standardization_date", "credit_level",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "standardization_date": DATE,
            "business_scope": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"latitude": "WGS-84，可在地图上取点", "credit_code": "18位，系统自动校验校验位"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope = get_scope(user)
        self.fields["region"].queryset = Region.objects.filter(path__startswith=scope.region_path or "/none/")
        sectors = Sector.objects.filter(active=True)
        if scope.sector_ids is not None:
            sectors = sectors.filter(pk__in=scope.sector_ids)
        self.fields["sectors"].queryset = sectors.order_by("path")
        self.fields["sectors"].label_from_instance = lambda s: ("　" * s.depth) + s.name
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if user.role == "enterprise":
            for name in list(self.fields):
                if name not in permissions.SELF_EDITABLE_FIELDS and name != "version":
                    del self.fields[name]

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])

    def _post_clean(self):
        # Uniqueness and scope are the service's job (it holds the row lock);
        # skip the ModelForm's own unique check so the message comes from one place.
        self.instance.version = self.instance.version or 1
        super()._post_clean()

    def validate_unique(self):
        pass


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["role", "name", "phone", "certificate_no", "training_status", "trained_on"]
        widgets = {"trained_on": DATE}


class LicenceForm(forms.ModelForm):
    class Meta:
        model = Licence
        fields = ["kind", "number", "issuer", "issued_on", "valid_until"]
        widgets = {"issued_on": DATE, "valid_until": DATE}


class VehicleForm(forms.ModelForm):
    # Plate uniqueness is checked by the service, which knows the vehicles being replaced;
    # the form field still checks required and length.
    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"plate_no"}

    class Meta:
        model = Vehicle
        fields = ["plate_no", "vehicle_type", "transport_cert_no", "is_two_plus_one", "active"]


class ShipForm(forms.ModelForm):
    class Meta:
        model = Ship
        fields = ["name", "registry_no", "gross_tonnage", "passenger_capacity", "active"]


ContactFormSet = inlineformset_factory(Enterprise, Contact, form=ContactForm, extra=2, can_delete=True)
LicenceFormSet = inlineformset_factory(Enterprise, Licence, form=LicenceForm, extra=1, can_delete=True)
VehicleFormSet = inlineformset_factory(Enterprise, Vehicle, form=VehicleForm, extra=1, can_delete=True)
ShipFormSet = inlineformset_factory(Enterprise, Ship, form=ShipForm, extra=1, can_delete=True)


def formset_rows(formset):
    # Unique checks (e.g. plate numbers) are the service's job; the formset only cleans values.
    # An existing row keeps its id, so the service updates it in place (a contact has training records).
    return [
        {**{k: v for k, v in f.cleaned_data.items() if k not in ("id", "enterprise", "DELETE")},
         **({"id": f.cleaned_data["id"].pk} if f.cleaned_data.get("id") else {})}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label="新状态", choices=Enterprise.Status.choices)
    effective_on = forms.DateField(label="生效日期", widget=DATE)
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
