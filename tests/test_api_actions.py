"""A record's API answer carries `actions`: exactly the actions its page offers the same user,
both taken from the app's permission table."""

import pytest
from rest_framework.test import APIClient

from accidents.models import Accident
from hazards.models import Hazard
from inspections.models import Inspection
from org.models import User
from risks.models import RiskPoint
from tipoffs.models import TipOff

KINDS = [
    (Hazard, "/hazards/{}/", "/api/hazards/{}/"),
    (TipOff, "/tipoffs/{}/", "/api/tipoffs/{}/"),
    (RiskPoint, "/risks/{}/", "/api/risk-points/{}/"),
    (Accident, "/accidents/{}/", "/api/accidents/{}/"),
    (Inspection, "/inspections/{}/", "/api/inspections/{}/"),
]
# The page's context name of the actions list (an inspection page's `actions` are its enforcement measures).
PAGE_KEY = {Inspection: "steps"}
USERS = ["safety", "unit", "leader", "enterprise", "expert"]


@pytest.mark.parametrize("model, page, endpoint", KINDS, ids=lambda k: getattr(k, "__name__", ""))
def test_the_api_offers_what_the_page_offers(demo_db, client, model, page, endpoint):
    compared = offered = 0
    for username in USERS:
        user = User.objects.get(username=username)
        client.force_login(user)
        api = APIClient()
        api.force_authenticate(user)
        # A spread of states: the newest records of each state the user can see.
        states = next(f for f in ("state", "filing", "status", "grade") if hasattr(model, f))
        seen = set()
        for record in model.objects.for_user(user).order_by("-pk"):
            key = getattr(record, states)
            if key in seen:
                continue
            seen.add(key)
            response = client.get(page.format(record.pk))
            if response.status_code != 200:
                continue
            data = api.get(endpoint.format(record.pk)).json()
            page_actions = response.context[PAGE_KEY.get(model, "actions")]
            assert list(data["actions"]) == list(page_actions), (username, model.__name__, key)
            compared += 1
            offered += bool(data["actions"])
    assert compared >= 3 and offered >= 1, (compared, offered)
