"""Bulk, deterministic risk points, trainings and drills for `generate_data` over the
synthetic province's enterprises. The i-th record depends only on (seed, i)."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from enterprises.models import Contact, Enterprise
from org.models import User
from risks import grading
from risks.models import RiskPoint

from safety.models import Attendee, Drill, Training

BATCH = 2000
EVENTS = ["车辆火灾", "危险货物泄漏", "疲劳驾驶追尾", "高处坠落", "机械伤害", "坍塌", "触电", "落水"]


def _base():
    firms = list(Enterprise.objects.filter(credit_code__startswith="9199", status="operating")
                 .values_list("pk", "region_id"))
    if not firms:
        raise ValueError("请先用 --enterprises 生成企业")
    sector_of = {}
    for eid, sid in Enterprise.sectors.through.objects.filter(
            enterprise__credit_code__startswith="9199").values_list("enterprise_id", "sector_id"):
        sector_of.setdefault(eid, sid)
    bot, _ = User.objects.get_or_create(username="scale-generator", defaults={
        "role": "sys_admin", "is_active": False, "last_name": "压测数据"})
    return firms, sector_of, bot


def generate(seed, risks=0, trainings=0, drills=0, today=None):
    today = today or timezone.localdate()
    firms, sector_of, bot = _base()
    for count, make, start in ((risks, _risks, RiskPoint.objects.filter(region__code__startswith="99").count()),
                               (drills, _drills, Drill.objects.filter(region__code__startswith="99").count())):
        done = 0
        while done < count:
            n = min(BATCH, count - done)
            with transaction.atomic():
                make(range(start + done, start + done + n), seed, today, firms, sector_of, bot)
            done += n
    if trainings:
        _trainings(trainings, seed, today, bot)


def _risks(indices, seed, today, firms, sector_of, bot):
    rows = []
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i + 6 * 10**9)
        eid, region_id = firms[rng.randrange(len(firms))]
        if rng.random() < 0.6:
            method = grading.LEC
            values = {"l": rng.choice(grading.L_VALUES), "e": rng.choice(grading.E_VALUES),
                      "c": rng.choice(grading.C_VALUES)}
        else:
            method = grading.MATRIX
            values = {"l": Decimal(rng.randint(1, 5)), "s": Decimal(rng.randint(1, 5))}
        value = grading.score(method, values)
        level = grading.classify(value, grading.DEFAULT_BANDS[method])
        rows.append(RiskPoint(
            enterprise_id=eid, region_id=region_id, sector_id=sector_of.get(eid), work_unit="压测作业单元",
            event=rng.choice(EVENTS), factors="压测致险因素", method=method, l_value=values["l"],
            e_value=values.get("e"), c_value=values.get("c"), s_value=values.get("s"), score=value, level=level,
            measures="压测管控措施", responsible="压测责任人",
            next_review=today + datetime.timedelta(days=rng.randint(-30, 90)),
            filing="acknowledged" if level == "major" else "none", created_by=bot))
    RiskPoint.objects.bulk_create(rows, batch_size=500)


def _drills(indices, seed, today, firms, sector_of, bot):
    kinds = [k for k, _ in Drill.Kind.choices]
    rows = []
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i + 7 * 10**9)
        eid, region_id = firms[rng.randrange(len(firms))]
        rows.append(Drill(enterprise_id=eid, region_id=region_id, sector_id=sector_of.get(eid),
                          kind=rng.choice(kinds), held_on=today - datetime.timedelta(days=rng.randint(1, 900)),
                          scenario="压测演练", participants=rng.randint(5, 80), evaluation="压测数据", created_by=bot))
    Drill.objects.bulk_create(rows, batch_size=500)


def _trainings(count, seed, today, bot):
    """One key-people training per county per run share, each with ~30 principals of that county."""
    from org.models import Region

    counties = list(Region.objects.filter(code__startswith="99", level=Region.Level.COUNTY).order_by("code"))
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i + 8 * 10**9)
        county = counties[i % len(counties)]
        end = today - datetime.timedelta(days=rng.randint(1, 700))
        with transaction.atomic():
            t = Training.objects.create(kind=Training.Kind.KEY_PEOPLE, title="压测培训", region=county,
                                        start_on=end - datetime.timedelta(days=2), end_on=end, hours=24,
                                        created_by=bot)
            contacts = list(Contact.objects.filter(enterprise__region=county, role="principal")
                            .order_by("id").values_list("pk", flat=True)[rng.randint(0, 20):][:30])
            Attendee.objects.bulk_create([Attendee(training=t, contact_id=c, passed=rng.random() < 0.9)
                                          for c in contacts])
