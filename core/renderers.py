"""The form renderer: Django's, with the <select> written in Python.

Django renders a select through a template per option (an include each); a filter bar of a few
selects with a region or unit tree costs milliseconds on every list page. The markup here is the
same as django/forms/widgets/select.html and its option and attrs templates write.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    """As attrs.html: True writes the bare name, False nothing."""
    out = []
    for name, value in attrs.items():
        if value is True:
            out.append(format_html(" {}", name))
        elif value is not False:
            out.append(format_html(' {}="{}"', name, str(value)))
    return "".join(out)


def render_select(widget):
    parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in options:
            parts.append(format_html('<option value="{}"', str(option["value"])))
            parts.append(_attrs(option["attrs"]))
            parts.append(format_html(">{}</option>", str(option["label"])))
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # every part is format_html's or a fixed tag


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and all(o["template_name"] == OPTION for _, options, _ in
                                               context["widget"]["optgroups"] for o in options):
            return render_select(context["widget"])
        return super().render(template_name, context, request)
