import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accidents import services, statistics
from accidents.grading import grade
from accidents.models import Accident
from core.exceptions import ServiceError


@pytest.mark.parametrize("deaths, injuries, loss, expected", [
    (0, 0, 0, "general"),
    (2, 0, 0, "general"), (3, 0, 0, "larger"),
    (9, 0, 0, "larger"), (10, 0, 0, "serious"),
    (29, 0, 0, "serious"), (30, 0, 0, "especially_serious"),
    (0, 9, 0, "general"), (0, 10, 0, "larger"),
    (0, 49, 0, "larger"), (0, 50, 0, "serious"),
    (0, 99, 0, "serious"), (0, 100, 0, "especially_serious"),
    (0, 0, Decimal("999.99"), "general"), (0, 0, 1000, "larger"),
    (0, 0, Decimal("4999.99"), "larger"), (0, 0, 5000, "serious"),
    (0, 0, Decimal("9999.99"), "serious"), (0, 0, 10000, "especially_serious"),
    (2, 49, Decimal("999"), "larger"),  # the highest measure decides
])
def test_grades_at_every_boundary(deaths, injuries, loss, expected):
    assert grade(deaths, injuries, loss) == expected


def data(world, sectors, **over):
    d = {"title": "甲县货车侧翻事故", "occurred_at": timezone.now() - datetime.timedelta(hours=2), "place": "G65 K120",
         "sector": sectors["road-freight"], "enterprise": world.alice_ent, "summary": "货车侧翻", "deaths": 3,
         "serious_injuries": 1, "direct_loss": Decimal("120")}
    d.update(over)
    return d


def test_recording_grades_and_writes_an_event(world, sectors):
    a = services.record(world.u.road, data(world, sectors))
    assert a.grade == "larger" and a.region == world.a_town and a.events.get().type == "recorded"


def test_figures_change_regrades(world, sectors):
    a = services.record(world.u.road, data(world, sectors))
    a = services.update_figures(world.u.road, a.pk, a.version, {"deaths": 10})
    assert a.grade == "serious"
    assert a.events.get(type="figures_updated").data["before"]["grade"] == "larger"


def test_the_one_hour_report(world, sectors):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.timezone.utc)):
        a = services.record(world.u.road, data(world, sectors, occurred_at=timezone.now()))
        assert a.report_status == "pending"
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 1, tzinfo=datetime.timezone.utc)):
        assert Accident.objects.get(pk=a.pk).report_status == "overdue"
        a = services.mark_reported(world.u.road, a.pk, datetime.datetime(2026, 3, 1, 8, 50, tzinfo=datetime.timezone.utc))
        assert a.report_status == "on_time"
        b = services.record(world.u.road, data(world, sectors, occurred_at=timezone.now() - datetime.timedelta(hours=3)))
        b = services.mark_reported(world.u.road, b.pk, timezone.now())
        assert b.report_status == "late"


def test_bad_input_is_refused(world, sectors):
    with pytest.raises(ServiceError, match="不能晚于现在"):
        services.record(world.u.road, data(world, sectors, occurred_at=timezone.now() + datetime.timedelta(days=1)))
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        services.record(world.u.road, data(world, sectors, enterprise=world.charlie_ent))
    with pytest.raises(ServiceError, match="监管范围"):
        services.record(world.u.highway, data(world, sectors, enterprise=None, region=world.a))
    with pytest.raises(PermissionDenied):
        services.record(world.u.leader, data(world, sectors))
    assert not Accident.objects.exists()


def test_enterprise_reports_only_its_own(world, sectors):
    a = services.record(world.u.alice, data(world, sectors, enterprise=world.bob_ent))
    assert a.enterprise == world.alice_ent
    assert not Accident.objects.for_user(world.u.bob).exists()
    with pytest.raises(PermissionDenied):
        services.save_analysis(world.u.alice, a.pk, a.version, {"cause": "x", "measures": "y"})


def test_analysis_needs_cause_and_measures(world, sectors):
    a = services.record(world.u.road, data(world, sectors))
    with pytest.raises(ServiceError, match="事故原因和防范整改措施"):
        services.save_analysis(world.u.road, a.pk, a.version, {"cause": "超载"})
    a = services.save_analysis(world.u.road, a.pk, a.version, {"cause": "超载", "measures": "加强源头治超"})
    assert a.analysed_at


