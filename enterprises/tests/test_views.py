import io

import pytest
from openpyxl import load_workbook

from conftest import EnterpriseFactory
from core.validators import make_credit_code
from enterprises.models import Enterprise


def names_in_export(response):
    ws = load_workbook(io.BytesIO(response.content)).active
    return {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}


# --- scope: alice's account never reaches bob's enterprise --------------------------


def test_an_enterprise_user_gets_404_for_another_enterprise(world, client_for):
    client = client_for(world.u.alice)
    bob = world.bob_ent.pk
    assert client.get(f"/enterprises/{bob}/").status_code == 404
    assert client.get(f"/enterprises/{bob}/edit/").status_code == 404
    assert client.post(f"/enterprises/{bob}/status/", {"to_status": "suspended", "reason": "x",
                                                      "effective_on": "2026-11-23"}).status_code == 404
    assert client.get(f"/enterprises/{world.alice_ent.pk}/").status_code == 200


def test_an_enterprise_user_cannot_export_or_search_the_list(world, client_for):
    client = client_for(world.u.alice)
    assert client.get("/enterprises/export.xlsx").status_code == 403
    response = client.get("/enterprises/?q=鲍勃")
    assert response.status_code == 302 and response["Location"] == f"/enterprises/{world.alice_ent.pk}/"


def test_unit_staff_list_search_and_export_only_their_sectors(world, client_for):
    client = client_for(world.u.road)
    page = client.get("/enterprises/").content.decode()
    assert world.alice_ent.name in page and world.bob_ent.name not in page
    assert world.bob_ent.name not in client.get("/enterprises/?q=鲍勃").content.decode()
    assert names_in_export(client.get("/enterprises/export.xlsx")) == {world.alice_ent.name}
    assert client.get(f"/enterprises/{world.bob_ent.pk}/").status_code == 404


def test_county_export_excludes_the_other_county(world, client_for):
    client = client_for(world.u.safety)
    assert names_in_export(client.get("/enterprises/export.xlsx")) == {world.alice_ent.name, world.bob_ent.name}
    assert client.get(f"/enterprises/{world.charlie_ent.pk}/").status_code == 404


def test_export_follows_the_filters_on_screen(world, client_for):
    client = client_for(world.u.safety)
    response = client.get("/enterprises/export.xlsx?q=爱丽丝")
    assert names_in_export(response) == {world.alice_ent.name}


@pytest.mark.parametrize("role", ["secadmin", "auditor", "sysadmin"])
def test_administrators_cannot_browse_enterprises(world, client_for, role):
    client = client_for(getattr(world.u, role))
    assert client.get("/enterprises/").status_code == 403
    assert client.get(f"/enterprises/{world.alice_ent.pk}/").status_code == 403


