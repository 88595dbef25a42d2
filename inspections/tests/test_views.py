from org.models import Theme
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import photo
from hazards.models import Hazard
from inspections.models import CheckItem, Inspection


def test_the_web_form_plans_an_inspection(client_for, world, sectors, criteria, officers, themes):
    c = client_for(world.u.road)
    assert c.get("/inspections/new/").status_code == 200
    r = c.post("/inspections/new/", {
        "kind": "special", "title": "冬季道路运输安全专项检查", "sector": sectors["road"].pk,
        "lead_unit": world.road_unit.pk, "planned_on": "2026-11-25", "leader": officers[0].pk,
        "members": [officers[1].pk], "enterprises": [world.alice_ent.pk], "places": "城北客运站\n",
        "with_criteria": "on", "theme": Theme.objects.get(code="fireworks").pk,
    })
    inspection = Inspection.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/inspections/{inspection.pk}/"
    assert inspection.targets.count() == 2
    assert inspection.theme.name == "烟花爆竹安全"  # the campaign it belongs to: its own row on an issued form
    page = c.get(r["Location"]).content.decode()
    assert "城北客运站" in page and "DY-G1" in page


def test_bad_input_shows_a_chinese_error_and_saves_nothing(client_for, world, sectors, criteria, officers):
    r = client_for(world.u.road).post("/inspections/new/", {
        "kind": "special", "title": "空检查", "sector": sectors["road"].pk, "lead_unit": world.road_unit.pk,
        "planned_on": "2026-11-25", "leader": officers[0].pk,
    })
    assert r.status_code == 200 and "请至少选择一家受检企业" in r.content.decode()
    assert Inspection.objects.count() == 0


