"""Form helpers shared by the apps' views: the date input, multiple-file and photo fields,
and one line of Chinese errors."""

from django import forms

from .uploads import DOCUMENT_ACCEPT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, cleaned to a list (contents are checked by the services)."""

    def __init__(self, *args, accept=DOCUMENT_ACCEPT, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PhotoField(MultipleFileField):
    """Several photos in one input; `capture` opens the phone camera."""

    def __init__(self, *args, camera=True, **kwargs):
        attrs = {"accept": "image/jpeg,image/png,image/webp", "multiple": True}
        if camera:
            attrs["capture"] = "environment"
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)



def errors_text(form):
    """All of a form's errors as one Chinese line ("字段：错误；…"), for a flash message
    or a ServiceError when the form sits in a side panel rather than on its own page."""
    return "；".join(f"{form.fields[k].label}：{v[0]}" if k in form.fields else v[0] for k, v in form.errors.items())


class NamedControlsMixin:
    """Forms shown as table rows without visible labels (a formset's columns): each control carries its
    field's label as its accessible name (WCAG 4.1.2), so a screen reader says what it is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))
