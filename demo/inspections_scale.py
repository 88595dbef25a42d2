"""Bulk, deterministic field-work records for `generate_data`: inspections (one
enterprise target each, a team of 2–4 certified officers from the county bureau's
pool, an expert on about a third of them), enforcement actions, tip-offs and
accidents over the synthetic province's enterprises. The i-th record of each kind depends only on
(seed, i); a second run continues the numbering.

Checklist items are not generated: the reports count inspections, targets,
hazards and actions, and a million item rows would only slow the benchmark setup.
"""

import datetime
import hashlib
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accidents.grading import grade
from accidents.models import Accident
from enterprises.models import Enterprise
from core.models import NumberCounter
from org.models import Expert, Person, Region, Unit, User
from org.roles import Role
from tipoffs.models import TipOff
from tipoffs.services import CODE_ALPHABET

from inspections.models import EnforcementAction, Inspection, Target

BATCH = 2000
KINDS = [k for k, _ in Inspection.Kind.choices]
KIND_WEIGHTS = [20, 25, 15, 25, 5, 8, 2]
ACTION_KINDS = [k for k, _ in EnforcementAction.Kind.choices]
ACTION_WEIGHTS = [45, 25, 6, 12, 5, 2, 4, 1]


def _context():
    """Enterprises of the synthetic province, one bureau unit per county, a bot author."""
    enterprises = list(Enterprise.objects.filter(credit_code__startswith="9199", status="operating")
                       .values_list("pk", "region_id", "region__code"))
    if not enterprises:
        raise ValueError("请先用 --enterprises 生成企业")
    through = Enterprise.sectors.through
    sector_of = {}
    for eid, sid in through.objects.filter(enterprise__credit_code__startswith="9199").values_list(
            "enterprise_id", "sector_id"):
        sector_of.setdefault(eid, sid)
    bureaus = {}
    for county in Region.objects.filter(code__startswith="99", level=Region.Level.COUNTY):
        unit, _ = Unit.objects.get_or_create(
            region=county, name=f"{county.name}交通运输局", defaults={"kind": Unit.Kind.BUREAU})
        bureaus[county.pk] = _Bureau(unit, *_team_pool(unit, county))
    bot, _ = User.objects.get_or_create(username="scale-generator", defaults={
        "role": Role.SYS_ADMIN, "is_active": False, "last_name": "压测数据"})
    return enterprises, sector_of, bureaus, bot


class _Bureau:
    """A county bureau with the officers and experts its generated inspections draw on."""

    def __init__(self, unit, officers, experts):
        self.unit, self.officers, self.experts = unit, officers, experts


OFFICERS_PER_COUNTY, EXPERTS_PER_COUNTY = 8, 3


def _team_pool(unit, county):
    """The county's certified officers and experts, created once (a rerun finds them)."""
    have = Person.objects.filter(unit=unit, enforcement_cert__startswith="压测")
    if not have.exists():
        Person.objects.bulk_create(
            Person(name=f"执法员{county.code[-4:]}{n}", unit=unit, position="执法人员",
                   enforcement_cert=f"压测{county.code}{n:03d}") for n in range(OFFICERS_PER_COUNTY))
    experts = Expert.objects.filter(region=county, employer="压测专家库")
    if not experts.exists():
        Expert.objects.bulk_create(Expert(name=f"专家{county.code[-4:]}{n}", field="道路运输", region=county,
                                          employer="压测专家库") for n in range(EXPERTS_PER_COUNTY))
    return list(have.order_by("pk").values_list("pk", flat=True)), list(experts.order_by("pk").values_list("pk", flat=True))


def generate(seed, inspections=0, actions=0, tipoffs=0, accidents=0, today=None):
    today = today or timezone.localdate()
    enterprises, sector_of, bureaus, bot = _context()
    jobs = [(inspections, _inspections, Inspection.objects.filter(number__startswith="JC-99").count()),
            (actions, _actions, EnforcementAction.objects.filter(region__code__startswith="99").count()),
            (tipoffs, _tipoffs, TipOff.objects.filter(region__code__startswith="99").count()),
            (accidents, _accidents, Accident.objects.filter(region__code__startswith="99").count())]
    counters = {}
    for count, make, start in jobs:
        done = 0
        while done < count:
            n = min(BATCH, count - done)
            with transaction.atomic():
                make(range(start + done, start + done + n), seed, today, enterprises, sector_of, bureaus, bot, counters)
            done += n
    for (prefix, year), last in counters.items():
        NumberCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
    if inspections:
        from inspections import tally

        tally.rebuild()  # bulk_create went past the targets' and teams' signals


def _pick(rng, enterprises, sector_of):
    eid, region_id, code = enterprises[rng.randrange(len(enterprises))]
    return eid, region_id, code, sector_of.get(eid)


