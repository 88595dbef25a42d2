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


def test_only_units_with_something_due_are_ranked_and_the_notice_names_every_marked_one(demo, client):
    """Issue 19 #3: a unit with nothing due, overdue or found in the period is not ranked (the
    bureau ranked first on 应报 0); the notice names exactly the rows the table marks."""
    from org.models import Unit

    today = datetime.date.today()
    start = datetime.date(today.year, 1, 1)
    rows = ranking.ranking(demo, start, today)
    ranked = {r["unit"].pk for r in rows}
    for unit in Unit.objects.for_user(demo):
        has_slots = Slot.objects.filter(unit=unit, due_date__gte=start, due_date__lte=today).exists()
        if has_slots:
            assert unit.pk in ranked, unit.name
    assert all(r["due"] or r["overdue"] or r["found"] for r in rows)
    marked = [r for r in rows if r["missing"] or r["overdue"]]
    assert marked, "the demo year has late or missing work"
    context = client_for_context(client, demo, f"/reports/ranking/?start={start}&end={today}")
    assert [r["unit"].pk for r in context["bottom"]] == [r["unit"].pk for r in marked]
    pdf_html = client.get(f"/reports/ranking.pdf?start={start}&end={today}")
    assert pdf_html.status_code == 200


def client_for_context(client, user, path):
    client.force_login(user)
    return client.get(path).context
