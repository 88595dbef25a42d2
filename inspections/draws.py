""""双随机、一公开": draw N enterprises and M certified inspectors at random.

The draw is reproducible and auditable: the population lists (ids in id
order) and the seed are stored with the result, and `reproduce(draw)` runs
the same algorithm again. The seed is drawn from the OS (secrets) unless the
officer enters one, e.g. one announced in advance at a public draw.
"""

import datetime
import random
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from enterprises.models import Enterprise
from org.models import Person
from org.scope import get_scope, place, within

from . import services
from .models import DrawEvent, Inspection, InspectionEvent, RandomDraw


def population(user, region, sector=None, key_only=False):
    """Enterprises in operation in the region (and sector subtree), in id order."""
    qs = Enterprise.objects.for_user(user).filter(region__path__startswith=region.path, status="operating")
    if sector is not None:
        qs = qs.filter(sectors__path__startswith=sector.path)
    if key_only:
        qs = qs.filter(is_two_plus_one=True)
    return list(qs.order_by("id").values_list("id", flat=True).distinct())


def inspector_pool(unit):
    """Certified (执法证号) active officers of the unit and its sub-units, in id order."""
    qs = Person.objects.filter(unit__path__startswith=unit.path, active=True).exclude(enforcement_cert="")
    return list(qs.order_by("id").values_list("id", flat=True))


def pick(seed, ids, n):
    """The draw itself. random.Random with a str seed is stable across Python 3 versions."""
    return random.Random(f"zhiben:{seed}").sample(list(ids), n)


WEIGHTS = {"red": 3, "yellow": 2, "green": 1}


def pick_graded(seed, ids, grades, n, grading):
    """差异化 draws by the 红/黄/绿 code, as reproducible as `pick`: "red_first" takes every 红 firm (at
    random order if there are more than n) and draws the rest among the others; "weighted" draws one by
    one without replacement, each firm's chance in proportion to its weight (红3 黄2 绿1)."""
    rng = random.Random(f"zhiben:{seed}")
    ids, grades = list(ids), list(grades)
    if grading == "red_first":
        red = [i for i, g in zip(ids, grades) if g == "red"]
        rest = [i for i, g in zip(ids, grades) if g != "red"]
        if len(red) >= n:
            return rng.sample(red, n)
        return red + rng.sample(rest, n - len(red))
    chosen, pool = [], list(zip(ids, [WEIGHTS.get(g, 1) for g in grades]))
    for _ in range(n):
        total = sum(w for _, w in pool)
        mark = rng.random() * total
        for k, (i, w) in enumerate(pool):
            mark -= w
            if mark < 0 or k == len(pool) - 1:
                chosen.append(i)
                pool.pop(k)
                break
    return chosen


def reproduce(draw):
    """Run the recorded draw again: (enterprises, inspectors) — equal to the stored lists."""
    if draw.grading:
        firms = pick_graded(draw.seed, draw.population, draw.population_grades, draw.enterprise_count, draw.grading)
    else:
        firms = pick(draw.seed, draw.population, draw.enterprise_count)
    return firms, pick(f"{draw.seed}:inspectors", draw.inspector_population, draw.inspector_count)


def grades_of(ids):
    """The 红/黄/绿 code of each enterprise, in the order of `ids` (enterprises.grading, as on the list)."""
    from enterprises.grading import annotate

    codes = dict(annotate(Enterprise.objects.filter(pk__in=ids)).values_list("pk", "grade"))
    return [codes.get(i, "green") for i in ids]


