"""The inspection list's roll-ups (inspections/tally.py): after random changes through the services and
through the relations' every side, each region's firms, 家次 and 人次 from its rows equal the recount from
the targets and teams; the list reads them only for a region's whole subtree."""

import datetime
import random
import re
from io import StringIO

from django.core.management import call_command

from conftest import EnterpriseFactory, PersonFactory
from inspections import services, tally
from inspections.models import InspectedFirm, Inspection, InspectionTeamTally, Target
from inspections.views import list_totals
from org.models import Expert, Region


def live(region):
    """The list's totals recounted from the records of a region's subtree."""
    subtree = Region.objects.filter(path__startswith=region.path).values("pk")
    return list_totals(Inspection.objects.filter(region_id__in=subtree))


def regions(world):
    return [world.province, world.a, world.a_town, world.b]


def test_tallies_equal_the_recount_after_random_changes(world, sectors, officers):
    rng = random.Random(23)
    firms = [world.alice_ent, world.bob_ent] + [EnterpriseFactory(region=world.a, sectors=[sectors["road-freight"]])
                                                for _ in range(3)]
    experts = [Expert.objects.create(name=f"专家{n}", field="道路运输", region=world.a) for n in range(3)]
    made = []
    for n in range(8):
        chosen = rng.sample(firms, rng.randint(0, 3))
        made.append(services.create_inspection(world.u.safety, {
            "kind": "enforcement", "title": f"执法检查{n}", "sector": sectors["road"], "lead_unit": world.road_unit,
            "region": rng.choice([world.a, world.a_town]), "planned_on": datetime.date(2026, 11, 1 + n),
            "leader": officers[0], "members": rng.sample(officers, rng.randint(1, 3)),
            "experts": rng.sample(experts, rng.randint(0, 2)), "enterprises": chosen,
            "places": [] if chosen else ["某某大桥"]}))
    for inspection in rng.sample(made, 3):  # more targets through the service
        taken = set(inspection.targets.values_list("enterprise_id", flat=True))
        free = [f for f in firms if f.pk not in taken]
        if free:
            services.add_target(world.u.safety, inspection.pk, enterprise=rng.choice(free))
    # The relations' other paths: removal, a clear, the reverse side, deletions.
    made[0].members.remove(officers[0])
    made[1].experts.clear()
    officers[3].inspections.add(made[2], made[3])
    experts[0].inspections.set([made[4]])
    Target.objects.filter(inspection=made[5]).first().delete()
    made[6].delete()
    PersonFactory(unit=world.road_unit).inspections.add(made[7])
    lone = PersonFactory(unit=world.road_unit)
    lone.inspections.add(made[1], made[7])
    lone.delete()
    for region in regions(world):
        assert tally.totals(region.pk) == live(region), region.name
    assert tally.totals(world.province.pk)["firms"] > 0 and tally.totals(world.province.pk)["people"] > 0
    # The rebuild gives the same rows the changes left.
    kept = sorted(InspectedFirm.objects.filter(targets__gt=0).values_list("region_id", "enterprise_id", "targets"))
    people = sorted(InspectionTeamTally.objects.exclude(people=0).values_list("region_id", "people"))
    out = StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert "受检企业汇总" in out.getvalue()
    assert sorted(InspectedFirm.objects.values_list("region_id", "enterprise_id", "targets")) == kept
    assert sorted(InspectionTeamTally.objects.values_list("region_id", "people")) == people


def shown(client, url):
    html = client.get(url).content.decode()
    return {key: int(re.search(rf'data-total="{key}">(\d+)<', html).group(1)) for key in ("units", "targets", "people")}


def test_the_list_reads_the_rollup_for_a_whole_region_only(world, client_for, make_inspection, officers):
    make_inspection(by=world.u.safety, enterprises=[world.alice_ent, world.bob_ent])
    make_inspection(by=world.u.safety, enterprises=[world.alice_ent], kind="special")
    expected = live(world.a)
    assert expected == {"firms": 2, "targets": 3, "people": 4}
    client = client_for(world.u.safety)
    assert shown(client, "/inspections/") == {"units": 2, "targets": 3, "people": 4}
    # The page reads the county's rows: a changed row shows (only to prove which is read; never done).
    InspectionTeamTally.objects.filter(region_id=world.a.pk).update(people=99)
    assert shown(client, "/inspections/")["people"] == 99
    # A filtered list, and a unit's sector-limited scope, are counted from the records.
    assert shown(client, "/inspections/?kind=special") == {"units": 1, "targets": 1, "people": 2}
    assert shown(client, "/inspections/?kind=enforcement") == {"units": 2, "targets": 2, "people": 2}
    assert shown(client_for(world.u.road), "/inspections/")["people"] == 4