def test_anonymous_users_are_sent_to_login(world, client):
    response = client.get("/enterprises/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- search and filters -------------------------------------------------------------


def test_search_matches_all_terms_and_full_width_input(world, client_for):
    client = client_for(world.u.safety)
    page = client.get("/enterprises/?q=爱丽丝　物流").content.decode()  # full-width space
    assert world.alice_ent.name in page and world.bob_ent.name not in page


def test_search_finds_by_credit_code(world, client_for):
    client = client_for(world.u.safety)
    page = client.get(f"/enterprises/?q={world.bob_ent.credit_code.lower()}").content.decode()
    assert world.bob_ent.name in page and world.alice_ent.name not in page


def test_a_parent_sector_filter_includes_sub_sectors(world, client_for, sectors):
    client = client_for(world.u.safety)
    page = client.get(f"/enterprises/?sector={sectors['road'].pk}").content.decode()
    assert world.alice_ent.name in page and world.bob_ent.name not in page


def test_a_bad_filter_value_shows_an_empty_list_not_an_error(world, client_for):
    response = client_for(world.u.safety).get("/enterprises/?sector=abc&status=nonsense")
    assert response.status_code == 200


def test_the_list_query_count_does_not_grow_with_rows(world, client_for, sectors, django_assert_max_num_queries):
    client = client_for(world.u.safety)
    client.get("/enterprises/")  # warm caches (session, user)
    # 14: the page, counts, filter choices, the page's ids then its rows (core.paging) … and one read of
    # the grading rule (enterprises.grading).
    with django_assert_max_num_queries(14) as small:
        client.get("/enterprises/")
    for n in range(25):
        EnterpriseFactory(region=world.a, sectors=[sectors["taxi"], sectors["road-freight"]],
                          credit_code=make_credit_code("510101", 9000 + n))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/enterprises/")


# --- forms --------------------------------------------------------------------------


def form_data(world, sector_map, **over):
    sectors = sector_map
    data = {
        "name": "甲县表单运输有限公司", "credit_code": make_credit_code("510101", 321), "region": world.a.pk,
        "sectors": [sectors["road-passenger"].pk], "vehicles_count": 3, "ships_count": 0, "employees_count": 10,
        "standardization_level": "none",
        "contacts-TOTAL_FORMS": 1, "contacts-INITIAL_FORMS": 0,
        "contacts-0-role": "principal", "contacts-0-name": "赵六", "contacts-0-phone": "13911112222",
        "contacts-0-training_status": "none",
        "licences-TOTAL_FORMS": 0, "licences-INITIAL_FORMS": 0,
        "vehicles-TOTAL_FORMS": 1, "vehicles-INITIAL_FORMS": 0,
        "vehicles-0-plate_no": "蒙K12345", "vehicles-0-vehicle_type": "大型客车", "vehicles-0-is_two_plus_one": "on",
        "vehicles-0-active": "on",
        "ships-TOTAL_FORMS": 0, "ships-INITIAL_FORMS": 0,
    }
    data.update(over)
    return data


def test_the_create_form_registers_an_enterprise(world, client_for, sectors):
    client = client_for(world.u.safety)
    response = client.post("/enterprises/new/", form_data(world, sectors))
    e = Enterprise.objects.get(name="甲县表单运输有限公司")
    assert response.status_code == 302 and response["Location"] == f"/enterprises/{e.pk}/"
    assert e.is_two_plus_one and e.contacts.get().name == "赵六"
    assert e.vehicles.get().plate_no == "蒙K12345"


def test_a_plate_registered_elsewhere_is_refused_and_nothing_saved(world, client_for, sectors):
    from enterprises.models import Vehicle

    Vehicle.objects.create(enterprise=world.bob_ent, plate_no="蒙K12345")
    response = client_for(world.u.safety).post("/enterprises/new/", form_data(world, sectors))
    assert "车牌号 蒙K12345 已登记在其他企业名下" in response.content.decode()
    assert not Enterprise.objects.filter(name="甲县表单运输有限公司").exists()


def test_the_create_form_shows_chinese_errors_and_saves_nothing(world, client_for, sectors):
    client = client_for(world.u.safety)
    response = client.post("/enterprises/new/", form_data(world, sectors, credit_code="91350100M000100Y44",
                                                          **{"contacts-0-phone": "123"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "校验位错误" in page and "电话号码格式不正确" in page
    assert not Enterprise.objects.filter(name="甲县表单运输有限公司").exists()


def test_the_edit_form_detects_a_concurrent_edit(world, client_for, sectors):
    client = client_for(world.u.safety)
    e = world.alice_ent
    stale = form_data(world, sectors, name=e.name, credit_code=e.credit_code, version=1,
                      region=world.a_town.pk, **{"sectors": [sectors["road-freight"].pk]})
    client.post(f"/enterprises/{e.pk}/edit/", dict(stale, address="甲镇先保存"))
    response = client.post(f"/enterprises/{e.pk}/edit/", dict(stale, address="甲镇后保存"))
    assert "已被他人修改" in response.content.decode()
    e.refresh_from_db()
    assert e.address == "甲镇先保存"


def test_the_status_form_changes_status(world, client_for):
    client = client_for(world.u.safety)
    client.post(f"/enterprises/{world.alice_ent.pk}/status/",
                {"to_status": "suspended", "reason": "停产整顿", "effective_on": "2026-11-23"})
    world.alice_ent.refresh_from_db()
    assert world.alice_ent.status == "suspended"


def test_a_status_form_without_reason_changes_nothing(world, client_for):
    client = client_for(world.u.safety)
    response = client.post(f"/enterprises/{world.alice_ent.pk}/status/",
                           {"to_status": "suspended", "reason": "", "effective_on": "2026-11-23"}, follow=True)
    assert "原因" in response.content.decode()
    world.alice_ent.refresh_from_db()
    assert world.alice_ent.status == "operating"


def test_enterprise_users_see_only_their_editable_fields(world, client_for):
    page = client_for(world.u.alice).get(f"/enterprises/{world.alice_ent.pk}/edit/").content.decode()
    assert 'name="address"' in page
    assert 'name="credit_code"' not in page and 'name="sectors"' not in page
