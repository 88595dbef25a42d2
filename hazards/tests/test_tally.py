"""The roll-ups (hazards/tally.py) equal the register after random transitions: the kept rows equal a
recount, and every figure read from them — metrics, the 工作台 charts, the quarterly/annual
statistics — equals the same figure counted live. Runs on SQLite and PostgreSQL."""

import datetime
import random

import pytest

from dashboard.figures import hazard_charts
from hazards import metrics, services, tally
from hazards.models import Hazard, HazardMonthTally, HazardTally, State
from reports import periodic

from .conftest import fresh

STATES = [State.REPORTED, State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING,
          State.AWAITING_ACCEPTANCE, State.ACCEPTED, State.CLOSED, State.REJECTED]
TODAY = datetime.date.today()


def kept():
    """The tallies' rows with anything in them (a moved hazard leaves a zero row behind)."""
    rows = {tuple(r[k] for k in tally.TALLY_KEY): (r["n"], r["on_time"], round(r["funds"], 2))
            for r in HazardTally.objects.values() if r["n"] or r["on_time"] or r["funds"]}
    months = {tuple(r[k] for k in tally.MONTH_KEY): (r["n"], round(r["funds"], 2))
              for r in HazardMonthTally.objects.values() if r["n"] or r["funds"]}
    return rows, months


def shuffle_dates(rng, h):
    """Move a hazard's days about through save(), as an import or a correction would."""
    h = fresh(h)
    h.discovered_on = TODAY - datetime.timedelta(days=rng.randint(0, 500))
    fields = ["discovered_on"]
    if h.closed_at:
        h.closed_at = h.closed_at - datetime.timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        fields.append("closed_at")
    if h.accepted_at:
        h.accepted_at = h.accepted_at - datetime.timedelta(days=rng.randint(0, 150), hours=rng.randint(0, 23))
        fields.append("accepted_at")
    if h.rectified_on:
        h.rectified_on = h.discovered_on + datetime.timedelta(days=rng.randint(1, 40))
        h.original_deadline = h.discovered_on + datetime.timedelta(days=rng.choice([15, 30]))
        fields += ["rectified_on", "original_deadline"]
    if h.state in (State.CONFIRMED, State.RECTIFYING, State.PENDING_CONFIRMATION):
        h.deadline = TODAY + datetime.timedelta(days=rng.randint(-30, 30))
        fields.append("deadline")
    h.save(update_fields=fields)


def figures(user):
    qs = Hazard.objects.for_user(user)
    year = TODAY.year
    return {
        "metrics": metrics.page_figures(qs, TODAY),
        "charts": hazard_charts(user, TODAY),
        "stats": [periodic.hazard_statistics(user, *periodic.quarter_range(y, q)) for y in (year - 1, year)
                  for q in (1, 2, 3, 4)] + [periodic.hazard_statistics(user, datetime.date(year, 1, 1),
                                                                        datetime.date(year, 12, 31))],
    }


def comparable(f):
    """Unit bars are ordered by count; equal counts may come in either order."""
    f["charts"]["by_unit"] = sorted(f["charts"]["by_unit"], key=lambda r: r["url"])
    f["charts"]["by_sector"] = sorted(f["charts"]["by_sector"], key=lambda r: r["url"])
    f["charts"]["by_source"] = sorted(f["charts"]["by_source"], key=lambda r: r["url"])
    for group in ("by_sector", "by_unit", "by_source"):
        f["metrics"][group] = sorted(f["metrics"][group], key=lambda r: str(r["key"]))
    return f


