"""考核 (issue 21 §6): a scheme with the sample plans' items scores every unit from the records; each
deduction links to the record that caused it; a 一票否决 condition zeroes the unit with the reason shown;
manual items need a reason and stay within their points; a published result is frozen and corrected only
by a new version with its reason; an enterprise's published result feeds its 信用 level and 红/黄/绿 code;
reads go through the one door."""

import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from accidents.models import Accident
from appraisal import scoring, services
from appraisal.models import Deduction, Result, Round, RoundEvent, Scheme
from core.exceptions import ServiceError
from hazards.models import Hazard

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def hazard(world, sectors, n, deadline, unit=None, enterprise=None, level="general", source="supervision",
           state=Hazard.State.RECTIFYING):
    return Hazard.objects.create(
        number=f"YH-{n}", title=f"隐患{n}", description="现场发现", level=level, sector=sectors["road-freight"],
        region=world.a_town, enterprise=enterprise or world.alice_ent, reported_by=world.u.road,
        discovered_on=deadline - datetime.timedelta(days=30), deadline=deadline, source=source, state=state,
        supervising_unit=unit or world.road_unit)


def accident(world, sectors, grade, day, enterprise=None):
    return Accident.objects.create(title=f"{grade}事故", occurred_at=datetime.datetime.combine(day, datetime.time(9), NOW.tzinfo),
                                   place="G210", region=world.a, sector=sectors["road-freight"], summary="追尾",
                                   grade=grade, deaths=1, enterprise=enterprise, recorded_by=world.u.road)


@pytest.fixture
def unit_round(world):
    scheme = services.create_scheme(world.u.safety, title="2026年度安全生产目标责任考核", target=Scheme.Target.UNITS)
    return services.start_round(world.u.safety, scheme.pk, period="year", year=2026)


def score_of(rnd, unit):
    return next(s for s in scoring.scores(rnd) if s.subject == unit)


def test_every_unit_is_scored_from_its_records_and_each_deduction_links_to_one(world, sectors, unit_round):
    late = hazard(world, sectors, 1, datetime.date(2026, 6, 30))
    hazard(world, sectors, 2, datetime.date(2026, 12, 20))  # not due yet: no deduction
    hazard(world, sectors, 3, datetime.date(2026, 5, 1), state=Hazard.State.CLOSED)  # accepted in time below
    Hazard.objects.filter(number="YH-3").update(accepted_at=NOW.replace(month=4))
    scores = {s.subject: s for s in scoring.scores(unit_round)}
    assert set(scores) == {world.road_unit, world.highway_unit}  # the county's units, not the bureau itself
    road = scores[world.road_unit]
    assert [(x.item.rule, x.points, x.url) for x in road.lines] == [("overdue_hazards", Decimal(2), late.get_absolute_url())]
    assert (road.score, road.deducted, road.rank) == (Decimal(98), Decimal(2), 2)
    assert (scores[world.highway_unit].score, scores[world.highway_unit].rank) == (Decimal(100), 1)
    # The cap: eleven overdue hazards deduct 20, not 22; every line still names its record.
    for n in range(10, 20):
        hazard(world, sectors, n, datetime.date(2026, 7, 1))
    road = score_of(unit_round, world.road_unit)
    assert len(road.lines) == 11 and road.deducted == Decimal(20)
    assert sum(x.points for x in road.lines) == road.deducted


def test_a_larger_accident_zeroes_the_unit_and_says_why(world, sectors, unit_round, client_for):
    accident(world, sectors, "larger", datetime.date(2026, 8, 2))
    road = score_of(unit_round, world.road_unit)
    assert road.vetoed and road.score == 0 and "较大" in road.veto_reason
    assert score_of(unit_round, world.highway_unit).score == 100  # a highways unit does not answer for a road crash
    page = client_for(world.u.safety).get(f"/appraisal/rounds/{unit_round.pk}/unit/{world.road_unit.pk}/").content.decode()
    assert 'data-testid="veto"' in page and "较大及以上生产安全事故" in page
    assert 'href="/accidents/' in page


def test_manual_items_need_a_reason_and_keep_within_their_points(world, unit_round):
    item = unit_round.scheme.items.get(rule="manual")
    with pytest.raises(ServiceError, match="扣分理由"):
        services.add_manual(world.u.safety, unit_round.pk, item_id=item.pk, subject_id=world.road_unit.pk, points=2,
                            reason=" ")
    with pytest.raises(ServiceError, match="最多扣"):
        services.add_manual(world.u.safety, unit_round.pk, item_id=item.pk, subject_id=world.road_unit.pk,
                            points=item.cap + 1, reason="暗访发现问题")
    with pytest.raises(ServiceError, match="不在本方案范围"):
        services.add_manual(world.u.safety, unit_round.pk, item_id=item.pk, subject_id=world.bureau_b.pk, points=1,
                            reason="x")
    with pytest.raises(PermissionDenied):
        services.add_manual(world.u.road, unit_round.pk, item_id=item.pk, subject_id=world.road_unit.pk, points=1,
                            reason="x")
    services.add_manual(world.u.safety, unit_round.pk, item_id=item.pk, subject_id=world.road_unit.pk, points=3,
                        reason="“四不两直”暗访发现台账不全")
    road = score_of(unit_round, world.road_unit)
    assert road.score == 97 and road.lines[0].text == "“四不两直”暗访发现台账不全"


