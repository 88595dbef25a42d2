"""Bulk, deterministic hazards for `generate_data --hazards M`.

The i-th hazard depends only on (seed, i). Distributions follow what county
ledgers look like: ~8% 重大; most old hazards closed, a tail still open or
overdue; recent ones spread over the loop; deadlines 15/30/60 days; about
70% rectified on time.
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from core.fulltext import index_text
from enterprises.models import Enterprise

from core.models import NumberCounter
from hazards.models import Criterion, Hazard, HazardEvent, State

TITLES = [
    ("车辆逾期未检仍在运营", "使用检验不合格或逾期未检的车辆从事运输"), ("驾驶员疲劳驾驶未及时纠正", "动态监控发现驾驶员连续驾驶超时"),
    ("消防通道被堵塞", "站场消防通道堆放杂物"), ("灭火器过期", "车辆或场所灭火器超过有效期"),
    ("护栏缺失", "路侧护栏缺失或损坏"), ("危大工程未编制专项方案", "危险性较大的分部分项工程未编制专项施工方案"),
    ("救生设备不足", "船舶或渡口救生衣数量不足"), ("安全培训记录不全", "从业人员安全教育培训记录缺失"),
    ("应急预案未演练", "未按规定开展应急演练"), ("临时用电不规范", "施工现场临时用电线路私拉乱接"),
]
OPEN_MIX = [State.REPORTED, State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING, State.RECTIFYING,
            State.RECTIFYING, State.AWAITING_ACCEPTANCE, State.ACCEPTED]
SOURCES = ["self_report"] * 4 + ["supervision"] * 3 + ["enforcement"] * 2 + ["tip_off", "assigned", "other"]
BATCH = 2000


def generate(count, seed, today=None, stdout=None):
    today = today or timezone.localdate()
    enterprises = list(Enterprise.objects.filter(credit_code__startswith="9199")
                       .values_list("pk", "region_id", "region__parent_id", "region__code"))
    if not enterprises:
        raise ValueError("请先用 --enterprises 生成企业")
    ent_sector = {}
    through = Enterprise.sectors.through
    for eid, sid in through.objects.filter(enterprise__credit_code__startswith="9199").values_list("enterprise_id",
                                                                                                   "sector_id"):
        ent_sector.setdefault(eid, sid)
    criteria = list(Criterion.objects.values_list("pk", flat=True))
    tokens = {t: index_text(t, d) for t, d in TITLES}
    start = Hazard.objects.filter(number__startswith="99").count()
    counters = defaultdict(int)
    for prefix, year, last in NumberCounter.objects.filter(prefix__startswith="99").values_list("prefix", "year", "last"):
        counters[(prefix, year)] = last
    done = 0
    while done < count:
        n = min(BATCH, count - done)
        _batch(range(start + done, start + done + n), seed, today, enterprises, ent_sector, criteria, tokens, counters)
        done += n
    for (prefix, year), last in counters.items():
        NumberCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
    from hazards import tally

    tally.rebuild()  # bulk_create went past Hazard.save


@transaction.atomic
def _batch(indices, seed, today, enterprises, ent_sector, criteria, tokens, counters):
    objs = []
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i + 10**9)
        eid, region_id, county_id, region_code = enterprises[rng.randrange(len(enterprises))]
        age = int(rng.triangular(0, 1300, 200))
        discovered = today - datetime.timedelta(days=age)
        major = rng.random() < 0.08
        title, desc = TITLES[rng.randrange(len(TITLES))]
        days = rng.choice([15, 30, 30, 60])
        deadline = discovered + datetime.timedelta(days=days)
        if rng.random() < 0.04:
            state = State.REJECTED
        elif age > 180:
            state = State.CLOSED if rng.random() < 0.9 else rng.choice(OPEN_MIX[3:])
        else:
            state = State.CLOSED if rng.random() < 0.45 else rng.choice(OPEN_MIX)
        rectified = closed = accepted = None
        if state in (State.ACCEPTED, State.CLOSED):
            took = int(days * (rng.uniform(0.3, 1.0) if rng.random() < 0.7 else rng.uniform(1.05, 2.5)))
            rectified = min(discovered + datetime.timedelta(days=took), today)
            # 验收 a few days after the rectification, 销号 the same day (closed) or later (accepted).
            accepted = timezone.make_aware(datetime.datetime.combine(
                min(rectified + datetime.timedelta(days=rng.randint(1, 10)), today), datetime.time(15)))
            if state == State.CLOSED:
                closed = accepted
        if state in (State.RECTIFYING, State.CONFIRMED) and rng.random() < 0.5:
            deadline = today + datetime.timedelta(days=rng.randint(1, 40))  # still within time
        prefix = region_code[:6]
        counters[(prefix, discovered.year)] += 1
        number = f"{prefix}-{discovered.year}-{counters[(prefix, discovered.year)]:05d}"
        objs.append(Hazard(
            number=number, level="major" if major else "general", state=state, sector_id=ent_sector.get(eid),
            region_id=region_id, enterprise_id=eid, title=title, description=desc,
            criterion_id=rng.choice(criteria) if major and criteria else None, source=rng.choice(SOURCES),
            discovered_on=discovered, reported_at=timezone.make_aware(datetime.datetime.combine(discovered,
                                                                                                  datetime.time(10))),
            deadline=None if state == State.REPORTED else deadline,
            original_deadline=None if state == State.REPORTED else deadline,
            plan_funds=round(rng.uniform(0.5, 30), 2) if major else None, rectified_on=rectified, closed_at=closed,
            accepted_at=accepted, search_text=f"{number.lower()} {tokens[title]}",
        ))
    Hazard.objects.bulk_create(objs, batch_size=500)
    HazardEvent.objects.bulk_create(
        [HazardEvent(hazard=h, type="imported", to_state=h.state, created_at=h.reported_at, comment="压测数据")
         for h in objs], batch_size=1000)

