"""Issue 19 #4: a county's table goes up to the city, which sees it on time, returns it, sees the
corrected version and accepts it; its summed table is the sum of the accepted county tables and
equals the live recount over the city when nothing changed since."""

import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.exceptions import ServiceError
from dashboard import todo
from hazards.models import Hazard
from inspections.models import Inspection
from notify.models import Message
from org.models import Region, Unit, User
from plans import services as plan_services
from plans.models import Plan, ReportingDuty, Slot
from reports import dispatch, services, upward
from reports.models import Submission, SubmissionEvent

SIGN = {"head": "呼日亚图", "filler": "刘志刚", "phone": "04778612345"}


@pytest.fixture
def chain(demo_db):
    """A city notice asking both county bureaus for the table, due in three days; 鄂托克前旗 gets a
    safety-office account and some of 乌审旗's records, so each county's table has figures."""
    city = Region.objects.get(code="150600")
    qianqi = Region.objects.get(code="150623")
    wushen_bureau = Unit.objects.get(name="乌审旗交通运输局")
    qianqi_bureau = Unit.objects.get(name="鄂托克前旗交通运输局")
    officer = User.objects.get(username="city")
    today = timezone.localdate()
    plan = Plan.objects.create(title="关于报送安全生产督查情况统计表的通知", region=city, created_by=officer,
                               period_start=today.replace(month=1, day=1), period_end=today.replace(month=12, day=31))
    duty = ReportingDuty.objects.create(plan=plan, text="各旗区交通运输局报送督查情况统计表", to="市交通运输局安全监督科",
                                        every=ReportingDuty.Every.ONCE, due_date=today + datetime.timedelta(days=3),
                                        kind=ReportingDuty.Kind.FORM, form="yunxi-2023")
    duty.units.set([wushen_bureau, qianqi_bureau])
    assert plan_services.generate_slots(duty) == 2
    qianqi_office = User.objects.create_user("qianqi", password="Zhiben@2026", role="safety_office", region=qianqi)
    start = today.replace(month=1, day=1)
    moved = list(Hazard.objects.filter(region__path__startswith=Region.objects.get(code="150626").path,
                                       discovered_on__gte=start).order_by("id")[:3])
    Hazard.objects.filter(pk__in=[h.pk for h in moved]).update(region=qianqi)
    inspection = Inspection.objects.filter(status="completed", done_on__gte=start).order_by("id").first()
    Inspection.objects.filter(pk=inspection.pk).update(region=qianqi)
    slots = {s.unit_id: s for s in Slot.objects.filter(duty=duty)}
    return {"duty": duty, "officer": officer, "county": User.objects.get(username="safety"), "qianqi": qianqi_office,
            "wushen": slots[wushen_bureau.pk], "qianqi_slot": slots[qianqi_bureau.pk], "moved": moved}


def waiting(user):
    return [i for _, group in todo.items(user) for i in group]


def _numbers(table):
    return {(r["label"], k): r[k] for r in [*table["rows"], table["total"]] for k, *_ in table["columns"]}


