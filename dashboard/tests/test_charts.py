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
