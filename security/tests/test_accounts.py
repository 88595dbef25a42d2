"""Account rules (等保): lockout, password policy and age, forced change, idle timeout."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from audit.models import AuditEntry
from security.models import SecurityPolicy

pytestmark = pytest.mark.django_db
GOOD = "Zhiben@2026"


def login(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_from_any_address(world, client):
    for _ in range(4):
        assert login(client, "road_a", "wrong").status_code == 200
    assert login(client, "road_a", "wrong").status_code == 429  # the fifth failure locks
    response = login(client, "road_a", GOOD, ip="10.0.0.99")
    assert response.status_code == 429
    assert "锁定 15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(kind="locked_out").exists()


def test_five_failures_from_one_address_lock_that_address_for_every_account(world, client):
    for name in ["nobody1", "nobody2", "nobody3", "nobody4", "nobody5"]:
        login(client, name, "wrong", ip="10.0.0.5")
    assert login(client, "highway_a", GOOD, ip="10.0.0.5").status_code == 429
    assert login(client, "highway_a", GOOD, ip="10.0.0.6").status_code == 302


def test_four_failures_then_success_resets_the_count(world, client):
    for _ in range(4):
        login(client, "road_a", "wrong")
    assert login(client, "road_a", GOOD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        login(client, "road_a", "wrong", ip="10.0.0.2")
    assert login(client, "road_a", GOOD, ip="10.0.0.3").status_code == 302


def test_the_lock_ends_after_fifteen_minutes(world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            login(client, "road_a", "wrong")
        assert login(client, "road_a", GOOD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert login(client, "road_a", GOOD).status_code == 302


def test_the_security_admin_lifts_a_lock(world, client, client_for):
    for _ in range(5):
        login(client, "road_a", "wrong")
    admin = client_for(world.u.secadmin)
    page = admin.get("/security/").content.decode()
    assert "road_a" in page and "锁定至" in page
    admin.post("/security/unlock/", {"username": "road_a"})
    admin.post("/accounts/logout/")
    assert login(client, "road_a", GOOD, ip="10.0.0.50").status_code == 302
    assert AuditEntry.objects.filter(kind="update", detail__contains="解除登录锁定").exists()


def test_the_threshold_comes_from_the_policy(world, client):
    SecurityPolicy(lockout_threshold=3, lockout_minutes=5).save()
    for _ in range(3):
        login(client, "road_a", "wrong")
    response = login(client, "road_a", GOOD, ip="10.0.0.77")
    assert response.status_code == 429 and "锁定 5 分钟" in response.content.decode()


@pytest.mark.parametrize("password,message", [
    ("Ab1!x", "长度至少 10 位"),
    ("abcdefghij12", "至少包含 3 类"),
])
def test_weak_passwords_are_refused_in_chinese(world, client_for, password, message):
    client = client_for(world.u.road)
    response = client.post("/accounts/password/", {"old_password": GOOD, "new_password1": password,
                                                   "new_password2": password})
    assert message in response.content.decode()
    world.u.road.refresh_from_db()
    assert world.u.road.check_password(GOOD)


def test_a_first_login_must_set_a_new_password_before_anything_else(world, client):
    user = world.u.road
    user.must_change_password = True
    user.save()
    assert login(client, "road_a", GOOD).status_code == 302
    response = client.get("/hazards/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert "请先设置您自己的密码" in client.get("/accounts/password/").content.decode()
    new = "Road#Safety2026"
    assert client.post("/accounts/password/", {"old_password": GOOD, "new_password1": new,
                                               "new_password2": new}).status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(new)
    assert client.get("/hazards/").status_code == 200  # still logged in after the change


def test_an_expired_password_must_be_changed(world, client_for):
    user = world.u.road
    user.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    user.save()
    client = client_for(user)
    assert client.get("/")["Location"] == "/accounts/password/"
    assert "超过 90 天未修改" in client.get("/accounts/password/").content.decode()
    SecurityPolicy(max_age_days=0).save()  # 0 = never expires
    assert client.get("/").status_code == 200


def test_an_idle_session_ends_and_background_polling_does_not_keep_it_alive(world, client_for):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(world.u.road)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        assert client.get("/inbox/badge/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        response = client.get("/hazards/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session(world, client_for):
    start = timezone.now()
    client = None
    for minutes in (0, 25, 50, 75):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            client = client or client_for(world.u.road)
            assert client.get("/").status_code == 200


def test_the_session_is_written_once_a_minute_of_activity_not_on_every_page(world, client_for):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes(client):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/hazards/").status_code == 200
        return sum(q["sql"].lstrip().upper().startswith("UPDATE") and "django_session" in q["sql"]
                   for q in queries.captured_queries)

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(world.u.road)
        client.get("/")
    key = client.session.session_key
    expiry = Session.objects.get(pk=key).expire_date
    with time_machine.travel(start + datetime.timedelta(seconds=40), tick=False):
        assert session_writes(client) == 0
    with time_machine.travel(start + datetime.timedelta(seconds=70), tick=False):
        assert session_writes(client) == 1
    # The write slides the session's expiry as the save on every request did.
    assert Session.objects.get(pk=key).expire_date > expiry


def test_an_idle_htmx_request_is_sent_to_the_login_page(world, client_for):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(world.u.road)
        client.get("/")
    with time_machine.travel(start + datetime.timedelta(minutes=45), tick=False):
        response = client.get("/inbox/badge/", HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"] == "/accounts/login/"


def test_the_current_and_last_five_passwords_cannot_be_chosen_again(world):
    """Issue 17 #15 (等保): password history."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = world.u.road
    passwords = [f"Zhiben@2026-{i}x" for i in range(7)]
    user.set_password(passwords[0])
    user.save()
    with pytest.raises(ValidationError, match="最近 5 次"):
        validate_password(passwords[0], user)  # the current one
    for p in passwords[1:]:
        validate_password(p, user)
        user.set_password(p)
        user.save()
    for p in passwords[1:]:  # the current one and the five before it
        with pytest.raises(ValidationError, match="最近 5 次"):
            validate_password(p, user)
    validate_password(passwords[0], user)  # six changes ago: allowed again
    assert user.password_history.count() == 5