def test_the_city_receives_returns_and_accepts_the_corrected_version(chain, client):
    county, officer, slot = chain["county"], chain["officer"], chain["wushen"]
    # The county sees the city's slot addressed to its bureau, and owes it (待办).
    assert Slot.objects.for_user(county).filter(pk=slot.pk).exists()
    assert not Slot.objects.for_user(User.objects.get(username="qinshui")).filter(pk=slot.pk).exists()
    assert not Slot.objects.for_user(User.objects.get(username="unit")).filter(pk=slot.pk).exists()
    assert any(i.kind == "slots" and chain["duty"].text in i.title for i in waiting(county))
    # The city receives; it may not hand the county's table in for it.
    with pytest.raises(PermissionDenied, match="报送对象不能代为报送"):
        services.submit_dispatch(officer, slot.pk, **SIGN)
    v1 = services.submit_dispatch(county, slot.pk, **SIGN)
    slot.refresh_from_db()
    assert slot.status() == Slot.Status.ON_TIME and v1.review == Submission.Review.PENDING
    assert Message.objects.filter(recipient=officer, url=v1.get_absolute_url(), title__startswith="待办：审核").exists()
    checks = [i for i in waiting(officer) if i.kind == "submissions"]
    assert [(i.url, [a for a, _ in i.actions]) for i in checks if i.url == v1.get_absolute_url()] == [
        (v1.get_absolute_url(), ["accept", "return"])]
    # The sender cannot check its own table; a return needs its reason, and changes nothing without one.
    with pytest.raises(PermissionDenied):
        services.accept_submission(county, v1.pk)
    with pytest.raises(ServiceError, match="退回须说明原因"):
        services.return_submission(officer, v1.pk, "  ")
    assert Submission.objects.get(pk=v1.pk).review == Submission.Review.PENDING
    client.force_login(county)
    assert "第1版待审核" in client.get("/plans/calendar/").content.decode()
    services.return_submission(officer, v1.pk, "交通安全行已整改数与台账不一致")
    assert "第1版已退回" in client.get("/plans/calendar/").content.decode()
    v1.refresh_from_db()
    assert v1.review == Submission.Review.RETURNED and v1.review_note == "交通安全行已整改数与台账不一致"
    assert Message.objects.filter(recipient=county, title__startswith="待办：更正").exists()
    assert [i.state for i in waiting(county) if i.kind == "returned"] == ["已退回"]
    assert not [i for i in waiting(officer) if i.kind == "submissions" and i.url == v1.get_absolute_url()]
    # The county corrects: a new version, waiting again; the returned one can no longer be accepted.
    v2 = services.submit_dispatch(county, slot.pk, **SIGN, reason="按台账核对更正")
    assert v2.version == 2 and v2.review == Submission.Review.PENDING
    with pytest.raises(ServiceError, match="已退回"):
        services.accept_submission(officer, v1.pk)
    client.force_login(officer)
    page = client.get(v2.get_absolute_url()).content.decode()
    assert "待审核" in page and 'id="do-accept"' in page and 'id="do-return"' in page
    r = client.post(f"/reports/submissions/{v2.pk}/accept/", {"comment": "收到"})
    assert r.status_code == 302
    v2.refresh_from_db()
    assert v2.review == Submission.Review.ACCEPTED and v2.reviewed_by == officer
    assert [e.type for e in SubmissionEvent.objects.filter(submission__slot=slot).order_by("id")] == [
        "submitted", "returned", "corrected", "accepted"]
    # The city's list of what it receives: this period, one on time, one not yet in.
    listing = client.get("/reports/received/").content.decode()
    assert chain["duty"].text in listing
    period = client.get(f"/reports/received/{chain['duty'].pk}/{slot.due_date:%Y-%m-%d}/").content.decode()
    assert 'data-unit="乌审旗交通运输局" data-state="on_time" data-review="accepted"' in period
    assert 'data-unit="鄂托克前旗交通运输局" data-state="pending"' in period


def test_the_web_return_needs_a_reason_and_the_county_cannot_check(chain, client):
    county, officer, slot = chain["county"], chain["officer"], chain["wushen"]
    v1 = services.submit_dispatch(county, slot.pk, **SIGN)
    client.force_login(officer)
    r = client.post(f"/reports/submissions/{v1.pk}/return/", {"reason": ""}, follow=True)
    assert "退回须说明原因" in r.content.decode()
    assert Submission.objects.get(pk=v1.pk).review == Submission.Review.PENDING
    client.force_login(county)
    page = client.get(v1.get_absolute_url()).content.decode()
    assert 'id="do-accept"' not in page and "更正（重新报送）" in page
    r = client.post(f"/reports/submissions/{v1.pk}/accept/", {})
    assert Submission.objects.get(pk=v1.pk).review == Submission.Review.PENDING
    # The API runs the same steps: refused for the county, done for the city.
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(county)
    assert api.post(f"/api/submissions/{v1.pk}/accept/", {}, format="json").status_code == 403
    api.force_authenticate(officer)
    bad = api.post(f"/api/submissions/{v1.pk}/return/", {"reason": ""}, format="json")
    assert bad.status_code == 400
    ok = api.post(f"/api/submissions/{v1.pk}/return/", {"reason": "请补充签字"}, format="json")
    assert ok.status_code == 200 and ok.json()["review"] == "returned" and ok.json()["review_display"] == "已退回"


