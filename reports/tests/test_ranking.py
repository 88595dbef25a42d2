import datetime

import pytest

from org.models import User
from plans.models import Slot
from reports import ranking


@pytest.fixture
def demo(demo_db):
    return User.objects.get(username="safety")


def test_ranking_figures_match_the_records(demo, client):
    today = datetime.date.today()
    start = datetime.date(today.year, 1, 1)
    rows = ranking.ranking(demo, start, today)
    assert rows and [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    client.force_login(demo)
    for r in rows:
        slots = [s for s in Slot.objects.filter(unit=r["unit"], due_date__gte=start, due_date__lte=today)]
        statuses = [s.status(today) for s in slots]
        assert r["due"] == len(slots)
        assert (r["on_time"], r["late"], r["missing"]) == (statuses.count("on_time"), statuses.count("late"),
                                                            statuses.count("missing"))
        listed = client.get(f"/hazards/?overdue=true&supervising_unit={r['unit'].pk}")
        assert listed.context["table"].paginator.count == r["overdue_hazards"]


def test_ranking_order_and_pdf(demo, client):
    today = datetime.date.today()
    rows = ranking.ranking(demo, datetime.date(today.year, 1, 1), today)
    keys = [(-(r["on_time_rate"] if r["on_time_rate"] is not None else 100), r["overdue"]) for r in rows]
    assert keys == sorted(keys)
    client.force_login(demo)
    page = client.get("/reports/ranking/").content.decode()
    assert "晾晒通报" in page and 'data-testid="ranking"' in page
    pdf = client.get(f"/reports/ranking.pdf?start={today.year}-01-01&end={today.isoformat()}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