def test_a_published_result_is_frozen_and_corrected_only_by_a_new_version(world, sectors, unit_round, client_for):
    hazard(world, sectors, 1, datetime.date(2026, 6, 30))
    with pytest.raises(PermissionDenied):
        services.publish(world.u.road, unit_round.pk)
    published = services.publish(world.u.safety, unit_round.pk, unit_round.version)
    assert published.state == Round.State.PUBLISHED and published.as_of == TODAY
    frozen = Result.objects.get(round=published, unit=world.road_unit)
    assert frozen.score == 98 and Deduction.objects.get(result=frozen).url.startswith("/hazards/")
    # Each unit's staff are told their own result, linked to their 考核评分表; the publisher is not told.
    from notify.models import Message

    told = Message.objects.get(recipient=world.u.road, title__startswith="考核结果发布")
    assert told.url == f"/appraisal/rounds/{published.pk}/unit/{world.road_unit.pk}/" and "得分 98，第 2 名" in told.body
    assert client_for(world.u.road).get(told.url).status_code == 200
    assert Message.objects.filter(recipient=world.u.highway, title__startswith="考核结果发布").count() == 1
    assert not Message.objects.filter(recipient=world.u.safety, title__startswith="考核结果发布").exists()
    # The records move on; the published figures do not.
    hazard(world, sectors, 2, datetime.date(2026, 7, 30))
    assert score_of(published, world.road_unit).score == 98
    item = published.scheme.items.get(rule="manual")
    with pytest.raises(ServiceError, match="已发布"):
        services.add_manual(world.u.safety, published.pk, item_id=item.pk, subject_id=world.road_unit.pk, points=1,
                            reason="x")
    with pytest.raises(ServiceError, match="不能再修改考核项目"):
        services.set_items(world.u.safety, published.scheme_id, [("新项目", "manual", 1, 5, False, "")])
    with pytest.raises(ServiceError, match="更正原因"):
        services.revise(world.u.safety, published.pk, "")
    second = services.revise(world.u.safety, published.pk, "YH-2 整改期限录入有误，重新计分")
    assert (second.number, second.state, second.supersedes) == (2, Round.State.DRAFT, published)
    assert score_of(second, world.road_unit).score == 96
    services.publish(world.u.safety, second.pk)
    published.refresh_from_db()
    assert published.state == Round.State.SUPERSEDED and score_of(published, world.road_unit).score == 98
    assert RoundEvent.objects.filter(round=published, type="superseded").exists()
    page = client_for(world.u.road).get(published.get_absolute_url()).content.decode()
    assert "已被更正" in page and f'href="{second.get_absolute_url()}"' in page
    # Units read the published ranking; they cannot publish or correct.
    assert 'id="do-revise"' not in page


def test_enterprise_results_feed_the_credit_level_and_the_code(world, sectors):
    from enterprises.grading import annotate
    from enterprises.models import Enterprise, EnterpriseEvent

    scheme = services.create_scheme(world.u.safety, title="2026年度企业安全生产考核", target=Scheme.Target.ENTERPRISES)
    rnd = services.start_round(world.u.safety, scheme.pk, period="quarter", year=2026, quarter=3)
    scores = {s.subject: s for s in scoring.scores(rnd)}
    alice = scores[world.alice_ent]
    # No check, no pledge in July, August, September; no plan on file.
    assert [x.item.rule for x in alice.lines].count("e_missing_checks") == 3
    assert alice.score == Decimal(100) - 9 - 3 - 10 and alice.credit == "B"
    hazard(world, sectors, 9, datetime.date(2026, 9, 1), enterprise=world.bob_ent, level="major", source="tip_off")
    assert scoring.find(rnd, "enterprise", world.bob_ent.pk).vetoed  # a 重大 hazard it did not report itself
    services.publish(world.u.safety, rnd.pk)
    graded = {e.pk: e for e in annotate(Enterprise.objects.filter(pk__in=[world.alice_ent.pk, world.bob_ent.pk]))}
    alice_ent, bob_ent = graded[world.alice_ent.pk], graded[world.bob_ent.pk]
    assert (alice_ent.credit_level, alice_ent.appraisal_score) == ("B", Decimal(78))
    assert bob_ent.appraisal_vetoed and bob_ent.grade == "red" and bob_ent.credit_level == "D"
    assert EnterpriseEvent.objects.filter(enterprise=world.alice_ent, type="appraised").exists()
    from notify.models import Message

    told = Message.objects.get(recipient=world.u.alice, title__startswith="考核结果发布")
    assert told.url == world.alice_ent.get_absolute_url() and "得分 78" in told.body
    assert "一票否决" in Message.objects.get(recipient=world.u.bob, title__startswith="考核结果发布").body


def test_reads_through_the_door_pages_and_api(world, unit_round, client_for):
    assert client_for(world.u.expert).get("/appraisal/").status_code == 403
    assert client_for(world.u.alice).get(f"/api/appraisals/{unit_round.pk}/").status_code == 403
    assert client_for(world.u.safety_b).get(unit_round.get_absolute_url()).status_code == 404
    road = client_for(world.u.road)
    assert road.get(unit_round.get_absolute_url()).status_code == 200
    body = client_for(world.u.safety).get(f"/api/appraisals/{unit_round.pk}/scores/").json()
    assert {row["name"] for row in body} == {world.road_unit.name, world.highway_unit.name}
    r = client_for(world.u.safety).post(f"/api/appraisals/{unit_round.pk}/publish/", {"version": unit_round.version},
                                        content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "published"
    r = client_for(world.u.safety).post(f"/api/appraisals/{unit_round.pk}/revise/", {}, content_type="application/json")
    assert r.status_code == 400
    pdf = client_for(world.u.safety).get(f"/appraisal/rounds/{unit_round.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and "考核" in unquote(pdf["Content-Disposition"])
