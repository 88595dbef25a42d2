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