@transaction.atomic
def make_draw(user, *, title, region, inspector_unit, enterprise_count, inspector_count, sector=None,
              key_only=False, seed="", grading=""):
    if not services.can_plan(user):
        raise PermissionDenied("您的角色不能组织“双随机”抽查。")
    if not (title or "").strip():
        raise ServiceError("请填写抽查事项。", field="title")
    place(user, region=region, **({"sector": sector} if sector is not None else {}))
    within(user, inspector_unit, "inspector_unit", "执法人员所在单位")
    ids = population(user, region, sector, key_only)
    officers = inspector_pool(inspector_unit)
    if enterprise_count < 1 or enterprise_count > len(ids):
        raise ServiceError(f"符合条件的在营企业共 {len(ids)} 家，抽取数应在 1 至 {len(ids)} 之间。",
                           field="enterprise_count")
    if inspector_count < 2:
        raise ServiceError("执法检查至少需要 2 名执法人员。", field="inspector_count")
    if inspector_count > len(officers):
        raise ServiceError(f"“{inspector_unit.name}”持执法证的在职人员共 {len(officers)} 人，抽取数不能超过该数。",
                           field="inspector_count")
    seed = (seed or "").strip() or str(secrets.randbits(48))
    if len(seed) > 40:
        raise ServiceError("随机种子不能超过40个字符。", field="seed")
    if grading not in ("", "weighted", "red_first"):
        raise ServiceError("请选择按分级抽取的方式。", field="grading")
    draw = RandomDraw(title=title.strip(), region=region, sector=sector, key_only=key_only,
                      inspector_unit=inspector_unit, enterprise_count=enterprise_count,
                      inspector_count=inspector_count, seed=seed, population=ids,
                      inspector_population=officers, drawn_by=user, grading=grading,
                      population_grades=grades_of(ids) if grading else [])
    draw.enterprises, draw.inspectors = reproduce(draw)
    draw.save()
    DrawEvent.objects.create(draw=draw, type="drawn", actor=user,
                             data={"seed": seed, "population": len(ids), "inspector_population": len(officers),
                                   "grading": grading})
    return draw


@transaction.atomic
def publish(user, draw_id):
    """一公开: the list becomes visible on the public page."""
    if not services.can_plan(user):
        raise PermissionDenied("您的角色不能公示抽取结果。")
    draw = workflow.lock(RandomDraw, user, draw_id, what="抽取记录")
    if draw.published_at:
        raise ServiceError("该抽取结果已公示。")
    draw.published_at = timezone.now()
    draw.save(update_fields=["published_at"])
    DrawEvent.objects.create(draw=draw, type="published", actor=user)
    return draw


@transaction.atomic
def plan_inspections(user, draw_id, planned_on, template=None, with_criteria=True):
    """One 双随机 inspection per drawn enterprise, inspectors assigned two by two in
    drawn order (the law needs at least two officers per inspection)."""
    if not services.can_plan(user):
        raise PermissionDenied("您的角色不能安排检查。")
    draw = workflow.lock(RandomDraw, user, draw_id, what="抽取记录")
    if draw.inspections.exists():
        raise ServiceError("该抽取结果已生成检查任务。")
    if not isinstance(planned_on, datetime.date):
        raise ServiceError("请填写计划检查日期。", field="planned_on")
    enterprises = Enterprise.objects.in_bulk(draw.enterprises)
    people = Person.objects.in_bulk(draw.inspectors)
    officers = [people[i] for i in draw.inspectors if i in people]
    created = []
    for n, eid in enumerate(draw.enterprises):
        enterprise = enterprises.get(eid)
        if enterprise is None:
            continue
        pair = [officers[(2 * n) % len(officers)], officers[(2 * n + 1) % len(officers)]]
        inspection = services.create_inspection(user, {
            "kind": Inspection.Kind.RANDOM, "title": f"{draw.title}（{enterprise.name}）",
            "sector": enterprise.sector_for(draw.sector, get_scope(user).sector_ids),
            "lead_unit": draw.inspector_unit, "region": enterprise.region,
            "planned_on": planned_on, "leader": pair[0], "members": pair, "enterprises": [enterprise],
            "template": template, "with_criteria": with_criteria, "draw": draw,
        })
        InspectionEvent.objects.create(inspection=inspection, type="drawn", actor=user,
                                       data={"draw": draw.pk, "seed": draw.seed})
        created.append(inspection)
    DrawEvent.objects.create(draw=draw, type="inspections_planned", actor=user, data={"count": len(created)})
    return created
