import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hazards.models import Hazard

TODAY = datetime.date.today()


def hazard(world, sectors, n, **extra):
    fields = {"number": f"D-{n}", "level": "general", "state": "rectifying", "sector": sectors["road-freight"],
              "region": world.a, "enterprise": world.alice_ent, "title": "t", "description": "d",
              "discovered_on": TODAY - datetime.timedelta(days=n), "supervising_unit": world.road_unit,
              "deadline": TODAY - datetime.timedelta(days=1), "source": "supervision"} | extra
    return Hazard.objects.create(**fields)


def test_chart_figures_equal_their_lists(client_for, world, sectors):
    for n in range(3):
        hazard(world, sectors, n)
    hazard(world, sectors, 4, sector=sectors["bridge"], enterprise=world.bob_ent, supervising_unit=world.highway_unit,
           source="tip_off", deadline=TODAY + datetime.timedelta(days=9))
    c = client_for(world.u.safety)
    charts = c.get("/").context["charts"]
    assert sum(charts["trend"]["found"]) == 4
    for series in ("by_sector", "by_source"):
        for item in charts[series]:
            assert c.get(item["url"]).context["table"].paginator.count == item["value"], item
    for item in charts["by_unit"]:
        assert c.get(item["url"]).context["table"].paginator.count == item["open"], item
    road = next(i for i in charts["by_unit"] if i["name"] == world.road_unit.name)
    assert road["overdue"] == 3


def test_the_dashboard_query_count_does_not_grow_with_the_data(client_for, world, sectors):
    c = client_for(world.u.safety)
    hazard(world, sectors, 1)
    c.get("/")
    with CaptureQueriesContext(connection) as few:
        c.get("/")
    for n in range(2, 30):
        hazard(world, sectors, n * 11, source=["supervision", "tip_off", "self_report"][n % 3])
    with CaptureQueriesContext(connection) as many:
        c.get("/")
    assert len(many) == len(few)


def test_the_trend_always_ends_with_the_current_month(client_for, world):
    """On the 1st of a month the twelve months still end with that month (it fell out before)."""
    import time_machine

    from dashboard.figures import hazard_charts

    for day in (datetime.date(2026, 12, 1), datetime.date(2026, 3, 1), datetime.date(2026, 1, 31)):
        with time_machine.travel(day):
            months = hazard_charts(world.u.safety, day)["trend"]["months"]
        assert len(months) == 12 and months[-1] == f"{day:%Y-%m}", (day, months)


def test_each_chart_has_a_data_table_with_the_same_linked_figures(client_for, world, sectors):
    """Issue 25: a chart is an image to a screen reader; the table under it carries the same figures, each a
    link to the list that shows that number (found and accepted per month, open and overdue per unit)."""
    from django.utils import timezone
    from lxml import html

    for n in range(3):
        hazard(world, sectors, n)
    hazard(world, sectors, 40, state="accepted", accepted_at=timezone.now() - datetime.timedelta(days=35))
    c = client_for(world.u.safety)
    response = c.get("/")
    charts = response.context["charts"]
    doc = html.fromstring(response.content.decode())
    tables = doc.xpath("//details[@data-testid='chart-table']//table")
    assert len(tables) == 4
    for chart in doc.xpath("//div[contains(@class, 'zb-chart')]"):
        assert chart.get("role") == "img" and doc.get_element_by_id(chart.get("aria-describedby")) is not None
    trend = charts["trend"]
    rows = doc.get_element_by_id("chart-trend-data").xpath("./tbody/tr")
    assert [r.xpath("./th")[0].text_content() for r in rows] == trend["months"]
    assert sum(trend["accepted"]) == 1
    for row, found, accepted in zip(rows, trend["found"], trend["accepted"]):
        found_link, accepted_link = row.xpath(".//a")
        assert int(found_link.text_content()) == found
        assert c.get(found_link.get("href")).context["table"].paginator.count == found
        assert int(accepted_link.text_content()) == accepted
        assert c.get(accepted_link.get("href")).context["table"].paginator.count == accepted
    for row in doc.get_element_by_id("chart-unit-data").xpath("./tbody/tr"):
        open_link, overdue_link = row.xpath(".//a")
        item = next(i for i in charts["by_unit"] if i["name"] == row.xpath("./th")[0].text_content())
        assert (int(open_link.text_content()), int(overdue_link.text_content())) == (item["open"], item["overdue"])
        assert c.get(overdue_link.get("href")).context["table"].paginator.count == item["overdue"]
    for series in ("sector", "source"):
        values = [int(a.text_content()) for a in doc.get_element_by_id(f"chart-{series}-data").xpath(".//a")]
        assert values == [i["value"] for i in charts[f"by_{series}"]]
