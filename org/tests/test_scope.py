import pytest

from enterprises.models import Enterprise
from org.models import Person, Unit, WorkingGroup
from org.scope import compute_scope

from conftest import PersonFactory


def visible(user):
    return set(Enterprise.objects.for_user(user).values_list("name", flat=True))


def test_county_roles_see_their_whole_county(world):
    names = {world.alice_ent.name, world.bob_ent.name}
    assert visible(world.u.leader) == names
    assert visible(world.u.safety) == names
    assert visible(world.u.expert) == names


def test_the_other_county_sees_only_its_own(world):
    assert visible(world.u.safety_b) == {world.charlie_ent.name}


def test_a_province_user_sees_every_county_below(world):
    assert visible(world.u.province) == {world.alice_ent.name, world.bob_ent.name, world.charlie_ent.name}


def test_unit_staff_see_only_their_sectors_including_sub_sectors(world):
    # road unit supervises 道路运输 → alice (道路普通货物运输, a child sector); not bob (桥梁).
    assert visible(world.u.road) == {world.alice_ent.name}
    assert visible(world.u.highway) == {world.bob_ent.name}


def test_enterprise_users_see_only_their_own_enterprise(world):
    assert visible(world.u.alice) == {world.alice_ent.name}
    assert visible(world.u.bob) == {world.bob_ent.name}


@pytest.mark.parametrize("role", ["secadmin", "auditor"])
def test_security_admin_and_auditor_see_no_business_data(world, role):
    user = getattr(world.u, role)
    assert visible(user) == set()
    assert not Unit.objects.for_user(user).exists()
    assert compute_scope(user).sees_nothing


def test_inactive_users_see_nothing(world):
    world.u.safety.is_active = False
    assert compute_scope(world.u.safety).sees_nothing


def test_people_are_hidden_from_enterprise_accounts_and_other_counties(world):
    PersonFactory(name="甲县张三", unit=world.road_unit)
    PersonFactory(name="乙县李四", unit=world.bureau_b)
    assert list(Person.objects.for_user(world.u.safety).values_list("name", flat=True)) == ["甲县张三"]
    assert not Person.objects.for_user(world.u.alice).exists()


def test_enterprise_accounts_see_only_the_units_supervising_them(world):
    assert list(Unit.objects.for_user(world.u.alice)) == [world.road_unit]


def test_working_groups_are_scoped_by_region(world):
    WorkingGroup.objects.create(name="甲县领导小组", region=world.a)
    WorkingGroup.objects.create(name="乙县领导小组", region=world.b)
    assert [g.name for g in WorkingGroup.objects.for_user(world.u.leader)] == ["甲县领导小组"]
    assert not WorkingGroup.objects.for_user(world.u.alice).exists()
