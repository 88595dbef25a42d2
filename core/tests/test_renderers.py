"""The select written in Python is Django's select, character for character but for the template's
line breaks: escaping, selected options, optgroups, multiple, boolean and None attributes."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.renderers import FormRenderer


class Sample(forms.Form):
    a = forms.ChoiceField(choices=[("", "全部"), ("x", "甲<b>"), ("y", 'y"q'), ("z", mark_safe("<i>丁</i>"))], required=False)
    b = forms.MultipleChoiceField(choices=[("组<1>", [("1", "一"), ("2", "二")]), ("3", "三")], required=False)
    c = forms.TypedChoiceField(choices=[(1, "1"), (None, "空")], required=False,
                               widget=forms.Select(attrs={"disabled": True, "aria-label": "丙", "data-x": None,
                                                          "hidden": False}))


def test_selects_match_djangos_templates():
    for data in ({"a": "x", "b": ["1", "3"]}, {}):
        theirs, ours = Sample(data, renderer=DjangoTemplates()), Sample(data, renderer=FormRenderer())
        for name in ("a", "b", "c"):
            assert str(ours[name]) == re.sub(r"\s*\n\s*", "", str(theirs[name])), name
    html = str(Sample({"a": "x"}, renderer=FormRenderer())["a"])
    assert '<option value="x" selected>甲&lt;b&gt;</option>' in html
    assert '<option value="z"><i>丁</i></option>' in html  # a safe label as it is


def test_the_project_renders_selects_this_way():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
