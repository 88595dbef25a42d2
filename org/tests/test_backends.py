"""The signed-in account is read with its region, unit (and the unit's region) and enterprise: the
pages ask them on every request, and each was a query of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _reads_by_key(queries, table, pk):
    return [q["sql"] for q in queries if f'FROM "{table}" WHERE "{table}"."id" = {pk}' in q["sql"]]


@pytest.mark.parametrize("who, table, anchor", [
    ("safety", "org_region", "region_id"),
    ("road", "org_unit", "unit_id"),
    ("alice", "enterprises_enterprise", "enterprise_id"),
])
def test_a_page_does_not_read_the_accounts_anchor_again(world, client_for, who, table, anchor):
    user = getattr(world.u, who)
    client = client_for(user)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/hazards/").status_code == 200
    assert _reads_by_key(queries.captured_queries, table, getattr(user, anchor)) == []
    if who == "road":  # the unit's region came with it
        assert _reads_by_key(queries.captured_queries, "org_region", user.unit.region_id) == []


def test_an_inactive_account_is_signed_out(world, client_for):
    client = client_for(world.u.road)
    world.u.road.is_active = False
    world.u.road.save()
    response = client.get("/hazards/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
