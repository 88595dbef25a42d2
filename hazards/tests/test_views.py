import datetime
import io

import pytest
from openpyxl import load_workbook

from hazards import services
from hazards.models import Criterion, Hazard, State

from .conftest import photo

FUTURE = datetime.date.today() + datetime.timedelta(days=30)


def pdf_fonts(data):
    """Font names embedded in a PDF (object streams are compressed, so inflate them)."""
    import re
    import zlib

    text = data.decode("latin-1")
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text += zlib.decompress(stream).decode("latin-1")
        except zlib.error:
            pass
    return " ".join(re.findall(r"/BaseFont\s*/(\S+)", text))


def test_the_list_is_scoped(world, client_for, make_hazard, sectors):
    h = make_hazard()
    other = services.report_hazard(world.u.highway, {
        "title": "桥梁护栏缺失", "description": "护栏缺失", "sector": sectors["bridge"], "place_name": "甲县大桥",
        "region": world.a}, [photo()])
    road = client_for(world.u.road).get("/hazards/").content.decode()
    assert h.number in road and other.number not in road
    assert other.number not in client_for(world.u.alice).get("/hazards/").content.decode()
    assert client_for(world.u.alice).get(f"/hazards/{other.pk}/").status_code == 404
    assert client_for(world.u.safety_b).get(f"/hazards/{h.pk}/").status_code == 404
    assert client_for(world.u.auditor).get("/hazards/").status_code == 403


def test_chinese_full_text_search(world, client_for, make_hazard, sectors):
    h = make_hazard()
    services.report_hazard(world.u.alice, {"title": "消防通道被堵塞", "description": "客运站消防通道堆放杂物",
                                           "sector": sectors["road-freight"]}, [photo()])
    client = client_for(world.u.safety)
    page = client.get("/hazards/?q=消防").content.decode()
    assert "消防通道被堵塞" in page and h.number not in page
    page = client.get("/hazards/?q=逾期未检").content.decode()
    assert h.number in page and "消防通道被堵塞" not in page
    assert "没有符合条件的隐患" in client.get("/hazards/?q=隧道坍塌").content.decode()


def test_filters_overdue_and_listed(world, client_for, make_hazard):
    import time_machine

    h = make_hazard(State.RECTIFYING)
    services.open_supervision(world.u.safety, h.pk, level="county", doc_number="甲交督〔2026〕2号",
                              issuing_unit="甲县交通运输局", signatory="局长", planned_date=FUTURE)
    client = client_for(world.u.safety)
    assert h.number in client.get("/hazards/?listed=true").content.decode()
    assert h.number not in client.get("/hazards/?overdue=true").content.decode()
    with time_machine.travel(FUTURE + datetime.timedelta(days=2)):
        client.force_login(world.u.safety)  # the idle session expired during the jump
        page = client.get("/hazards/?overdue=true").content.decode()
        assert h.number in page and "逾期2天" in page


def test_the_list_query_count_is_pinned(world, client_for, make_hazard, django_assert_max_num_queries):
    make_hazard()
    client = client_for(world.u.safety)
    client.get("/hazards/")
    # Session, account (with its region), count, the page's ids, its rows (with enterprise and sector), the
    # 行业领域 and 监管单位 choices: no write to the session, no query per row or per relation.
    with django_assert_max_num_queries(7) as small:
        client.get("/hazards/")
    for _ in range(6):
        make_hazard(State.RECTIFYING, level="general")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/hazards/").status_code == 200


def test_a_whole_regions_unfiltered_list_is_counted_from_the_roll_up(world, client_for, make_hazard):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for state in (State.REPORTED, State.RECTIFYING, State.CLOSED, State.REJECTED):
        make_hazard(state, level="general")
    client = client_for(world.u.province)

    def listed(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counted = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")
                   and 'FROM "hazards_hazard"' in q["sql"]]
        return response.context["table"].paginator.count, counted

    count, counted = listed("/hazards/")
    assert count == Hazard.objects.count() == 4 and counted == []  # every state, the rejected too
    count, counted = listed("/hazards/?open=true")  # a filter: counted live
    assert count == 2 and len(counted) == 1
    count, counted = listed("/hazards/?discovered_from=2026-13-45")  # refused input lists nothing
    assert count == 0


