"""Every figure on the 工作台 is a link to the list that shows the same number (issue 18 #3):
for each business role of the demo county, every card's link is followed and its list counted."""

import re

import pytest

from org.models import User

CARD = re.compile(r'<a href="([^"]+)">(?:(?!</a>).)*?data-kpi="([a-z_]+)">\s*([0-9]+)\s*<', re.S)


def shown(response):
    """How many records the list page shows (all pages together)."""
    context = response.context
    for key in ("table", "page"):
        if key in context and hasattr(context[key], "paginator"):
            return context[key].paginator.count
    if "slot_count" in context:
        return context["slot_count"]
    if "shown" in context:  # the coverage target's list of enterprises
        return context["shown"].count()
    raise AssertionError(f"no count on {response.request['PATH_INFO']}")


@pytest.mark.parametrize("username", ["leader", "safety", "unit", "enterprise", "expert"])
def test_every_dashboard_figure_links_to_a_list_with_the_same_number(demo_db, client, username):
    client.force_login(User.objects.get(username=username))
    page = client.get("/").content.decode()
    kpis = set(re.findall(r'data-kpi="([a-z_]+)"', page))
    cards = CARD.findall(page)
    linked = {k for _, k, _ in cards}
    # "目标已达标 3 / 5" and the rate cards are ratios, not counts of a list.
    assert kpis - linked <= {"targets_reached"}, sorted(kpis - linked)
    mismatches = []
    for url, kpi, value in cards:
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, (kpi, url)
        count = shown(response)
        if count != int(value):
            mismatches.append((kpi, url, int(value), count))
    assert mismatches == []
    assert len(cards) >= 3