def test_statistics_equal_the_records(world, sectors):
    for month, deaths in ((1, 3), (1, 0), (5, 12)):
        services.record(world.u.safety, data(world, sectors, deaths=deaths,
                                              occurred_at=datetime.datetime(2025, month, 10, 8, tzinfo=datetime.timezone.utc)))
    qs = Accident.objects.for_user(world.u.safety)
    months = statistics.by_month(qs, 2025)
    assert (months[0]["count"], months[0]["deaths"], months[4]["deaths"], months[4]["larger_up"]) == (2, 3, 12, 1)
    assert statistics.by_quarter(months)[1]["count"] == 1
    assert [y["count"] for y in statistics.by_year(qs, 2025)][-1] == 3
    assert statistics.by_month(Accident.objects.for_user(world.u.safety_b), 2025)[0]["count"] == 0


def test_statistics_count_an_accident_in_its_local_month_and_year(world, sectors):
    """Months and years are Beijing's calendar (core.stats), not UTC's: 2025-01-31 16:30 UTC is 1 February,
    2025-12-31 17:00 UTC is New Year's Day 2026."""
    utc = datetime.timezone.utc
    for at in (datetime.datetime(2025, 1, 31, 16, 30, tzinfo=utc), datetime.datetime(2025, 12, 31, 17, 0, tzinfo=utc),
               datetime.datetime(2025, 12, 31, 15, 59, tzinfo=utc)):
        services.record(world.u.safety, data(world, sectors, occurred_at=at))
    qs = Accident.objects.for_user(world.u.safety)
    assert [m["count"] for m in statistics.by_month(qs, 2025)] == [0, 1] + [0] * 9 + [1]
    assert statistics.by_month(qs, 2026)[0]["count"] == 1
    assert [y["count"] for y in statistics.by_year(qs, 2026, span=2)] == [2, 1]


def test_pages(world, sectors, client_for):
    a = services.record(world.u.road, data(world, sectors))
    client = client_for(world.u.safety)
    assert a.title in client.get("/accidents/").content.decode()
    assert "较大" in client.get(f"/accidents/{a.pk}/").content.decode()
    year = timezone.localdate().year
    assert 'data-total="count">1<' in client.get(f"/accidents/stats/?year={year}").content.decode()
    month = timezone.localtime(a.occurred_at).month
    assert a.title in client.get(f"/accidents/?year={year}&month={month}").content.decode()
    assert a.title not in client.get(f"/accidents/?year={year}&month={month % 12 + 1}").content.decode()
    assert client_for(world.u.safety_b).get(f"/accidents/{a.pk}/").status_code == 404
    assert client_for(world.u.auditor).get("/accidents/").status_code == 403
    client = client_for(world.u.safety)
    response = client.post("/accidents/new/", {"title": "", "place": "x", "sector": sectors["taxi"].pk,
                                               "occurred_at": "2026-01-01T08:00", "summary": "x", "deaths": 0,
                                               "missing": 0, "serious_injuries": 0, "minor_injuries": 0,
                                               "direct_loss": "0", "region": world.a.pk})
    assert response.status_code == 200 and "必填" in response.content.decode()
    assert Accident.objects.count() == 1


def test_the_api_is_scoped(world, sectors):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    services.record(world.u.road, data(world, sectors))

    def count(user):
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return c.get("/api/accidents/").json()["count"]

    assert (count(world.u.safety), count(world.u.alice), count(world.u.bob), count(world.u.safety_b)) == (1, 1, 0, 0)


def test_the_api_steps_are_the_pages_steps(world, sectors):
    """Figures and 一事一分析 through the API: the same table refuses an enterprise the analysis,
    a stale version is 409, and a bad figure is a Chinese 400 that changes nothing."""
    from rest_framework.test import APIClient

    a = services.record(world.u.road, data(world, sectors))

    def post(user, name, payload):
        c = APIClient()
        c.force_authenticate(user)
        return c.post(f"/api/accidents/{a.pk}/{name}/", payload, format="json")

    figures = {"deaths": 10, "missing": 0, "serious_injuries": 1, "minor_injuries": 0, "direct_loss": "120"}
    r = post(world.u.road, "figures", {"version": a.version, **figures, "comment": "失踪转死亡"})
    assert r.status_code == 200, r.content.decode()
    assert r.json()["grade"] == "serious" and "analysis" in r.json()["actions"]
    assert post(world.u.road, "figures", {"version": a.version, **figures}).status_code == 409
    r = post(world.u.road, "figures", {**figures, "deaths": -1})
    assert r.status_code == 400 and Accident.objects.get(pk=a.pk).deaths == 10
    analysis = {"cause": "超速", "measures": "限速管控"}
    assert post(world.u.alice, "analysis", analysis).status_code == 403
    r = post(world.u.safety, "analysis", analysis)
    assert r.status_code == 200 and r.json()["cause"] == "超速"
    assert [e.type for e in Accident.objects.get(pk=a.pk).events.order_by("pk")] == [
        "recorded", "figures_updated", "analysed"]
