"""/healthz/: the load balancer's probe for each stateless app server."""

from unittest import mock

from django.db import OperationalError


def test_healthz_says_ok_without_a_login(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers  # no session is made for a probe


def test_healthz_is_503_when_the_database_is_unreachable(client, db):
    with mock.patch("core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz/")
    assert response.status_code == 503 and response.json() == {"status": "database unavailable"}


def test_healthz_is_503_when_the_database_takes_no_write(client, db):
    """Issue 17 #13: a read-only or locked database is "not ready" too — checked by a heartbeat
    write at most every few seconds."""
    from core import views
    from core.models import Heartbeat

    views._last_heartbeat[0] = 0.0
    with mock.patch.object(Heartbeat.objects, "update_or_create",
                           side_effect=OperationalError("attempt to write a readonly database")):
        response = client.get("/healthz/")
    assert response.status_code == 503 and "read-only" in response.json()["status"]
    assert client.get("/healthz/").status_code == 200 and Heartbeat.objects.get(pk=1).at
    writes = Heartbeat.objects.get(pk=1).at
    assert client.get("/healthz/").status_code == 200 and Heartbeat.objects.get(pk=1).at == writes  # not every probe


def test_a_busy_database_is_a_503_to_retry_not_a_500(world, db):
    from django.test import Client
    from rest_framework.test import APIClient

    page = Client(raise_request_exception=False)
    page.force_login(world.u.safety)
    with mock.patch("hazards.views.render", side_effect=OperationalError("database is locked")):
        response = page.get("/hazards/new/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "系统繁忙" in response.content.decode()
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(world.u.safety)
    with mock.patch("enterprises.api.EnterpriseViewSet.list",
                    side_effect=OperationalError("cannot execute UPDATE in a read-only transaction")):
        response = api.get("/api/enterprises/")
    assert response.status_code == 503 and response.json()["detail"] == "系统繁忙，请稍后重试。"
    with mock.patch("hazards.views.render", side_effect=ValueError("a bug")):
        assert page.get("/hazards/new/").status_code == 500  # a bug stays a 500
