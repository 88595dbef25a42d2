"""Scale data for benchmarks: `generate_data --enterprises N --seed S`.

Deterministic: the i-th generated enterprise depends only on (seed, i), and a
second run continues the numbering instead of repeating it. Rows go in with
bulk inserts into a synthetic province (压测省, codes 99xxxx) so they never mix
with the demo counties. Later modules add their own entities here.
"""

import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import planner
from core.search import build_search_text
from core.validators import make_credit_code
from enterprises.models import Contact, Enterprise
from org.models import Region, Sector

PROVINCE_CODE = "990000"
CITIES, COUNTIES_PER_CITY = 10, 10
BATCH = 2000
SUFFIXES = ["运输有限公司", "物流有限公司", "客运有限公司", "汽车维修有限公司", "工程有限公司", "公交有限公司"]


class Command(BaseCommand):
    help = "批量生成压测数据（确定性，可重复）"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--hazards", type=int, default=0, help="生成的隐患数（需已有或同时生成企业）")
        parser.add_argument("--inspections", type=int, default=0, help="生成的检查数（每次检查一家企业）")
        parser.add_argument("--actions", type=int, default=0, help="生成的执法措施数")
        parser.add_argument("--tipoffs", type=int, default=0, help="生成的群众举报数")
        parser.add_argument("--accidents", type=int, default=0, help="生成的事故数")
        parser.add_argument("--risks", type=int, default=0, help="生成的风险点数")
        parser.add_argument("--trainings", type=int, default=0, help="生成的培训期数（每期约30名主要负责人）")
        parser.add_argument("--drills", type=int, default=0, help="生成的应急演练数")

    def handle(self, *args, enterprises, seed, hazards, inspections, actions, tipoffs, accidents, risks, trainings,
               drills, **options):
        field_work = {"inspections": inspections, "actions": actions, "tipoffs": tipoffs, "accidents": accidents}
        capacity = {"risks": risks, "trainings": trainings, "drills": drills}
        if min(enterprises, hazards, *field_work.values(), *capacity.values()) < 0:
            raise CommandError("数量不能为负数")
        started = time.perf_counter()
        counties = self.region_tree()
        sectors = list(Sector.objects.filter(depth__gte=1, active=True).order_by("path"))
        two_plus_one = {s.pk for s in sectors if s.is_two_plus_one}
        start = Enterprise.objects.filter(credit_code__startswith="9199").count()
        done = 0
        while done < enterprises:
            n = min(BATCH, enterprises - done)
            self.insert_batch(range(start + done, start + done + n), seed, counties, sectors, two_plus_one)
            done += n
        if hazards:
            from demo import hazards_scale as scale

            try:
                scale.generate(hazards, seed)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if any(field_work.values()):
            from demo import inspections_scale as field_scale

            try:
                field_scale.generate(seed, **field_work)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if any(capacity.values()):
            from demo import safety_scale as capacity_scale

            try:
                capacity_scale.generate(seed, **capacity)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        planner.refresh()  # fresh statistics: without them the scoped filters are planned as if the tables were empty
        elapsed = time.perf_counter() - started
        extra = " ".join(f"{k}={v}" for k, v in {**field_work, **capacity}.items() if v)
        self.stdout.write(f"generated enterprises={enterprises} hazards={hazards} {extra} seed={seed} "
                          f"seconds={elapsed:.2f}".replace("  ", " "))

    def region_tree(self):
        province, _ = Region.objects.get_or_create(code=PROVINCE_CODE, defaults={"name": "压测省", "level": "province"})
        counties = []
        for c in range(1, CITIES + 1):
            city, _ = Region.objects.get_or_create(
                code=f"99{c:02d}00", defaults={"name": f"压测{c}市", "level": "city", "parent": province}
            )
            for k in range(1, COUNTIES_PER_CITY + 1):
                county, _ = Region.objects.get_or_create(
                    code=f"99{c:02d}{k:02d}", defaults={"name": f"压测{c}市{k}县", "level": "county", "parent": city}
                )
                counties.append(county)
        return counties

    @transaction.atomic
    def insert_batch(self, indices, seed, counties, sectors, two_plus_one):
        objs, picks, people = [], [], []
        for i in indices:
            rng = random.Random(seed * 1_000_003 + i)
            county = counties[i % len(counties)]
            chosen = rng.sample(sectors, k=1 if rng.random() < 0.8 else 2)
            name = f"{county.name}{i:06d}号{rng.choice(SUFFIXES)}"
            code = make_credit_code(county.code, i)
            principal = f"负责人{i}"
            objs.append(Enterprise(
                name=name, credit_code=code, region=county, address=f"{county.name}第{rng.randint(1, 999)}号",
                latitude=Decimal(str(round(rng.uniform(30, 40), 6))), longitude=Decimal(str(round(rng.uniform(105, 120), 6))),
                vehicles_count=rng.randint(0, 200), employees_count=rng.randint(5, 500),
                is_two_plus_one=any(s.pk in two_plus_one for s in chosen),
                standardization_level=rng.choice(["level1", "level2", "level3", "none"]),
                status=rng.choices(["operating", "suspended", "cancelled"], [90, 5, 5])[0],
                search_text=build_search_text(name, code, principal),
            ))
            picks.append(chosen)
            people.append(principal)
        Enterprise.objects.bulk_create(objs, batch_size=500)
        through = Enterprise.sectors.through
        through.objects.bulk_create(
            [through(enterprise_id=e.pk, sector_id=s.pk) for e, chosen in zip(objs, picks) for s in chosen],
            batch_size=1000,
        )
        Contact.objects.bulk_create(
            [Contact(enterprise=e, role=Contact.Role.PRINCIPAL, name=p) for e, p in zip(objs, people)], batch_size=1000
        )