def _inspections(indices, seed, today, enterprises, sector_of, bureaus, bot, counters):
    rows, picked, teams = [], [], []
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i + 2 * 10**9)
        eid, region_id, code, sector_id = _pick(rng, enterprises, sector_of)
        planned = today - datetime.timedelta(days=int(rng.triangular(0, 1100, 120)))
        status = Inspection.Status.COMPLETED if planned < today - datetime.timedelta(days=3) else \
            rng.choice([Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS])
        key = (f"JC-{code[:6]}", planned.year)
        if key not in counters:
            counters[key] = NumberCounter.objects.filter(prefix=key[0], year=key[1]).values_list(
                "last", flat=True).first() or 0
        counters[key] += 1
        bureau = bureaus[region_id]
        team = rng.sample(bureau.officers, rng.randint(2, 4))
        teams.append((team, [rng.choice(bureau.experts)] if rng.random() < 0.3 else []))
        rows.append(Inspection(
            number=f"{key[0]}-{planned.year}-{counters[key]:05d}",
            kind=rng.choices(KINDS, KIND_WEIGHTS)[0], title="压测检查", region_id=region_id, sector_id=sector_id,
            lead_unit=bureau.unit, leader_id=team[0], planned_on=planned,
            done_on=planned + datetime.timedelta(days=rng.randint(0, 3)) if status == "completed" else None,
            status=status, result="压测数据" if status == "completed" else "", created_by=bot))
        picked.append(eid)
    Inspection.objects.bulk_create(rows, batch_size=500)
    Target.objects.bulk_create([Target(inspection=ins, enterprise_id=eid, order=1) for ins, eid in zip(rows, picked)],
                               batch_size=1000)
    # The leader is always one of the members, as the inspection form makes it.
    Inspection.members.through.objects.bulk_create(
        [Inspection.members.through(inspection_id=ins.pk, person_id=pid)
         for ins, (team, _) in zip(rows, teams) for pid in team], batch_size=2000)
    Inspection.experts.through.objects.bulk_create(
        [Inspection.experts.through(inspection_id=ins.pk, expert_id=xid)
         for ins, (_, experts) in zip(rows, teams) for xid in experts], batch_size=2000)


def _actions(indices, seed, today, enterprises, sector_of, bureaus, bot, counters):
    rows = []
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i + 3 * 10**9)
        eid, region_id, code, sector_id = _pick(rng, enterprises, sector_of)
        kind = rng.choices(ACTION_KINDS, ACTION_WEIGHTS)[0]
        decided = today - datetime.timedelta(days=int(rng.triangular(0, 1100, 120)))
        fined = kind in ("penalty", "dual_penalty")
        rows.append(EnforcementAction(
            kind=kind, case_number=f"压测〔{decided.year}〕{i}号", region_id=region_id, sector_id=sector_id,
            enterprise_id=eid, facts="压测数据", legal_basis="《中华人民共和国安全生产法》", decided_on=decided,
            deadline=decided + datetime.timedelta(days=15) if kind in ("order", "suspension") else None,
            fine=Decimal(rng.choice([2000, 5000, 10000, 30000, 50000])) if fined else Decimal(0),
            person_fine=Decimal(rng.choice([5000, 8000])) if kind == "dual_penalty" else Decimal(0),
            party_name="主要负责人" if kind == "dual_penalty" else "",
            transferred_to="公安机关" if kind == "transfer" else "",
            status="closed" if decided < today - datetime.timedelta(days=60) else "open", created_by=bot))
    EnforcementAction.objects.bulk_create(rows, batch_size=500)


def _tipoffs(indices, seed, today, enterprises, sector_of, bureaus, bot, counters):
    rows = []
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i + 4 * 10**9)
        eid, region_id, code, sector_id = _pick(rng, enterprises, sector_of)
        submitted = timezone.make_aware(datetime.datetime.combine(
            today - datetime.timedelta(days=int(rng.triangular(0, 1100, 60))), datetime.time(rng.randint(7, 22))))
        state = rng.choices(["submitted", "accepted", "verifying", "substantiated", "unfounded", "declined"],
                            [3, 4, 5, 45, 35, 8])[0]
        concluded = state in ("substantiated", "unfounded", "declined")
        digest = hashlib.sha256(f"{seed}:{i}".encode()).digest()
        rows.append(TipOff(
            code="JB" + "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:10]), state=state,
            region_id=region_id, sector_id=sector_id, subject=f"压测被举报单位{i}", enterprise_id=eid,
            description="压测举报内容", anonymous=rng.random() < 0.6, source_hash=digest.hex(), submitted_at=submitted,
            handling_unit=bureaus[region_id].unit,
            accepted_at=submitted + datetime.timedelta(days=1) if state not in ("submitted", "declined") else None,
            concluded_at=submitted + datetime.timedelta(days=rng.randint(3, 20)) if concluded else None,
            reply="已办结" if concluded else "",
            reward_amount=Decimal(rng.choice([200, 500, 1000])) if state == "substantiated" and rng.random() < 0.3
            else None))
    TipOff.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def _accidents(indices, seed, today, enterprises, sector_of, bureaus, bot, counters):
    rows = []
    for i in indices:
        rng = random.Random(seed * 1_000_003 + i + 5 * 10**9)
        eid, region_id, code, sector_id = _pick(rng, enterprises, sector_of)
        deaths = rng.choices([0, 1, 2, 3, 5, 12], [55, 25, 10, 6, 3, 1])[0]
        injuries = rng.choices([0, 1, 3, 12, 60], [40, 35, 18, 6, 1])[0]
        loss = Decimal(str(round(rng.uniform(1, 600), 2)))
        occurred = timezone.make_aware(datetime.datetime.combine(
            today - datetime.timedelta(days=rng.randint(1, 1800)), datetime.time(rng.randint(0, 23), rng.randint(0, 59))))
        rows.append(Accident(
            title="压测事故", occurred_at=occurred, place="压测地点", region_id=region_id, sector_id=sector_id,
            enterprise_id=eid, summary="压测数据", deaths=deaths, serious_injuries=injuries, direct_loss=loss,
            grade=grade(deaths, injuries, loss), recorded_by=bot,
            reported_at=occurred + datetime.timedelta(minutes=rng.choice([20, 45, 55, 90]))))
    Accident.objects.bulk_create(rows, batch_size=500)
