"""三员分立: the system, security and audit administrators each do only their own work."""

import pytest

from org.models import User
from security.models import SecurityPolicy

pytestmark = pytest.mark.django_db

POLICY = {"min_length": 12, "min_classes": 3, "max_age_days": 60, "lockout_threshold": 5,
          "lockout_minutes": 15, "idle_minutes": 20}


@pytest.mark.parametrize("who,security,audit,users", [
    ("sysadmin", 403, 403, 200),
    ("secadmin", 200, 403, 302),
    ("auditor", 403, 200, 302),
    ("safety", 403, 403, 302),
])
def test_each_administrator_reaches_only_their_own_screen(world, client_for, who, security, audit, users):
    client = client_for(getattr(world.u, who))
    assert client.get("/security/").status_code == security
    assert client.get("/audit/").status_code == audit
    assert client.get("/admin/org/user/").status_code == users  # 302 = sent to the admin login


def test_only_the_security_admin_changes_the_policy(world, client_for):
    for who in ("sysadmin", "auditor", "safety"):
        assert client_for(getattr(world.u, who)).post("/security/", POLICY).status_code == 403
    assert SecurityPolicy.current().min_length == 10
    client_for(world.u.secadmin).post("/security/", POLICY)
    assert SecurityPolicy.current().min_length == 12


def test_a_policy_outside_the_allowed_range_is_refused(world, client_for):
    response = client_for(world.u.secadmin).post("/security/", POLICY | {"min_length": 4, "lockout_threshold": 50})
    assert response.status_code == 200
    assert "8" in response.content.decode() and SecurityPolicy.current().min_length == 10


def test_the_system_admin_cannot_see_or_edit_administrator_accounts(world, client_for):
    visible = set(User.objects.for_user(world.u.sysadmin).values_list("username", flat=True))
    assert "road_a" in visible
    assert not visible & {"sysadmin_a", "secadmin_a", "auditor_a"}
    client = client_for(world.u.sysadmin)
    assert client.get(f"/admin/org/user/{world.u.auditor.pk}/change/").status_code == 302  # not found → back to list


def test_the_system_admin_cannot_create_an_auditor(world, client_for):
    client = client_for(world.u.sysadmin)
    form = client.get("/admin/org/user/add/").content.decode()
    assert 'value="auditor"' not in form and 'value="unit_staff"' in form
    client.post("/admin/org/user/add/", {"username": "mallory", "password1": "Mallory#2026x", "password2": "Mallory#2026x",
                                         "role": "auditor", "region": world.a.pk})
    assert not User.objects.filter(username="mallory").exists()


def test_an_account_the_system_admin_creates_must_change_its_password(world, client_for):
    client = client_for(world.u.sysadmin)
    response = client.post("/admin/org/user/add/", {
        "username": "newstaff", "password1": "Temp#Pass2026", "password2": "Temp#Pass2026", "usable_password": "true",
        "role": "unit_staff", "unit": world.road_unit.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="newstaff").must_change_password
