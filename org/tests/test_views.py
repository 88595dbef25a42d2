from conftest import PersonFactory
from org.models import WorkingGroup, WorkingGroupMember


def test_unit_list_is_scoped_to_the_county(world, client_for):
    page = client_for(world.u.safety).get("/org/units/").content.decode()
    assert "运输服务中心" in page and "乙县交通运输局" not in page


def test_people_directory_searches_within_scope(world, client_for):
    PersonFactory(name="甲县王一", unit=world.road_unit, position="科员")
    PersonFactory(name="乙县王二", unit=world.bureau_b)
    page = client_for(world.u.leader).get("/org/people/?q=王").content.decode()
    assert "甲县王一" in page and "乙县王二" not in page


def test_another_countys_unit_is_404(world, client_for):
    assert client_for(world.u.safety).get(f"/org/units/{world.bureau_b.pk}/").status_code == 404


def test_groups_show_their_members(world, client_for):
    g = WorkingGroup.objects.create(name="甲县领导小组", region=world.a, office_unit=world.bureau_a)
    WorkingGroupMember.objects.create(group=g, role="leader", person=PersonFactory(name="组长甲", unit=world.bureau_a))
    WorkingGroupMember.objects.create(group=g, role="member", unit=world.road_unit, title="负责人、业务骨干")
    page = client_for(world.u.safety).get("/org/groups/").content.decode()
    assert "组长甲" in page and "负责人、业务骨干" in page


def test_admin_lists_go_through_the_scope(world, client_for):
    client = client_for(world.u.sysadmin)
    page = client.get("/admin/org/unit/").content.decode()
    assert "运输服务中心" in page and "乙县交通运输局" not in page
    users = client.get("/admin/org/user/").content.decode()
    assert "alice" in users and "safety_b" not in users


def test_admin_is_closed_to_business_roles(world, client_for):
    assert client_for(world.u.safety).get("/admin/org/unit/").status_code == 302


def test_admin_choices_are_limited_to_the_admins_region(world, client_for):
    page = client_for(world.u.sysadmin).get("/admin/org/user/add/").content.decode()
    assert "甲县" in page and "乙县" not in page


def test_the_system_admin_cannot_create_a_superuser(world, client_for):
    from org.models import User

    client = client_for(world.u.sysadmin)
    response = client.post("/admin/org/user/add/", {
        "username": "newstaff", "password1": "Zh!ben-Strong-2026", "password2": "Zh!ben-Strong-2026",
        "role": "leader", "region": world.a.pk, "is_superuser": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newstaff")
    assert not user.is_superuser and not user.is_staff