def test_report_form_with_photo(world, client_for, sectors, criterion):
    client = client_for(world.u.alice)
    response = client.post("/hazards/new/", {
        "title": "罐车超载", "description": "罐车超核定载质量", "level": "major", "sector": sectors["road-freight"].pk,
        "criterion": criterion.pk, "discovered_on": datetime.date.today().isoformat(), "photos": [photo()],
    })
    h = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hazards/{h.pk}/"
    assert h.enterprise == world.alice_ent and h.attachments.count() == 1


def test_report_form_without_photo_shows_a_chinese_error(world, client_for, sectors):
    response = client_for(world.u.alice).post("/hazards/new/", {
        "title": "x", "description": "y", "level": "general", "sector": sectors["road-freight"].pk,
        "discovered_on": datetime.date.today().isoformat()})
    assert "请至少上传一张隐患照片" in response.content.decode()
    assert not Hazard.objects.exists()


def test_report_form_refuses_a_non_image(world, client_for, sectors):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(world.u.alice).post("/hazards/new/", {
        "title": "x", "description": "y", "level": "general", "sector": sectors["road-freight"].pk,
        "discovered_on": datetime.date.today().isoformat(),
        "photos": [SimpleUploadedFile("a.jpg", b"%PDF-1.4 not a photo")]})
    assert "不是有效的图片" in response.content.decode()
    assert not Hazard.objects.exists()


def test_detail_shows_the_right_actions_per_role(world, client_for, make_hazard):
    h = make_hazard(State.PENDING_CONFIRMATION)
    road = client_for(world.u.road).get(f"/hazards/{h.pk}/").content.decode()
    assert 'data-action="confirm"' not in road
    safety = client_for(world.u.safety).get(f"/hazards/{h.pk}/").content.decode()
    assert 'data-action="confirm"' in safety and 'data-action="open_supervision"' in safety
    alice = client_for(world.u.alice).get(f"/hazards/{h.pk}/").content.decode()
    assert 'data-testid="actions"' not in alice or 'data-action="confirm"' not in alice


def test_an_action_post_runs_the_service_and_reports_errors(world, client_for, make_hazard):
    h = make_hazard(State.AWAITING_ACCEPTANCE)
    client = client_for(world.u.road)
    response = client.post(f"/hazards/{h.pk}/do/fail/", {"version": h.version, "comment": ""}, follow=True)
    assert "请写明验收不通过的原因" in response.content.decode()
    assert Hazard.objects.get(pk=h.pk).state == "awaiting_acceptance"
    client.post(f"/hazards/{h.pk}/do/accept/", {"version": h.version, "comment": "合格"})
    assert Hazard.objects.get(pk=h.pk).state == "accepted"
    stale = client.post(f"/hazards/{h.pk}/do/close/", {"version": h.version}, follow=True).content.decode()
    assert "已被他人处理或修改" in stale


def test_an_action_on_another_enterprises_hazard_is_404(world, client_for, make_hazard):
    h = make_hazard(State.RECTIFYING)
    response = client_for(world.u.bob).post(f"/hazards/{h.pk}/do/submit/", {"version": h.version, "comment": "x"})
    assert response.status_code == 404


def test_attachments_are_served_only_within_scope(world, client_for, make_hazard):
    h = make_hazard()
    att = h.attachments.get()
    assert client_for(world.u.alice).get(f"/hazards/files/{att.pk}/thumb/").status_code == 200
    assert client_for(world.u.bob).get(f"/hazards/files/{att.pk}/").status_code == 404


def test_map_data_is_scoped_and_coloured(world, client_for, make_hazard):
    h = make_hazard(State.RECTIFYING)
    Hazard.objects.filter(pk=h.pk).update(latitude=38.6, longitude=108.8)
    points = client_for(world.u.safety).get("/hazards/map.json").json()["points"]
    assert [(p["number"], p["major"], p["overdue"]) for p in points] == [(h.number, True, False)]
    assert client_for(world.u.bob).get("/hazards/map.json").json()["points"] == []
    assert client_for(world.u.safety).get("/hazards/map/").status_code == 200