def test_the_field_page_saves_an_item_through_htmx(client_for, world, make_inspection):
    inspection = make_inspection()
    c = client_for(world.u.road)
    page = c.get(f"/inspections/{inspection.pk}/field/").content.decode()
    assert 'capture="environment"' in page and "不符合" in page
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    r = c.post(f"/inspections/items/{item.pk}/", {"result": "fail", "note": "动态监控无人值守", "photo": photo()},
               HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and 'data-result="fail"' in body and "转为隐患" in body and "<html" not in body
    r = c.post(f"/inspections/items/{item.pk}/", {"result": "fail", "note": ""}, HTTP_HX_REQUEST="true")
    assert "写明发现的问题" in r.content.decode()
    item.refresh_from_db()
    assert item.note == "动态监控无人值守" and item.photo


def test_converting_from_the_web_is_prefilled_and_one_click(client_for, world, make_inspection):
    inspection = make_inspection()
    item = CheckItem.objects.filter(target__inspection=inspection, criterion__code="DY-G2").get()
    c = client_for(world.u.road)
    c.post(f"/inspections/items/{item.pk}/", {"result": "fail", "note": "2辆车逾期未检", "photo": photo()})
    form = c.get(f"/inspections/items/{item.pk}/hazard/")
    html = form.content.decode()
    assert "2辆车逾期未检" in html and 'value="major" selected' in html.replace("selected=\"\"", "selected")
    initial = form.context["form"].initial
    post = {k: (v.pk if hasattr(v, "pk") else v) for k, v in initial.items()
            if k in ("title", "description", "level", "criterion", "sector") and v is not None}
    r = c.post(f"/inspections/items/{item.pk}/hazard/", post)
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    hazard = Hazard.objects.get()
    assert hazard.check_item == CheckItem.objects.get(pk=item.pk)
    detail = c.get(f"/hazards/{hazard.pk}/").content.decode()
    assert inspection.number in detail  # the hazard links back to its inspection


def test_scope_of_inspection_pages(client_for, world, make_inspection):
    inspection = make_inspection()
    assert client_for(world.u.highway).get(f"/inspections/{inspection.pk}/").status_code == 404
    assert client_for(world.u.safety_b).get(f"/inspections/{inspection.pk}/").status_code == 404
    # The inspected enterprise reads the inspections of itself only once they are done ("四不两直" never before),
    # and only its own record of them.
    assert inspection.number not in client_for(world.u.alice).get("/inspections/").content.decode()
    assert client_for(world.u.alice).get(f"/inspections/{inspection.pk}/").status_code == 404
    assert client_for(world.u.auditor).get("/inspections/").status_code == 403
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    assert client_for(world.u.highway).post(f"/inspections/items/{item.pk}/", {"result": "pass"}).status_code == 404
    assert client_for(world.u.safety).get(f"/inspections/{inspection.pk}/").status_code == 200


def test_the_list_query_count_does_not_grow(client_for, world, make_inspection):
    c = client_for(world.u.safety)
    make_inspection()
    c.get("/inspections/")
    with CaptureQueriesContext(connection) as few:
        c.get("/inspections/")
    for n in range(5):
        make_inspection(title=f"第{n}次", planned_on=datetime.date.today())
    with CaptureQueriesContext(connection) as many:
        r = c.get("/inspections/")
    assert r.context["page"].paginator.count == 6
    assert len(many) == len(few)


def test_dashboard_field_figures_equal_their_lists(client_for, world, make_inspection):
    from tipoffs import services as tipoff_services

    make_inspection()
    make_inspection(title="第二次")
    for n in range(2):
        tipoff_services.submit({"region": world.a, "sector": world.road_unit.sectors.first(), "subject": f"某处{n}",
                                "description": "危险货物车辆在居民区停放过夜", "anonymous": True}, [], f"10.0.0.{n}")
    c = client_for(world.u.safety)
    page = c.get("/")
    field = page.context["field"]
    assert field["waiting"] == 2 and field["inspections"] == 2
    assert c.get("/tipoffs/?state=submitted").context["page"].paginator.count == field["waiting"]
    assert c.get("/tipoffs/?state=late").context["page"].paginator.count == field["late"] == 0
    assert c.get("/inspections/?status=open").context["page"].paginator.count == field["inspections"]


def test_the_export_follows_the_filters_and_the_figures(client_for, world, make_inspection):
    import io

    from openpyxl import load_workbook

    from .conftest import answer_all

    done = make_inspection()
    answer_all(world.u.road, done, fail=(0, 1))
    make_inspection(kind="special", title="专项")
    c = client_for(world.u.safety)
    sheet = load_workbook(io.BytesIO(c.get("/inspections/export.xlsx?kind=enforcement").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "检查编号" and len(rows) == 2
    row = dict(zip(rows[0], rows[1]))
    assert row["检查编号"] == done.number and row["不符合（项）"] == 2
    assert row["检查项（项）"] == CheckItem.objects.filter(target__inspection=done).count()
    assert client_for(world.u.alice).get("/inspections/export.xlsx").status_code == 403


def test_the_inspected_enterprise_reads_its_own_record_once_done(client_for, world, make_inspection):
    """Done: the enterprise sees the inspection of itself — its own target's items and findings, not another
    enterprise's target of the same visit, nor the inspectors' timeline."""
    from inspections import services
    from inspections.models import Target

    from .conftest import answer_all

    inspection = make_inspection(by=world.u.safety, enterprises=[world.alice_ent, world.bob_ent])
    answer_all(world.u.safety, inspection, fail=(0,), note="消防通道堵塞")
    services.complete(world.u.safety, inspection.pk, None, "责令整改")
    alice = client_for(world.u.alice)
    assert inspection.number in alice.get("/inspections/").content.decode()
    page = alice.get(f"/inspections/{inspection.pk}/").content.decode()
    assert world.alice_ent.name in page and world.bob_ent.name not in page
    assert "消防通道堵塞0" in page and "记录检查结果" not in page  # the findings, not the inspectors' timeline
    bob_target = Target.objects.get(inspection=inspection, enterprise=world.bob_ent)
    assert not Target.objects.for_user(world.u.alice).filter(pk=bob_target.pk).exists()
    assert alice.get("/inspections/export.xlsx").status_code == 403
    assert alice.get("/inspections/draws/").status_code == 403


def test_the_list_filters_by_a_sector_or_region_with_its_branch(world, sectors, make_inspection, client_for):
    """行业领域 and 区划 take the chosen node's whole branch (core.filters.subtree through org.scope.subtree)."""
    road = make_inspection(sector=sectors["road-freight"])  # under 道路运输
    bridge = make_inspection(sector=sectors["bridge"], title="桥梁运营单位检查", enterprises=[world.bob_ent],
                             by=world.u.safety, lead_unit=world.highway_unit)
    client = client_for(world.u.safety)

    def listed(query):
        page = client.get(f"/inspections/?{query}").content.decode()
        return {i.number for i in (road, bridge) if i.number in page}

    assert listed(f"sector={sectors['road'].pk}") == {road.number}
    assert listed(f"sector={sectors['bridge'].pk}") == {bridge.number}
    assert listed(f"region={world.province.pk}") == {road.number, bridge.number}
    assert listed(f"region={world.b.pk}") == set()
