"""API tokens follow the account rules: no token, and no API access with an old one, for an
account that is deactivated, locked, has an expired password or must change it first."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
GOOD = "Zhiben@2026"


def ask_token(username, password=GOOD, ip="10.0.0.1"):
    return APIClient().post("/api/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def with_token(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_good_account_gets_a_working_token(world):
    response = ask_token("road_a")
    assert response.status_code == 200
    assert with_token(response.json()["token"]).get("/api/enterprises/").status_code == 200


def test_an_account_that_must_change_its_password_gets_no_token_and_its_old_one_stops(world):
    old = Token.objects.create(user=world.u.road)
    world.u.road.must_change_password = True
    world.u.road.save()
    response = ask_token("road_a")
    assert response.status_code == 403 and "修改密码" in response.json()["detail"]
    assert Token.objects.filter(user=world.u.road).count() == 1  # none issued
    refused = with_token(old.key).get("/api/enterprises/")
    assert refused.status_code == 403 and "修改密码" in refused.json()["detail"]


def test_an_expired_password_gets_no_token(world):
    old = Token.objects.create(user=world.u.road)
    world.u.road.password_changed_at = timezone.now() - datetime.timedelta(days=200)
    world.u.road.save()
    response = ask_token("road_a")
    assert response.status_code == 403 and "密码已过期" in response.json()["detail"]
    assert with_token(old.key).get("/api/hazards/").status_code == 403


def test_a_locked_account_gets_no_token_and_its_old_one_stops(world):
    old = Token.objects.create(user=world.u.road)
    assert with_token(old.key).get("/api/hazards/").status_code == 200
    for _ in range(5):  # wrong passwords through the web form, from another address
        APIClient().post("/accounts/login/", {"username": "road_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    # The lockout revoked the token (issue 17): it no longer authenticates at all.
    assert with_token(old.key).get("/api/hazards/").status_code == 401
    assert not Token.objects.filter(user=world.u.road).exists()
    response = ask_token("road_a", ip="10.0.0.8")
    assert response.status_code == 403 and "锁定" in response.json()["detail"]


def test_a_deactivated_account_gets_no_token_and_its_old_one_stops(world):
    old = Token.objects.create(user=world.u.road)
    world.u.road.is_active = False
    world.u.road.save()
    assert ask_token("road_a").status_code == 400  # the credentials no longer log in
    assert with_token(old.key).get("/api/hazards/").status_code == 401


def test_a_token_expires_and_a_fresh_one_is_issued(world, settings):
    import time_machine

    settings.API_TOKEN_HOURS = 12
    body = ask_token("road_a").json()
    assert "expires_at" in body
    assert with_token(body["token"]).get("/api/enterprises/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=12, minutes=1)):
        refused = with_token(body["token"]).get("/api/enterprises/")
        assert refused.status_code == 401 and "过期" in refused.json()["detail"]
        fresh = ask_token("road_a").json()["token"]
        assert fresh != body["token"] and with_token(fresh).get("/api/enterprises/").status_code == 200


def test_a_new_password_revokes_the_token(world):
    key = ask_token("road_a").json()["token"]
    world.u.road.set_password("Another@2026x")
    world.u.road.save()
    assert with_token(key).get("/api/enterprises/").status_code == 401


def test_logout_everywhere_ends_sessions_and_tokens(world, client_for):
    from django.test import Client

    key = ask_token("road_a").json()["token"]
    phone, desk = Client(), client_for(world.u.road)
    phone.force_login(world.u.road)
    assert phone.get("/hazards/").status_code == 200
    response = desk.post("/accounts/logout-everywhere/")
    assert response.status_code == 302
    assert phone.get("/hazards/").status_code == 302  # back to the login page
    assert with_token(key).get("/api/enterprises/").status_code == 401
    from audit.models import AuditEntry

    assert AuditEntry.objects.filter(kind="logout", detail__contains="所有设备").exists()


def test_a_lockout_revokes_the_token_and_every_issue_is_audited(world):
    from audit.models import AuditEntry

    key = ask_token("road_a").json()["token"]
    assert AuditEntry.objects.filter(kind="login", username="road_a", detail="获取接口令牌").count() == 1
    for _ in range(6):
        ask_token("road_a", password="wrong-password", ip="10.0.0.9")
    assert with_token(key).get("/api/enterprises/").status_code in (401, 403)
    assert not Token.objects.filter(user=world.u.road).exists()