@pytest.mark.parametrize("seed", [1, 2])
def test_tallies_equal_the_register_after_random_transitions(world, make_hazard, sectors, seed):
    rng = random.Random(seed)
    made = []
    for _ in range(14):
        made.append(make_hazard(rng.choice(STATES), level=rng.choice(["major", "general"])))
    for h in rng.sample(made, 8):
        shuffle_dates(rng, h)
    # Further transitions on hazards already made, and edits that move a hazard between keys.
    for h in made:
        h = fresh(h)
        if h.state == State.AWAITING_ACCEPTANCE and rng.random() < 0.7:
            services.accept(world.u.safety, h.pk, None, "复查合格")
        elif h.state == State.ACCEPTED and rng.random() < 0.7:
            services.close(world.u.safety, h.pk, None, "同意销号")
    h = fresh(rng.choice(made))
    h.sector, h.plan_funds, h.source = sectors["bridge"], 3.5, "tip_off"
    h.save()
    h = fresh(rng.choice(made))
    h.region = world.b  # corrected to the other county
    h.save(update_fields=["region"])

    rows, months = kept()
    assert rows and months
    tally.rebuild()
    assert kept() == (rows, months)

    for user in (world.u.safety, world.u.leader, world.u.expert):
        assert tally.root(Hazard.objects.for_user(user)) is not None
        rolled = comparable(figures(user))
        with tally.live():
            assert tally.root(Hazard.objects.for_user(user)) is None
            counted = comparable(figures(user))
        assert rolled == counted


def test_a_province_reads_its_own_rows(world, make_hazard):
    """A hazard counts under its region and every region above it; the province's figures are its own rows."""
    for state in (State.CLOSED, State.RECTIFYING, State.REPORTED):
        make_hazard(state)
    province = world.u.province
    qs = Hazard.objects.for_user(province)
    assert tally.root(qs) == world.province.pk
    assert set(HazardTally.objects.filter(n__gt=0).values_list("region_id", flat=True)) == {
        world.province.pk, world.a.pk, world.a_town.pk}
    s = metrics.summary(qs, TODAY)
    with tally.live():
        assert metrics.summary(Hazard.objects.for_user(province), TODAY) == s
    assert s["total"] == 3 and s["closed"] == 1


def test_scopes_a_tally_cannot_answer_are_counted_live(world, make_hazard):
    make_hazard(State.RECTIFYING)
    assert tally.root(Hazard.objects.for_user(world.u.road)) is None  # sector-limited unit staff
    assert tally.root(Hazard.objects.for_user(world.u.alice)) is None  # an enterprise
    assert tally.root(Hazard.objects.for_user(world.u.safety).filter(level="major")) is None  # a filtered list
    assert tally.root(Hazard.objects.filter(level="major").for_user(world.u.safety)) is None
    assert periodic.hazard_statistics(world.u.safety, TODAY.replace(day=2), TODAY.replace(day=3))["total"]


def test_tally_rows_are_read_through_the_scope_door(world, make_hazard):
    make_hazard(State.RECTIFYING)
    regions = lambda user: set(HazardTally.objects.for_user(user).filter(n__gt=0).values_list("region_id", flat=True))  # noqa: E731
    assert regions(world.u.safety) == {world.a.pk, world.a_town.pk}  # its county and below, not the province row
    assert regions(world.u.province) == {world.province.pk, world.a.pk, world.a_town.pk}
    assert regions(world.u.safety_b) == set()  # the other county
    assert regions(world.u.alice) == set()  # an enterprise reads its own hazards, never the roll-up
    assert not HazardMonthTally.objects.for_user(world.u.auditor).exists()  # 三员分立


def test_moving_a_town_recounts_its_hazards_under_the_new_county(world, make_hazard):
    make_hazard(State.RECTIFYING)  # alice's enterprise is in 甲镇, under 甲县
    county_b = world.b
    town = world.a_town
    town.parent = county_b
    town.save()
    under_b = HazardTally.objects.filter(region_id=county_b.pk, n__gt=0).values_list("n", flat=True)
    under_a = HazardTally.objects.filter(region_id=world.a.pk, n__gt=0)
    assert sum(under_b) == 1 and not under_a.exists()


def test_rebuild_command_reports_rows(world, make_hazard):
    from io import StringIO

    from django.core.management import call_command

    make_hazard(State.CLOSED)
    HazardTally.objects.all().delete()
    out = StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert "隐患汇总" in out.getvalue()
    assert HazardTally.objects.filter(region_id=world.a.pk, state="closed").get().n == 1
