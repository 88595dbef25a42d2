import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied

from conftest import EnterpriseFactory
from core.exceptions import ServiceError
from inspections import draws
from inspections.models import DrawEvent, Inspection, RandomDraw


@pytest.fixture
def population(world, sectors):
    """30 road-freight firms in county A (plus alice), one closed firm that must never be drawn."""
    firms = [EnterpriseFactory(name=f"抽查物流{n}", region=world.a, sectors=[sectors["road-freight"]])
             for n in range(30)]
    EnterpriseFactory(name="已注销物流", region=world.a, sectors=[sectors["road-freight"]], status="cancelled")
    return firms


def draw(world, sectors, **extra):
    args = {"title": "2026年第四季度道路货运双随机抽查", "region": world.a, "sector": sectors["road"],
            "inspector_unit": world.road_unit, "enterprise_count": 5, "inspector_count": 2} | extra
    return draws.make_draw(world.u.road, **args)


def test_a_draw_repeated_with_its_seed_gives_the_same_list(world, sectors, population, officers):
    d = draw(world, sectors)
    assert len(d.enterprises) == 5 and len(set(d.enterprises)) == 5
    assert len(d.inspectors) == 2
    assert draws.reproduce(RandomDraw.objects.get(pk=d.pk)) == (d.enterprises, d.inspectors)
    # The same seed on the same population, drawn again later by someone else, gives the same list …
    again = draw(world, sectors, seed=d.seed, title="复核")
    assert (again.enterprises, again.inspectors) == (d.enterprises, d.inspectors)
    # … and the recorded population keeps reproducing after the register changes.
    EnterpriseFactory(name="新设物流", region=world.a, sectors=[sectors["road-freight"]])
    assert draws.reproduce(RandomDraw.objects.get(pk=d.pk)) == (d.enterprises, d.inspectors)
    assert DrawEvent.objects.filter(draw=d, type="drawn").get().data["seed"] == d.seed


def test_different_seeds_give_different_lists(world, sectors, population, officers):
    lists = {tuple(draw(world, sectors, seed=str(s)).enterprises) for s in range(5)}
    assert len(lists) > 1


def test_the_population_is_operating_firms_of_the_filter(world, sectors, population, officers):
    d = draw(world, sectors, enterprise_count=31)  # 30 + alice; not the cancelled one, not charlie (county B)
    names = set(world.alice_ent.__class__.objects.filter(pk__in=d.enterprises).values_list("name", flat=True))
    assert "已注销物流" not in names and world.charlie_ent.name not in names and world.alice_ent.name in names
    assert len(d.population) == 31
    officers_only = set(d.inspector_population)
    assert officers_only == {p.pk for p in officers}  # the uncertified clerk is not in the pool


def test_draw_limits_are_explained(world, sectors, population, officers):
    with pytest.raises(ServiceError, match="共 31 家"):
        draw(world, sectors, enterprise_count=32)
    with pytest.raises(ServiceError, match="至少需要 2 名"):
        draw(world, sectors, inspector_count=1)
    with pytest.raises(ServiceError, match="共 4 人"):
        draw(world, sectors, inspector_count=5)
    with pytest.raises(ServiceError, match="监管范围"):
        draw(world, sectors, sector=sectors["bridge"])
    with pytest.raises(PermissionDenied):
        draws.make_draw(world.u.alice, title="x", region=world.a, inspector_unit=world.road_unit,
                        enterprise_count=1, inspector_count=2)
    assert RandomDraw.objects.count() == 0


def test_planning_makes_one_inspection_per_firm_with_two_officers(world, sectors, population, officers, criteria):
    d = draw(world, sectors, enterprise_count=3, inspector_count=4)
    created = draws.plan_inspections(world.u.road, d.pk, datetime.date.today())
    assert len(created) == 3
    assert [i.targets.get().enterprise_id for i in created] == d.enterprises
    for n, inspection in enumerate(created):
        assert inspection.kind == Inspection.Kind.RANDOM and inspection.draw == d
        team = sorted(inspection.members.values_list("pk", flat=True))
        assert team == sorted([d.inspectors[(2 * n) % 4], d.inspectors[(2 * n + 1) % 4]])
    with pytest.raises(ServiceError, match="已生成"):
        draws.plan_inspections(world.u.road, d.pk, datetime.date.today())


def test_published_draws_are_public_and_unpublished_are_not(client, world, sectors, population, officers):
    d = draw(world, sectors)
    hidden = draw(world, sectors, title="未公示的抽查")
    draws.publish(world.u.road, d.pk)
    # Published, but its inspections are still to come: not yet public (it would warn the firms).
    assert d.title not in client.get("/shuangsuiji/").content.decode()
    created = draws.plan_inspections(world.u.road, d.pk, datetime.date.today())
    assert d.title not in client.get("/shuangsuiji/").content.decode()
    for inspection in created:
        Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.COMPLETED,
                                                             done_on=datetime.date.today())
    page = client.get("/shuangsuiji/").content.decode()
    assert d.title in page and d.seed in page and hidden.title not in page
    drawn = world.alice_ent.__class__.objects.filter(pk__in=d.enterprises).values_list("name", flat=True)
    assert all(name in page for name in drawn)
    assert "13800138000" not in page  # officers' phones are never published
    with pytest.raises(ServiceError, match="已公示"):
        draws.publish(world.u.road, d.pk)


def test_draw_pages_show_the_reproduction_check(client_for, world, sectors, population, officers):
    d = draw(world, sectors)
    page = client_for(world.u.road).get(f"/inspections/draws/{d.pk}/").content.decode()
    assert "结果一致" in page and d.seed in page
    assert client_for(world.u.safety_b).get(f"/inspections/draws/{d.pk}/").status_code == 404


def test_a_graded_draw_takes_red_firms_first_or_weights_them_and_reproduces(world, sectors, population, officers):
    """差异化: 红 firms are always drawn ("red_first") or three times as likely as 绿 ("weighted"); the grades at
    the time of the draw are stored with it, so the draw reproduces even after the codes change."""
    from inspections.draws import pick_graded

    ids = list(range(1, 41))
    grades = ["red" if i <= 4 else "yellow" if i <= 10 else "green" for i in ids]
    assert set(pick_graded("s", ids, grades, 6, "red_first")) >= {1, 2, 3, 4}
    assert set(pick_graded("s", ids, grades, 3, "red_first")) <= {1, 2, 3, 4}  # more 红 than places: among them
    reds = sum(len({1, 2, 3, 4} & set(pick_graded(f"seed{k}", ids, grades, 5, "weighted"))) for k in range(300))
    plain = sum(len({1, 2, 3, 4} & set(random.Random(f"zhiben:seed{k}").sample(ids, 5))) for k in range(300))
    assert reds > 1.8 * plain  # weighted 3:1 against 绿 (and 2:1 against 黄)
    assert pick_graded("x", ids, grades, 5, "weighted") == pick_graded("x", ids, grades, 5, "weighted")
    d = draws.make_draw(world.u.road, title="差异化抽查", region=world.a, inspector_unit=world.road_unit,
                        enterprise_count=1, inspector_count=2, grading="red_first", seed="abc")
    assert d.population_grades and len(d.population_grades) == len(d.population)
    assert draws.reproduce(d) == (d.enterprises, d.inspectors)
    with pytest.raises(ServiceError, match="按分级"):
        draws.make_draw(world.u.road, title="x", region=world.a, inspector_unit=world.road_unit,
                        enterprise_count=1, inspector_count=2, grading="loudest")
