"""A list page and its API endpoint share one FilterSet: the same filter gives the same rows."""

import pytest
from rest_framework.test import APIClient

from org.models import User

CASES = [
    ("/accidents/", "/api/accidents/", {"grade": "general"}),
    ("/accidents/", "/api/accidents/", {"year": "2026", "month": "3"}),
    ("/tipoffs/", "/api/tipoffs/", {"state": "open"}),
    ("/tipoffs/", "/api/tipoffs/", {"state": "late"}),
    ("/tipoffs/", "/api/tipoffs/", {"state": "substantiated"}),
    ("/risks/", "/api/risk-points/", {"level": "major"}),
    ("/risks/", "/api/risk-points/", {"filing": "submitted"}),
    ("/risks/", "/api/risk-points/", {"review": "due"}),
    ("/inspections/", "/api/inspections/", {"status": "completed"}),
    ("/inspections/", "/api/inspections/", {"status": "open", "kind": "special"}),
    ("/inspections/", "/api/inspections/", {"done_from": "2026-01-01", "done_to": "2026-06-30"}),
    ("/inspections/actions/", "/api/enforcement-actions/", {"kind": ["order", "penalty"]}),
    ("/inspections/actions/", "/api/enforcement-actions/", {"decided_from": "2026-01-01", "year": "2026"}),
    ("/safety/trainings/", "/api/trainings/", {"kind": "key_people"}),
    ("/safety/trainings/", "/api/trainings/", {"year": "2026"}),
    ("/org/people/", "/api/people/", {"q": "科长"}),
    ("/org/people/", "/api/people/", {"q": "张"}),
]


@pytest.mark.parametrize("page, endpoint, params", CASES)
def test_the_page_and_the_api_filter_alike(demo_db, client, page, endpoint, params):
    safety = User.objects.get(username="safety")
    client.force_login(safety)
    api = APIClient()
    api.force_authenticate(safety)
    everything = client.get(page).context["page"].paginator.count
    shown = client.get(page, params).context["page"].paginator.count
    listed = api.get(endpoint, params).json()["count"]
    assert shown == listed
    assert everything > 0


def test_an_unreadable_year_is_refused_by_the_api_and_ignored_by_the_page(demo_db, client):
    safety = User.objects.get(username="safety")
    client.force_login(safety)
    api = APIClient()
    api.force_authenticate(safety)
    for page, endpoint in (("/accidents/", "/api/accidents/"), ("/inspections/", "/api/inspections/"),
                           ("/inspections/actions/", "/api/enforcement-actions/")):
        everything = client.get(page).context["page"].paginator.count
        for year in ("0", "0.0", "99999"):
            assert api.get(endpoint, {"year": year}).status_code == 400
            response = client.get(page, {"year": year})
            assert response.status_code == 200 and response.context["page"].paginator.count == everything