@pytest.mark.parametrize("doc, state", [("notice", State.RECTIFYING), ("closeout", State.CLOSED)])
def test_documents_are_pdfs_with_chinese(world, client_for, make_hazard, doc, state):
    h = make_hazard(state)
    response = client_for(world.u.safety).get(f"/hazards/{h.pk}/{doc}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "Noto-Serif-CJK-SC" in pdf_fonts(response.content)


def test_the_supervision_notice_needs_a_supervision(world, client_for, make_hazard):
    h = make_hazard(State.RECTIFYING)
    client = client_for(world.u.safety)
    assert client.get(f"/hazards/{h.pk}/supervision.pdf").status_code == 404
    services.open_supervision(world.u.safety, h.pk, level="city", doc_number="市交督〔2026〕3号",
                              issuing_unit="测试市交通运输局", signatory="局长", planned_date=FUTURE)
    assert client.get(f"/hazards/{h.pk}/supervision.pdf").content.startswith(b"%PDF")


def test_a_notice_for_an_unverified_hazard_is_404(world, client_for, make_hazard):
    assert client_for(world.u.safety).get(f"/hazards/{make_hazard().pk}/notice.pdf").status_code == 404


def test_criteria_are_managed_by_the_safety_office_and_never_deleted(world, client_for, make_hazard, criterion):
    make_hazard()
    assert client_for(world.u.road).get(f"/hazards/criteria/{criterion.pk}/").status_code == 403
    client = client_for(world.u.safety)
    page = client.get("/hazards/criteria/").content.decode()
    assert "DY-G2" in page
    client.post(f"/hazards/criteria/{criterion.pk}/", {"code": "DY-G2", "standard": criterion.standard,
                                                       "text": criterion.text, "active": ""})
    criterion.refresh_from_db()
    assert criterion.active is False and criterion.events.get().actor == world.u.safety
    assert Hazard.objects.get().criterion == criterion
    client.post("/hazards/criteria/new/", {"code": "ZD-1", "standard": "本县补充", "text": "新增条款", "active": "on"})
    assert Criterion.objects.filter(code="ZD-1", active=True).exists()


def test_export_matches_the_list(world, client_for, make_hazard):
    a = make_hazard(State.CLOSED)
    make_hazard(State.RECTIFYING, level="general")
    response = client_for(world.u.safety).get("/hazards/export.xlsx?state=closed")
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [a.number]
    assert rows[0][3] == "已销号" and rows[0][2] == "重大"
    assert client_for(world.u.alice).get("/hazards/export.xlsx").status_code == 403


def test_an_enterprise_reports_only_in_its_own_sectors(world, client_for, sectors):
    page = client_for(world.u.alice).get("/hazards/new/").content.decode()
    assert ">道路普通货物运输<" in page and ">桥梁<" not in page



def export_sheet(response):
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    return [c.value for c in ws[1]], [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def test_hazard_export_masks_the_owners_phone(world, client_for, make_hazard):
    """Personal data masked in exports; full numbers only for those who may re-import."""
    h = make_hazard()
    Hazard.objects.filter(pk=h.pk).update(owner_name="赵整改", owner_phone="13599990000")
    headers, rows = export_sheet(client_for(world.u.safety).get("/hazards/export.xlsx"))
    col = headers.index("责任人电话")
    assert rows[0][col] == "135****0000"
    headers, rows = export_sheet(client_for(world.u.safety).get("/hazards/export.xlsx?full=1"))
    assert rows[0][col] == "13599990000"
    headers, rows = export_sheet(client_for(world.u.leader).get("/hazards/export.xlsx?full=1"))
    assert rows[0][col] == "135****0000"


def test_the_unit_choices_are_each_users_own(world, client_for):
    """The filter's form class is built once per process; its 监管单位 choices are still the user's."""
    import re

    def units(user):
        html = client_for(user).get("/hazards/").content.decode()
        select = re.search(r'<select name="supervising_unit".*?</select>', html, re.S).group(0)
        return set(re.findall(r">([^<]+)</option>", select)) - {"全部"}

    a, b = units(world.u.safety), units(world.u.safety_b)
    assert world.bureau_a.name in a and world.bureau_b.name not in a, a
    assert world.bureau_b.name in b and world.bureau_a.name not in b, b
    assert world.bureau_a.name in units(world.u.safety)  # and back again
