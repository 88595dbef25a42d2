import datetime

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ServiceError
from hazards.models import Hazard
from org.models import User
from plans.models import Slot
from reports import services
from reports.models import Submission, SubmissionEvent

SIGN = {"head": "朝格查", "filler": "郝广峰", "phone": "13947731234"}


@pytest.fixture
def demo(demo_db):
    unit = User.objects.get(username="unit")
    today = datetime.date.today()
    slot = (Slot.objects.for_user(unit).filter(submitted_at__isnull=True, due_date__gte=today, duty__kind="form")
            .order_by("due_date").first())  # the next 调度统计表 due, as on the 23rd
    return unit, slot


def test_a_unit_submits_its_table_frozen_with_sign_off(demo):
    unit, slot = demo
    s = services.submit_dispatch(unit, slot.pk, **SIGN)
    slot.refresh_from_db()
    assert s.version == 1 and slot.submitted_at is not None
    assert s.figures["total"]["teams"] >= 0 and s.head == "朝格查"
    before = s.figures
    # New records after submission do not change the submitted table.
    Hazard.objects.filter(pk=Hazard.objects.for_user(unit).first().pk).update(discovered_on=s.period_end)
    assert Submission.objects.get(pk=s.pk).figures == before


def test_a_correction_is_a_new_version_with_a_reason(demo):
    unit, slot = demo
    services.submit_dispatch(unit, slot.pk, **SIGN)
    with pytest.raises(ServiceError, match="更正须说明原因"):
        services.submit_dispatch(unit, slot.pk, **SIGN)
    v2 = services.submit_dispatch(unit, slot.pk, **SIGN, reason="补录2起执法检查")
    assert v2.version == 2 and Submission.objects.filter(slot=slot).count() == 2
    assert [e.type for e in SubmissionEvent.objects.filter(submission__slot=slot).order_by("id")] == ["submitted", "corrected"]


def test_bad_sign_off_and_scope(demo):
    unit, slot = demo
    with pytest.raises(ServiceError, match="单位负责人"):
        services.submit_dispatch(unit, slot.pk, **(SIGN | {"head": " "}))
    with pytest.raises(ServiceError):
        services.submit_dispatch(unit, slot.pk, **(SIGN | {"phone": "abc"}))
    other = Slot.objects.exclude(pk__in=Slot.objects.for_user(unit)).first()
    with pytest.raises(PermissionDenied):
        services.submit_dispatch(unit, other.pk, **SIGN)
    with pytest.raises(PermissionDenied):
        services.submit_dispatch(User.objects.get(username="enterprise"), slot.pk, **SIGN)
    assert not Submission.objects.filter(slot=slot).exists()


def test_the_unit_table_counts_the_units_own_scope(demo):
    from reports import dispatch

    unit, slot = demo
    s = services.submit_dispatch(unit, slot.pk, **SIGN)
    mine = dispatch.compute(unit, s.period_start, s.period_end)
    assert s.figures["total"]["major"] == mine["total"]["major"]


def test_the_pages(demo, client):
    unit, slot = demo
    client.force_login(unit)
    assert client.get("/reports/submit/").status_code == 200
    r = client.post("/reports/submit/", {"slot": slot.pk, **SIGN})
    s = Submission.objects.filter(slot=slot).get()
    assert r.status_code == 302 and r["Location"] == f"/reports/submissions/{s.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert "已报送 · 第 1 版" in page and "朝格查" in page
    x = client.get(f"/reports/submissions/{s.pk}.xlsx")
    assert x.status_code == 200
    bad = client.post("/reports/submit/", {"slot": slot.pk, **SIGN})
    assert "更正须说明原因" in bad.content.decode()
    # The period is the slot's: 1 January to the end of the month it is due in.
    assert s.period_start == slot.due_date.replace(month=1, day=1)
    assert s.period_end.month == slot.due_date.month and (s.period_end + datetime.timedelta(days=1)).day == 1


def test_a_slot_with_a_submitted_table_cannot_be_revoked(demo):
    from plans import services as plan_services

    unit, slot = demo
    services.submit_dispatch(unit, slot.pk, **SIGN)
    office = User.objects.get(username="safety")
    version = Slot.objects.get(pk=slot.pk).version
    with pytest.raises(ServiceError, match="已报送调度统计表"):
        plan_services.revoke_slot(office, slot.pk, version, "误登")
    slot.refresh_from_db()
    assert slot.submitted_at is not None and slot.version == version


def test_a_table_goes_only_into_a_slot_that_takes_it(demo, client):
    """Issue 19 #3: a 调度统计表 submitted into a 文件材料 slot is refused, page and service, and
    nothing changes; a 文件材料 slot cannot be registered without its files (API too)."""
    from rest_framework.test import APIClient

    unit, _ = demo
    material = Slot.objects.for_user(unit).filter(submitted_at__isnull=True, duty__kind="document").first()
    with pytest.raises(ServiceError, match="报送的是文件材料"):
        services.submit_dispatch(unit, material.pk, **SIGN)
    client.force_login(unit)
    page = client.post("/reports/submit/", {"slot": material.pk, **SIGN}).content.decode()
    assert "选择一个有效的选项" in page
    api = APIClient()
    api.force_authenticate(unit)
    refused = api.post(f"/api/slots/{material.pk}/submit/", {"version": material.version}, format="json")
    assert refused.status_code == 400 and "须附材料" in str(refused.json())
    form_slot = demo[1]
    refused = api.post(f"/api/slots/{form_slot.pk}/submit/", {"version": form_slot.version}, format="json")
    assert refused.status_code == 400 and "报送的是调度统计表" in str(refused.json())
    material.refresh_from_db()
    form_slot.refresh_from_db()
    assert material.submitted_at is None and form_slot.submitted_at is None
    assert not Submission.objects.filter(slot__in=[material, form_slot]).exists()
    assert not material.documents.exists()