def test_the_summed_table_is_the_sum_of_accepted_tables_and_the_live_recount(chain, client):
    officer = chain["officer"]
    a = services.submit_dispatch(chain["county"], chain["wushen"].pk, **SIGN)
    b = services.submit_dispatch(chain["qianqi"], chain["qianqi_slot"].pk, **SIGN)
    slots = list(Slot.objects.filter(duty=chain["duty"]))
    # Nothing accepted yet: nothing summed.
    assert upward.summed(chain["duty"], slots)["counted"] == {}
    services.accept_submission(officer, a.pk)
    services.accept_submission(officer, b.pk)
    table = upward.summed(chain["duty"], slots)
    assert set(table["counted"]) == {chain["wushen"].pk, chain["qianqi_slot"].pk}
    got = _numbers(table)
    # Both county tables carry figures, so the sum is a real one.
    total_a, total_b = a.figures["total"], b.figures["total"]
    assert total_a["major"] + total_a["general"] > 0 and total_b["major"] + total_b["general"] == 3
    compared = 0
    for sub_rows in zip(a.figures["rows"] + [a.figures["total"]], b.figures["rows"] + [b.figures["total"]]):
        ra, rb = sub_rows
        label = "合计" if ra is a.figures["total"] else ra["label"]
        for key, *_ in table["columns"]:
            if key.endswith("_rate"):
                done, all_ = {"major_rate": ("major_done", "major"), "general_rate": ("general_done", "general")}[key]
                n, d = ra[done] + rb[done], ra[all_] + rb[all_]
                expected = None if not d else round(n * 100 / d, 1)
                assert (None if got[(label, key)] is None else float(got[(label, key)])) == expected, (label, key)
            else:
                assert got[(label, key)] == ra[key] + rb[key], (label, key)
            compared += 1
    assert compared == 8 * 12
    # The live recount over the city's region agrees on every cell.
    start, end = services.period_for(chain["wushen"])
    live = dispatch.compute(officer, start, end, form=table["form"])
    assert upward.differences(table, live) == []
    client.force_login(officer)
    page = client.get(f"/reports/received/{chain['duty'].pk}/{chain['wushen'].due_date:%Y-%m-%d}/").content.decode()
    assert 'data-testid="agrees"' in page
    xlsx = client.get(f"/reports/received/{chain['duty'].pk}/{chain['wushen'].due_date:%Y-%m-%d}.xlsx")
    assert xlsx.status_code == 200 and "鄂尔多斯市调度统计表汇总" in unquote(xlsx["Content-Disposition"])
    # A record changed since: the page says where the sum and the live figures part.
    Hazard.objects.filter(pk=chain["moved"][0].pk).update(discovered_on=start - datetime.timedelta(days=1))
    live = dispatch.compute(officer, start, end, form=table["form"])
    assert upward.differences(table, live)
    page = client.get(f"/reports/received/{chain['duty'].pk}/{chain['wushen'].due_date:%Y-%m-%d}/").content.decode()
    assert 'data-testid="differences"' in page


def test_a_city_account_reads_county_records_but_acts_on_none(chain):
    from hazards.permissions import available_actions

    officer = chain["officer"]
    hazard = Hazard.objects.for_user(officer).filter(state__in=["reported", "pending_confirmation"]).first()
    assert hazard is not None  # the city reads its counties' hazards
    assert available_actions(officer, hazard) == []
    assert available_actions(User.objects.get(username="safety"), hazard) != []
    assert not [i for i in waiting(officer) if i.kind in ("hazards", "tipoffs", "inspections", "risks")]


def test_money_adds_up_to_the_fen_and_counts_stay_whole(chain):
    """A form with 执法月报 columns: 罚款（万元） sums with its decimals, 检查（次） as whole numbers."""
    from reports.models import ReportForm

    ReportForm.objects.create(code="city-enforcement", name="执法情况", title="{地区}执法情况表",
                              rows=[{"label": "道路运输", "rule": {"sectors": ["road"]}}, {"label": "其他", "rule": {"other": True}}],
                              columns=["checks", "fine"])
    duty = chain["duty"]
    duty.form = "city-enforcement"
    duty.save(update_fields=["form"])
    officer = chain["officer"]
    for slot, checks, fine in [(chain["wushen"], 3, "1.25"), (chain["qianqi_slot"], 2, "0.60")]:
        figures = {"rows": [{"label": "道路运输", "checks": checks, "fine": fine}, {"label": "其他", "checks": 0, "fine": "0.00"}],
                   "total": {"label": "合计", "checks": checks, "fine": fine}}
        Submission.objects.create(slot=slot, unit=slot.unit, period_start=datetime.date(2026, 1, 1),
                                  period_end=datetime.date(2026, 12, 31), figures=figures, head="甲", filler="乙",
                                  phone="04778612345", submitted_by=officer, review=Submission.Review.ACCEPTED)
    table = upward.summed(duty, list(Slot.objects.filter(duty=duty)))
    assert table["total"]["checks"] == 5 and isinstance(table["total"]["checks"], int)
    assert table["total"]["fine"] == Decimal("1.85") and table["rows"][0]["fine"] == Decimal("1.85")
    assert [c[2] for c in table["columns"]] == ["次", "万元"]
