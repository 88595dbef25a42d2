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


@pytest.mark.parametrize("username", ["safety", "unit"])
def test_every_monthly_figure_is_a_link_to_the_same_number(demo_db, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    busiest = (EnforcementAction.objects.for_user(user).annotate(m=ExtractMonth("decided_on"))
               .values_list("decided_on__year", "m").order_by("-decided_on").first())
    year, month = busiest
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
    assert mismatches == []
    assert checked >= 3 * len(KEYS) and nonzero >= 8, (checked, nonzero)
