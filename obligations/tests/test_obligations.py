"""An enterprise's own duties (issue 21 §4): the 主要负责人's monthly check, whose 不符合 item becomes the
enterprise's own hazard in the same step; its papers (责任制, 应急预案 with the unit's 备案, 安全承诺, own
trainings); the supervising unit's month board of what each enterprise still owes, every figure a link
to the list it counts; reads through the one door; bad input refused whole."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from core.exceptions import ServiceError
from core.testing import photo
from hazards.models import Hazard
from obligations import services, status
from obligations.models import Filing, FilingEvent, SelfCheck, SelfCheckItem

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def pdf(name="责任制.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def items(fail=()):
    return [{"text": text, "result": "fail" if n in fail else "pass",
             "note": "灭火器过期 2 具" if n in fail else "", "photo": photo() if n in fail else None}
            for n, text in enumerate(services.CHECKLIST[:4])]


def test_a_monthly_check_whose_finding_becomes_the_enterprise_s_own_hazard(world):
    check = services.record_self_check(world.u.alice, checked_on=TODAY, leader="张总", items=items(fail=(2,)))
    assert check.enterprise == world.alice_ent and check.items.count() == 4
    item = check.items.get(result=SelfCheckItem.Result.FAIL)
    hazard = item.hazard
    assert hazard.enterprise == world.alice_ent and hazard.source == Hazard.Source.SELF_REPORT
    assert hazard.state == Hazard.State.REPORTED and "灭火器过期" in hazard.description
    assert hazard.attachments.filter(kind="before").count() == 1
    assert check.events.get().type == "recorded"
    # The month board: alice has checked (one finding); bob has not.
    rows = {r.enterprise: r for r in status.rows(world.alice_ent.__class__.objects.filter(region__path__startswith=world.a.path), TODAY)}
    assert (rows[world.alice_ent].checks, rows[world.alice_ent].findings) == (1, 1)
    assert status.CHECK not in rows[world.alice_ent].missing and status.CHECK in rows[world.bob_ent].missing


def test_bad_checks_change_nothing(world):
    bad = [
        ({"items": [{"text": "现场", "result": "fail", "note": "", "photo": photo()}]}, "描述发现的问题"),
        ({"items": [{"text": "现场", "result": "fail", "note": "有问题", "photo": None}]}, "现场照片"),
        ({"items": [{"text": "现场", "result": "", "note": "", "photo": None}]}, "选择检查结果"),
        ({"items": []}, "至少填写一项"),
        ({"items": items(), "leader": " "}, "带队负责人"),
        ({"items": items(), "checked_on": TODAY + datetime.timedelta(days=1)}, "不能晚于今天"),
        ({"items": [{"text": "现场", "result": "fail", "note": "坏", "photo": SimpleUploadedFile("a.jpg", b"no")}]},
         "不是有效的图片"),
    ]
    for change, message in bad:
        kwargs = {"checked_on": TODAY, "leader": "张总", **change}
        with pytest.raises(ServiceError, match=message):
            services.record_self_check(world.u.alice, **kwargs)
    assert SelfCheck.objects.count() == 0 and Hazard.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.record_self_check(world.u.road, checked_on=TODAY, leader="张总", items=items())


def test_the_emergency_plan_waits_for_the_unit_s_filing_and_reaches_its_todo(world, client_for):
    from dashboard import todo
    from notify.models import Message

    plan = services.record_filing(world.u.alice, kind="emergency_plan", title="生产安全事故应急预案（2026版）",
                                  dated=TODAY, files=[pdf("预案.pdf")])
    assert plan.state == Filing.State.SUBMITTED
    assert Message.objects.filter(recipient=world.u.road, title__contains="应急预案备案").exists()
    waiting = [i for _, group in todo.items(world.u.road, TODAY) for i in group if i.kind == "obligations"]
    assert [i.url for i in waiting] == [plan.get_absolute_url()]
    with pytest.raises(PermissionDenied):
        services.confirm_filing(world.u.alice, plan.pk, plan.version)  # the enterprise cannot file its own
    with pytest.raises(ServiceError):
        services.confirm_filing(world.u.safety_b, plan.pk, plan.version)  # another county's office: not in scope
    with pytest.raises(ServiceError, match="退回原因"):
        services.return_filing(world.u.road, plan.pk, plan.version, " ")
    done = services.confirm_filing(world.u.road, plan.pk, plan.version, "同意备案")
    assert done.state == Filing.State.FILED and done.reviewed_by == world.u.road
    assert list(FilingEvent.objects.filter(filing=plan).values_list("type", flat=True)) == ["submitted", "filed"]
    with pytest.raises(ServiceError, match="已备案"):
        services.return_filing(world.u.road, plan.pk, done.version, "重新编制")
    assert not [i for _, group in todo.items(world.u.road, TODAY) for i in group if i.kind == "obligations"]
    # The page's buttons run the same steps.
    c = client_for(world.u.road)
    second = services.record_filing(world.u.alice, kind="emergency_plan", title="专项预案", dated=TODAY,
                                    files=[pdf("专项.pdf")])
    page = c.get(second.get_absolute_url()).content.decode()
    assert 'id="do-confirm"' in page and 'id="do-return"' in page
    c.post(f"/obligations/filings/{second.pk}/return/", {"version": second.version, "comment": "缺少附件"})
    second.refresh_from_db()
    assert (second.state, second.review_note) == (Filing.State.RETURNED, "缺少附件")


def test_papers_and_the_month_s_pledge(world):
    services.record_filing(world.u.alice, kind="pledge", title="11月安全承诺书", dated=datetime.date(2026, 11, 5),
                           files=[photo("承诺书.jpg")])
    services.record_filing(world.u.alice, kind="responsibility", title="全员安全生产责任制", dated=TODAY, files=[pdf()])
    services.record_filing(world.u.alice, kind="training", title="三级安全教育", dated=TODAY, hours=4, people=18,
                           files=[photo("签到表.jpg")])
    pledge = Filing.objects.get(kind="pledge")
    assert pledge.dated == datetime.date(2026, 11, 1) and pledge.state == Filing.State.RECORDED
    row = status.rows(world.alice_ent.__class__.objects.filter(pk=world.alice_ent.pk), TODAY)[0]
    assert (row.pledge, row.responsibility, row.trainings, row.plan) == (True, True, 1, "未上传")
    assert row.missing == [status.CHECK, status.PLAN]
    # December has begun: the pledge is owed again.
    row = status.rows(world.alice_ent.__class__.objects.filter(pk=world.alice_ent.pk), datetime.date(2026, 12, 1))[0]
    assert status.PLEDGE in row.missing
    for kwargs, message in [({"kind": "training", "hours": None, "people": 3}, "学时"),
                            ({"kind": "pledge", "files": []}, "请上传材料"),
                            ({"kind": "pledge", "files": [SimpleUploadedFile("x.exe", b"MZ\x90\x00")]}, "格式"),
                            ({"kind": "nonsense"}, "材料类型"), ({"kind": "pledge", "title": ""}, "名称")]:
        data = {"title": "材料", "dated": TODAY, "files": [pdf()], **kwargs}
        with pytest.raises(ServiceError, match=message):
            services.record_filing(world.u.alice, **data)
    assert Filing.objects.count() == 3
    with pytest.raises(PermissionDenied):
        services.record_filing(world.u.safety, kind="pledge", title="x", dated=TODAY, files=[pdf()])


def test_the_unit_board_shows_who_has_not_checked_and_each_figure_links_to_its_list(world, client_for):
    services.record_self_check(world.u.alice, checked_on=TODAY, leader="张总", items=items())
    c = client_for(world.u.road)
    html = c.get("/obligations/board/?month=2026-11").content.decode()
    assert world.alice_ent.name in html
    row = re.search(rf'data-enterprise="{world.alice_ent.pk}".*?</tr>', html, re.S).group(0)
    link = re.search(r'href="(/obligations/checks/\?[^"]+)"[^>]*>(\d+) 次', row)
    assert link.group(2) == "1"
    listed = c.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert listed.count("/obligations/checks/") - listed.count("/obligations/checks/?") >= 1
    assert "共 1 次" in listed
    missing = c.get("/obligations/board/?month=2026-11&missing=带队检查").content.decode()
    assert world.alice_ent.name not in missing
    # The one door: another county's enterprise is not on the board; an expert may not read it.
    assert world.charlie_ent.name not in html
    assert client_for(world.u.expert).get("/obligations/board/").status_code == 403
    assert client_for(world.u.road).get("/obligations/")["Location"] == "/obligations/board/"
    # The enterprise sees its own month, and nobody else's records.
    mine = client_for(world.u.alice).get("/obligations/").content.decode()
    assert 'data-testid="my-checks">1<' in mine
    other = services.record_self_check(world.u.bob, checked_on=TODAY, leader="李总", items=items())
    assert client_for(world.u.alice).get(other.get_absolute_url()).status_code == 404


def test_the_check_form_saves_items_and_a_finding_in_one_post(world, client_for):
    c = client_for(world.u.alice)
    page = c.get("/obligations/checks/new/").content.decode()
    assert services.CHECKLIST[0] in page
    data = {"checked_on": "2026-11-20", "leader": "张总", "members": "", "summary": "",
            "item-TOTAL_FORMS": "2", "item-INITIAL_FORMS": "0", "item-MIN_NUM_FORMS": "0", "item-MAX_NUM_FORMS": "40",
            "item-0-text": "车辆技术状况", "item-0-result": "pass", "item-0-note": "",
            "item-1-text": "消防器材", "item-1-result": "fail", "item-1-note": "灭火器压力不足", "item-1-photo": photo()}
    response = c.post("/obligations/checks/new/", data)
    check = SelfCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == check.get_absolute_url()
    assert check.items.get(result="fail").hazard.enterprise == world.alice_ent
    # A finding without its photo is refused in Chinese; nothing more is saved.
    data.pop("item-1-photo")
    again = c.post("/obligations/checks/new/", data)
    assert again.status_code == 200 and "请上传现场照片" in again.content.decode()
    assert SelfCheck.objects.count() == 1 and Hazard.objects.count() == 1


def test_api_lists_through_the_door_and_files_through_the_steps(world, client_for):
    plan = services.record_filing(world.u.alice, kind="emergency_plan", title="应急预案", dated=TODAY, files=[pdf()])
    services.record_self_check(world.u.alice, checked_on=TODAY, leader="张总", items=items())
    road = client_for(world.u.road)
    assert road.get("/api/self-checks/").json()["count"] == 1
    body = road.get(f"/api/filings/{plan.pk}/").json()
    assert body["actions"] == ["confirm", "return"]
    r = road.post(f"/api/filings/{plan.pk}/return/", {"version": plan.version}, content_type="application/json")
    assert r.status_code == 400 and "comment" in r.json().get("errors", r.json())
    r = road.post(f"/api/filings/{plan.pk}/confirm/", {"version": plan.version}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "filed"
    assert client_for(world.u.expert).get("/api/filings/").status_code == 403
    assert client_for(world.u.bob).get("/api/filings/").json()["count"] == 0


def test_a_unit_duty_over_its_enterprises_counts_those_that_checked(world, client_for):
    """企业主要负责人每月带队检查 as the supervising unit's duty: a month is done when every enterprise it
    supervises has checked; the period's list shows each enterprise, the short ones first."""
    from duties import compliance
    from duties import services as duty_services

    duty = duty_services.create_duty(world.u.safety, title="督促企业主要负责人每月带队检查", unit=world.road_unit,
                                      evidence="enterprise_check", every="month", times=1)
    firms = list(compliance.evidence(duty, datetime.date(2026, 11, 1), TODAY))
    assert world.alice_ent in firms and world.bob_ent not in firms  # bob is a bridge operator: another unit's
    services.record_self_check(world.u.alice, checked_on=datetime.date(2026, 10, 9), leader="张总", items=items())
    periods, _ = compliance.summary(duty, 2026, TODAY)
    october, november = periods[9], periods[10]
    assert (october.count, october.needed, october.state) == (1, len(firms), "已完成" if len(firms) == 1 else "未完成")
    assert (november.count, november.state) == (0, "进行中")
    services.record_self_check(world.u.alice, checked_on=TODAY, leader="张总", items=items())
    assert compliance.summary(duty, 2026, TODAY)[0][10].count == 1
    page = client_for(world.u.safety).get(f"/duties/{duty.pk}/?year=2026&period=2026-11-01").content.decode()
    assert world.alice_ent.name in page and "带队检查 1 次" in page
