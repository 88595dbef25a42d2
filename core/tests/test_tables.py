"""A LeanTable's rows are the rows django-tables2 renders (core/tables.py), on every list that uses one."""

import re

import django_tables2 as tables
import pytest

from core.tables import LeanTable
from enterprises.tables import EnterpriseTable
from hazards.tables import HazardTable
from org.models import User

PAGES = [
    ("/hazards/", {}),
    ("/hazards/", {"sort": "deadline", "open": "true"}),
    ("/hazards/", {"overdue": "true"}),
    ("/hazards/", {"listed": "true"}),
    ("/hazards/", {"page": "2"}),
    ("/hazards/", {"q": "没有这样的隐患"}),
    ("/enterprises/", {}),
    ("/enterprises/", {"sort": "-grade"}),
]


def _normal(html):
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).replace(" >", ">")


@pytest.mark.parametrize("url, params", PAGES)
def test_the_lean_rows_are_the_rows_tables2_renders(demo_db, client, rf, url, params):
    client.force_login(User.objects.get(username="safety"))
    table = client.get(url, params).context["table"]
    assert isinstance(table, LeanTable)
    request = rf.get(url, params)
    lean = table.as_html(request)
    table.template_name = "django_tables2/bootstrap5.html"
    assert _normal(lean) == _normal(table.as_html(request))
    if "q" not in params:
        assert lean.count("<tr ") > 1  # rows, not only the empty text


def test_every_table_of_the_project_renders_lean():
    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)
    ours = {t for t in below(tables.Table) if not t.__module__.startswith("django_tables2")}
    assert {HazardTable, EnterpriseTable} <= ours
    assert all(issubclass(t, LeanTable) for t in ours), ours
