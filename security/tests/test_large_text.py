"""大字版 (issue 25 §3): the user's own switch, kept on the account, audited, never an open redirect."""

import pytest

from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_switch_is_remembered_audited_and_goes_back_to_the_page(world, client_for):
    client = client_for(world.u.road)
    assert 'class="zb-large"' not in client.get("/hazards/").content.decode()
    r = client.post("/accounts/large-text/", {"on": "1", "next": "/hazards/?level=major"})
    assert r.status_code == 302 and r["Location"] == "/hazards/?level=major"
    world.u.road.refresh_from_db()
    assert world.u.road.large_text
    page = client.get("/hazards/").content.decode()
    assert 'class="zb-large"' in page and "标准字号" in page
    entry = AuditEntry.objects.filter(kind="update", user_id=world.u.road.pk).latest("at")
    assert entry.detail == "切换为大字版"
    client.post("/accounts/large-text/", {"on": "0", "next": "/"})
    world.u.road.refresh_from_db()
    assert not world.u.road.large_text
    # Another user's setting is untouched; a foreign "next" goes home; GET changes nothing.
    assert not world.u.safety.large_text
    assert client.post("/accounts/large-text/", {"on": "1", "next": "https://evil.example/"})["Location"] == "/"
    assert client.get("/accounts/large-text/").status_code == 405
    assert client_for(world.u.road).post("/accounts/large-text/", {"on": "0"}).status_code == 302
