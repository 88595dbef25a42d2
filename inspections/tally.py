"""Roll-ups of the inspection register (issue 23 §3–4): the inspection list's totals for a whole
region — firms (家), 家次 and 人次 — read that region's rows, not every target and team member of a
province.

- `InspectedFirm`: region × enterprise → targets. A target of an enterprise counts under its inspection's
  region and every region above it. A region's firms are its rows with targets; its 家次 their sum.
- `InspectionTeamTally`: region → people, the members and experts (人次) of its inspections, likewise.

Kept in the changing transaction by signals (inspections/apps.py): a target saved or deleted; a team's
members or experts added, removed or cleared (either side of the relation); an inspection, person or
expert deleted (their team rows go without a signal of their own). An inspection's region is set when it
is planned and never moved (a region moved in the tree rebuilds both tables). Rebuilt from the register by
`rebuild()` (manage.py rebuild_tallies; after bulk loads). A list with any filter, or a scope that is not
a region's subtree whole, is counted live (inspections.views.list_totals).
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count, Sum

from core.models import ids_in_path
from core.rollup import upsert

FIRM_KEY, FIRM_VALUES = ("region_id", "enterprise_id"), ("targets",)
TEAM_KEY, TEAM_VALUES = ("region_id",), ("people",)


def _tables():
    from .models import InspectedFirm, InspectionTeamTally

    return InspectedFirm._meta.db_table, InspectionTeamTally._meta.db_table


def _ancestors(inspection_ids):
    """{inspection id: [its region and every region above, root first]}."""
    from .models import Inspection

    rows = Inspection.objects.filter(pk__in=inspection_ids).values_list("pk", "region__path")
    return {pk: ids_in_path(path) for pk, path in rows}


def add_targets(pairs, sign=1):
    """Count (inspection id, enterprise id) targets in (sign=1) or out (sign=-1)."""
    pairs = [(i, e) for i, e in pairs if e]
    if not pairs:
        return
    regions = _ancestors({i for i, _ in pairs})
    delta = Counter()
    for inspection_id, enterprise_id in pairs:
        for region_id in regions.get(inspection_id, ()):
            delta[(region_id, enterprise_id)] += sign
    upsert(_tables()[0], FIRM_KEY, FIRM_VALUES, [k + (n,) for k, n in sorted(delta.items()) if n])


def add_people(per_inspection):
    """Add {inspection id: change in its members + experts} to the regions' 人次."""
    per_inspection = {i: n for i, n in per_inspection.items() if n}
    if not per_inspection:
        return
    regions = _ancestors(per_inspection)
    delta = Counter()
    for inspection_id, n in per_inspection.items():
        for region_id in regions.get(inspection_id, ()):
            delta[region_id] += n
    upsert(_tables()[1], TEAM_KEY, TEAM_VALUES, [(k, n) for k, n in sorted(delta.items()) if n])


def team_sizes(inspection_ids):
    """{inspection id: members + experts} as the database holds them now."""
    sizes = Counter()
    for through, _ in _teams().values():
        for pk, n in through.objects.filter(inspection_id__in=list(inspection_ids)).order_by() \
                .values_list("inspection_id").annotate(n=Count("pk")):
            sizes[pk] += n
    return sizes


def _teams():
    """{a team member's model: (the team table, its column for the member)} — Person and Expert."""
    from .models import Inspection

    return {Inspection.members.field.related_model: (Inspection.members.through, "person_id"),
            Inspection.experts.field.related_model: (Inspection.experts.through, "expert_id")}


def _places(model, pk):
    """{inspection id: places} one person's (or expert's) teams give them."""
    through, column = _teams()[model]
    return Counter(through.objects.filter(**{column: pk}).values_list("inspection_id", flat=True))


# --- the signals (connected in inspections/apps.py) ------------------------------------------------


def on_target_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        add_targets([(instance.inspection_id, instance.enterprise_id)])


def on_target_deleted(sender, instance, **kwargs):
    add_targets([(instance.inspection_id, instance.enterprise_id)], sign=-1)


def on_team_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """members/experts changed from either side: the affected inspections' sizes before and after."""
    if action.startswith("pre_"):
        if reverse:  # a person's (or expert's) inspections: those named, or for a clear all of them
            ids = set(pk_set or ()) | set(_places(type(instance), instance.pk))
        else:
            ids = {instance.pk}
        instance._team_before = team_sizes(ids), ids
    elif action.startswith("post_"):
        before, ids = getattr(instance, "_team_before", (Counter(), set()))
        after = team_sizes(ids)
        add_people({i: after[i] - before[i] for i in ids})


def on_inspection_deleting(sender, instance, **kwargs):
    """Before an inspection goes: its team rows are deleted with it, without m2m signals."""
    add_people({instance.pk: -team_sizes([instance.pk])[instance.pk]})


def on_member_deleting(sender, instance, **kwargs):
    """Before a person or expert goes: their places on teams go with them."""
    add_people({i: -n for i, n in _places(sender, instance.pk).items()})


def on_region_moved(sender, node, **kwargs):
    rebuild()


# --- reading and rebuilding ------------------------------------------------------------------------


def totals(region_id):
    """{firms, targets, people} of the inspections in a region's subtree, from its rows."""
    from .models import InspectedFirm, InspectionTeamTally

    firms = InspectedFirm.objects.filter(region_id=region_id, targets__gt=0).aggregate(
        firms=Count("pk"), targets=Sum("targets"))
    people = InspectionTeamTally.objects.filter(region_id=region_id).values_list("people", flat=True).first()
    return {"firms": firms["firms"], "targets": firms["targets"] or 0, "people": people or 0}


@transaction.atomic
def rebuild():
    """Recount both tables from the register: grouped per inspection region, folded up the tree here."""
    from org.models import Region

    from .models import InspectedFirm, InspectionTeamTally, Target

    paths = {pk: ids_in_path(path) for pk, path in Region.objects.values_list("pk", "path")}
    firms, people = Counter(), Counter()
    for region_id, enterprise_id, n in Target.objects.filter(enterprise__isnull=False).order_by() \
            .values_list("inspection__region_id", "enterprise_id").annotate(n=Count("pk")):
        for root in paths.get(region_id, ()):
            firms[(root, enterprise_id)] += n
    for through, _ in _teams().values():
        for region_id, n in through.objects.order_by().values_list("inspection__region_id").annotate(n=Count("pk")):
            for root in paths.get(region_id, ()):
                people[root] += n
    InspectedFirm.objects.all().delete()
    InspectionTeamTally.objects.all().delete()
    InspectedFirm.objects.bulk_create([InspectedFirm(region_id=r, enterprise_id=e, targets=n)
                                       for (r, e), n in firms.items()], batch_size=2000)
    InspectionTeamTally.objects.bulk_create([InspectionTeamTally(region_id=r, people=n) for r, n in people.items()],
                                            batch_size=2000)
    return len(firms), len(people)
