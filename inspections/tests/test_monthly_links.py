"""Every figure of the 安全监管执法月报表 is a link to the list that shows the same number
(issue 18 #3): each cell of the page as rendered — sector rows, 合计 and 本年累计 — is
followed, and the list's count or stated total compared with the cell."""

import re
from decimal import Decimal

import pytest
from django.db.models.functions import ExtractMonth

from inspections.models import EnforcementAction
from inspections.monthly import KEYS, LIST_TOTAL
from org.models import User

ROW = re.compile(r"<tr[^>]*>\s*<td[^>]*>([^<]+)</td>(.*?)</tr>", re.S)
CELL = re.compile(r'<td[^>]*><a href="([^"]+)" data-figure[^>]*>([0-9.]+)</a></td>')


def stated(client, url, key):
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200, url
    if key is None:
        return response.context["table"].paginator.count
    return Decimal(re.search(rf'data-total="{key}">([0-9.]+)<', response.content.decode()).group(1))


def follow_every_cell(client, year, month):
    """Follows each cell's link; returns (cells checked, non-zero cells, mismatches)."""
    page = client.get(f"/inspections/monthly/?year={year}&month={month}").content.decode()
    table = page[page.index('data-testid="monthly"'):page.index("</table>")]
    rows = ROW.findall(table)
    assert [label for label, _ in rows][-2:] == ["合计", "本年累计"]
    checked, mismatches, nonzero = 0, [], 0
    for label, cells_html in rows:
        cells = CELL.findall(cells_html)
        assert len(cells) == len(KEYS), (label, "a figure without a link")
        for key, (url, value) in zip(KEYS, cells):
            figure = Decimal(value)
            nonzero += figure > 0
            if stated(client, url, LIST_TOTAL[key]) != figure:
                mismatches.append((label, key, value, url))
            checked += 1
    return checked, nonzero, mismatches


@pytest.mark.parametrize("username", ["safety", "unit"])  # the leader and expert read what safety reads
def test_every_monthly_figure_of_the_demo_county_is_a_link_to_the_same_number(demo_db, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    year, month = (EnforcementAction.objects.for_user(user).annotate(m=ExtractMonth("decided_on"))
                   .values_list("decided_on__year", "m").order_by("-decided_on").first())
    checked, nonzero, mismatches = follow_every_cell(client, year, month)
    assert mismatches == []
    assert checked >= 3 * len(KEYS) and nonzero >= 8, (checked, nonzero)


def test_firms_twice_and_fines_of_two_parties_link_to_the_same_number(world, make_inspection, client_for):
    """The cases where a count of rows is not the figure: one firm inspected twice (2 家次),
    ordered twice (1 家), and a 一案双罚 whose personal fine is part of 罚款."""
    from inspections import services

    from .conftest import answer_all
    from .test_enforcement import TODAY, act

    for _ in range(2):
        inspection = make_inspection()
        answer_all(world.u.road, inspection, fail=(0,))
        services.hazard_from_item(world.u.road, inspection.targets.first().items.order_by("order").first().pk)
        inspection.refresh_from_db()
        services.complete(world.u.road, inspection.pk, inspection.version, "发现隐患")
    act(world, "order")
    act(world, "order", case_number="甲交执改〔2026〕2号")
    act(world, "dual_penalty", fine=Decimal("20000"), party_name="张三", person_fine=Decimal("5000"))
    act(world, "interview", by=world.u.safety, enterprise=world.bob_ent)
    client = client_for(world.u.safety)
    checked, nonzero, mismatches = follow_every_cell(client, TODAY.year, TODAY.month)
    assert mismatches == []
    page = client.get(f"/inspections/monthly/?year={TODAY.year}&month={TODAY.month}").content.decode()
    total = dict(zip(KEYS, CELL.findall(page[page.index(">合计<"):])))
    assert (total["targets"][1], total["order"][1], total["fine"][1]) == ("2", "1", "2.50")
