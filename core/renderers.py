"""The form renderer: Django's, with the <select> written in Python.

Django renders a select through a template per option (an include each); a filter bar of a few
selects with a region or unit tree costs milliseconds on every list page. The markup here is the
same as django/forms/widgets/select.html and its option and attrs templates write.
"""

from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def html_escape(value):
    """As the template's {{ value }}: a safe string as it is, anything else escaped — Django's
    conditional_escape without its lazy-string wrapper on every call (a unit tree has hundreds of
    options, a list page hundreds of cells). Returns a plain str: the caller marks the whole safe."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attrs(attrs):
    """As attrs.html: True writes the bare name, False nothing."""
    out = []
    for name, value in attrs.items():
        if value is True:
            out.append(f" {html_escape(name)}")
        elif value is not False:
            out.append(f' {html_escape(name)}="{html_escape(value)}"')
    return "".join(out)


def render_select(widget):
    parts = [f'<select name="{html_escape(widget["name"])}"', _attrs(widget["attrs"]), ">"]
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{html_escape(group_name)}">')
        for option in options:
            attrs = _attrs(option["attrs"]) if option["attrs"] else ""
            parts.append(f'<option value="{html_escape(option["value"])}"{attrs}>{html_escape(option["label"])}</option>')
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # every value escaped, every tag fixed


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and all(o["template_name"] == OPTION for _, options, _ in
                                               context["widget"]["optgroups"] for o in options):
            return render_select(context["widget"])
        return super().render(template_name, context, request)
