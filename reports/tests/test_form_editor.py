"""The safety office copies an issued form, edits the copy (rename a row, move a column),
previews it and saves it; a duty is pointed at it and a unit's submission is counted in it,
frozen: a later edit of the form does not rewrite what was sent (issue 19 #1)."""

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ServiceError
from org.models import User
from plans.models import Slot
from reports import services
from reports.models import ReportForm, ReportFormEvent

SIGN = {"head": "朝格查", "filler": "郝广峰", "phone": "13947731234"}


@pytest.fixture
def office(demo_db, themes):
    return User.objects.get(username="safety")


def test_copy_edit_assign_and_submit(office):
    yunxi = ReportForm.objects.get(code="yunxi-2023")
    with pytest.raises(ServiceError, match="先复制"):
        services.save_form(office, yunxi.pk, name="x", title="x", rows=yunxi.rows, columns=yunxi.columns)
    copy = services.copy_form(office, yunxi.pk)
    assert copy.code == "yunxi-2023-1" and copy.rows == yunxi.rows and copy.based_on == yunxi
    rows = [dict(r) for r in copy.rows]
    rows[2]["label"] = "3.道路水路交通安全"
    columns = ["people", "teams", *copy.columns[2:]]  # 组织督查人员 moved before 组织督查组
    services.save_form(office, copy.pk, name="2027年表样", title="{地区}交通运输安全生产督查统计表", rows=rows,
                       columns=columns)
    copy.refresh_from_db()
    assert copy.rows[2]["label"] == "3.道路水路交通安全" and copy.columns[:2] == ["people", "teams"]
    assert ReportFormEvent.objects.filter(form=copy, type="edited", actor=office).count() == 1

    unit = User.objects.get(username="unit")
    slot = Slot.objects.for_user(unit).filter(submitted_at__isnull=True, duty__kind="form").order_by("due_date").first()
    services.assign_form(office, slot.duty_id, copy.code)
    submission = services.submit_dispatch(unit, slot.pk, **SIGN)
    labels = [r["label"] for r in submission.figures["rows"]]
    assert labels[2] == "3.道路水路交通安全" and len(labels) == 7
    assert [c["key"] for c in submission.figures["columns"]][:2] == ["people", "teams"]
    # Editing the form later does not rewrite the submitted table.
    rows[2]["label"] = "3.交通"
    services.save_form(office, copy.pk, name="2027年表样", title="x{地区}", rows=rows, columns=columns)
    submission.refresh_from_db()
    assert submission.figures["rows"][2]["label"] == "3.道路水路交通安全"


@pytest.mark.parametrize("rows, columns, message", [
    ([], ["teams"], "至少要有一行"),
    ([{"label": "", "rule": {"other": True}}], ["teams"], "行名称"),
    ([{"label": "甲", "rule": {"sectors": ["nope"]}}], ["teams"], "未知的行业领域"),
    ([{"label": "甲", "rule": {}}], ["teams"], "请选择行业领域"),
    ([{"label": "甲", "rule": {"other": True}}, {"label": "乙", "rule": {"other": True}}], ["teams"], "只能有一行"),
    ([{"label": "甲", "rule": {"other": True}}], [], "至少选择一列"),
    ([{"label": "甲", "rule": {"other": True}}], ["teams", "teams"], "重复"),
])
def test_a_bad_definition_is_refused_and_changes_nothing(office, rows, columns, message):
    copy = services.copy_form(office, ReportForm.objects.get(code="sector-tree").pk)
    before = (copy.rows, copy.columns)
    with pytest.raises(ServiceError, match=message):
        services.save_form(office, copy.pk, name="n", title="t", rows=rows, columns=columns)
    copy.refresh_from_db()
    assert (copy.rows, copy.columns) == before


def test_only_the_safety_office_changes_forms(office):
    unit = User.objects.get(username="unit")
    yunxi = ReportForm.objects.get(code="yunxi-2023")
    for call in (lambda: services.copy_form(unit, yunxi.pk), lambda: services.assign_form(unit, 1, "yunxi-2023")):
        with pytest.raises(PermissionDenied):
            call()
    assert ReportForm.objects.count() == 2
