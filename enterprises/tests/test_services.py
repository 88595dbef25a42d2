import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ConflictError, ServiceError
from core.validators import make_credit_code
from enterprises import services
from enterprises.models import Enterprise, EnterpriseEvent, StatusChange


def new_fields(world, **over):
    fields = {"name": "甲县新登记运输有限公司", "credit_code": make_credit_code("510101", 77), "region": world.a}
    fields.update(over)
    return fields


def test_it_registers_an_enterprise_with_history(world, sectors):
    e = services.create_enterprise(
        world.u.safety, new_fields(world), [sectors["road-dangerous-goods"].pk],
        contacts=[{"role": "principal", "name": "王五", "phone": "13900000000"}],
        licences=[{"kind": "dangerous_goods", "number": "510101000001"}],
    )
    assert e.is_two_plus_one is True
    assert e.contacts.get().name == "王五"
    assert e.licences.get().number == "510101000001"
    assert "王五" in e.search_text
    assert StatusChange.objects.get(enterprise=e).to_status == "operating"
    event = EnterpriseEvent.objects.get(enterprise=e)
    assert (event.type, event.actor) == ("created", world.u.safety)


def test_a_freight_company_is_not_two_plus_one(world, sectors):
    e = services.create_enterprise(world.u.safety, new_fields(world), [sectors["road-freight"].pk])
    assert e.is_two_plus_one is False


@pytest.mark.parametrize("role", ["leader", "expert", "alice", "sysadmin", "secadmin", "auditor"])
def test_roles_without_registration_rights_are_refused(world, sectors, role):
    with pytest.raises(PermissionDenied):
        services.create_enterprise(getattr(world.u, role), new_fields(world), [sectors["road-freight"].pk])
    assert not Enterprise.objects.filter(name="甲县新登记运输有限公司").exists()


def test_unit_staff_cannot_register_outside_their_sectors(world, sectors):
    with pytest.raises(ServiceError, match="不在本单位的监管范围内"):
        services.create_enterprise(world.u.road, new_fields(world), [sectors["bridge"].pk])


def test_unit_staff_can_register_within_their_sectors(world, sectors):
    e = services.create_enterprise(world.u.road, new_fields(world), [sectors["road-freight"].pk])
    assert Enterprise.objects.for_user(world.u.road).filter(pk=e.pk).exists()


def test_nobody_registers_into_another_county(world, sectors):
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        services.create_enterprise(world.u.safety, new_fields(world, region=world.b), [sectors["road-freight"].pk])


def test_a_duplicate_credit_code_is_refused(world, sectors):
    with pytest.raises(ServiceError, match="已被其他企业使用"):
        services.create_enterprise(
            world.u.safety, new_fields(world, credit_code=world.charlie_ent.credit_code), [sectors["road-freight"].pk]
        )


def test_at_least_one_sector_is_required(world):
    with pytest.raises(ServiceError, match="至少选择一个行业领域"):
        services.create_enterprise(world.u.safety, new_fields(world), [])


def test_an_edit_bumps_the_version_and_records_the_changes(world):
    e = world.alice_ent
    services.update_enterprise(world.u.safety, e.pk, e.version, {"address": "甲镇建设路1号"})
    e.refresh_from_db()
    assert (e.address, e.version) == ("甲镇建设路1号", 2)
    event = e.events.get(type="updated")
    assert event.data["changes"]["address"] == ["", "甲镇建设路1号"]


def test_a_stale_version_is_refused_and_nothing_is_lost(world):
    e = world.alice_ent
    services.update_enterprise(world.u.safety, e.pk, 1, {"address": "第一次保存"})
    with pytest.raises(ConflictError, match="已被他人修改"):
        services.update_enterprise(world.u.road, e.pk, 1, {"address": "第二次保存"})
    e.refresh_from_db()
    assert e.address == "第一次保存"


def test_unit_staff_cannot_edit_outside_their_sectors(world):
    with pytest.raises(PermissionDenied):
        services.update_enterprise(world.u.road, world.bob_ent.pk, 1, {"address": "x"})


def test_an_enterprise_user_edits_only_its_own_contact_data(world, sectors):
    e = world.alice_ent
    # The bureau's fields are refused outright (issue 17: no door changes them), and nothing is saved.
    with pytest.raises(PermissionDenied, match="名称.*信用等级.*行业领域"):
        services.update_enterprise(
            world.u.alice, e.pk, 1, {"address": "新地址", "name": "改名", "credit_level": "AA"}, [sectors["bridge"].pk]
        )
    e.refresh_from_db()
    assert e.address != "新地址"
    services.update_enterprise(world.u.alice, e.pk, 1, {"address": "新地址"})
    e.refresh_from_db()
    assert e.address == "新地址"
    assert e.name == "甲县爱丽丝物流有限公司"
    assert e.credit_level == ""
    assert list(e.sectors.values_list("code", flat=True)) == ["road-freight"]


def test_an_enterprise_user_cannot_edit_another_enterprise(world):
    with pytest.raises(PermissionDenied):
        services.update_enterprise(world.u.alice, world.bob_ent.pk, 1, {"address": "x"})


def test_a_status_change_keeps_history_and_needs_a_reason(world):
    e = world.alice_ent
    with pytest.raises(ServiceError, match="原因"):
        services.change_status(world.u.safety, e.pk, "suspended", "  ")
    services.change_status(world.u.safety, e.pk, "suspended", "重大隐患未整改")
    e.refresh_from_db()
    assert e.status == "suspended"
    change = e.status_changes.get()
    assert (change.from_status, change.to_status, change.reason) == ("operating", "suspended", "重大隐患未整改")
    assert e.events.get(type="status_changed").data == {"from": "operating", "to": "suspended",
                                                         "effective_on": str(change.effective_on)}


def test_the_same_status_twice_is_refused(world):
    with pytest.raises(ServiceError, match="当前已是"):
        services.change_status(world.u.safety, world.alice_ent.pk, "operating", "无")


@pytest.mark.parametrize("role", ["alice", "leader", "expert"])
def test_only_editors_change_status(world, role):
    with pytest.raises(PermissionDenied):
        services.change_status(getattr(world.u, role), world.alice_ent.pk, "suspended", "原因")
