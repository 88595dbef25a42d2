"""Who an item's reminder goes to (SPEC §10): the owner on the day, the owning unit's head
after +3 days, the safety office and the bureau leaders after +7 (offsets are the rules').

Everything is read in bulk for a pass's items: a handful of queries whatever their number.
When nobody with a login fills a role, the reminder climbs to the next one rather than
vanishing — an item owned by a unit without accounts reaches the safety office.
"""

from collections import defaultdict

from org.models import Region, Sector, Unit, User
from org.roles import Role

from .models import Audience


class Audiences:
    def __init__(self):
        self._unit_users, self._enterprise_users, self._heads = {}, {}, {}
        self._office = {}  # region id -> user ids of the nearest safety office / leaders
        self._supervising = {}  # (region id, sector id) -> unit id or None
        self._office_users = None

    def prepare(self, items):
        """Read, once, what the items' audiences need."""
        for item in items:
            if not item.unit_ids and item.sector_id and (item.region_id, item.sector_id) not in self._supervising:
                self._supervising[(item.region_id, item.sector_id)] = self._supervising_unit(item)
        units = {u for item in items for u in self._units(item)} - set(self._unit_users)
        enterprises = {item.enterprise_id for item in items if item.enterprise_id} - set(self._enterprise_users)
        if units:
            for uid in units:
                self._unit_users[uid], self._heads[uid] = [], []
            for pk, unit in User.objects.filter(is_active=True, role=Role.UNIT_STAFF, unit_id__in=units).values_list(
                    "pk", "unit_id"):
                self._unit_users[unit].append(pk)
            heads = dict(Unit.objects.filter(pk__in=units, head__isnull=False).values_list("head_id", "pk"))
            for pk, person in User.objects.filter(is_active=True, person_id__in=heads).values_list("pk", "person_id"):
                self._heads[heads[person]].append(pk)
        if enterprises:
            for eid in enterprises:
                self._enterprise_users[eid] = []
            for pk, eid in User.objects.filter(is_active=True, role=Role.ENTERPRISE,
                                               enterprise_id__in=enterprises).values_list("pk", "enterprise_id"):
                self._enterprise_users[eid].append(pk)
        regions = {item.region_id for item in items} - set(self._office)
        if regions:
            self._load_offices(regions)

    def of(self, audience, item):
        """User ids for one rule's audience and one item."""
        if audience == Audience.OWNER:
            people = {pk for u in self._units(item) for pk in self._unit_users.get(u, ())}
            people |= set(self._enterprise_users.get(item.enterprise_id, ()))
            return people or self._office[item.region_id]
        if audience == Audience.UNIT_HEAD:
            heads = {pk for u in self._units(item) for pk in self._heads.get(u, ())}
            return heads or self._office[item.region_id]
        return self._office[item.region_id]

    def _units(self, item):
        if item.unit_ids:
            return item.unit_ids
        unit = self._supervising.get((item.region_id, item.sector_id))
        return (unit,) if unit else ()

    def _supervising_unit(self, item):
        from tipoffs.services import handling_unit_for

        unit = handling_unit_for(Region.objects.get(pk=item.region_id), Sector.objects.get(pk=item.sector_id))
        return unit.pk if unit else None

    def _load_offices(self, region_ids):
        if self._office_users is None:
            self._office_users = defaultdict(set)  # region path -> user ids
            for pk, path in User.objects.filter(is_active=True, role__in=[Role.SAFETY_OFFICE, Role.LEADER],
                                                region__isnull=False).values_list("pk", "region__path"):
                self._office_users[path].add(pk)
        for rid, path in Region.objects.filter(pk__in=region_ids).values_list("pk", "path"):
            # The nearest level that has a safety office or a leader: the county's own, else
            # the city's above it.
            matches = [p for p in self._office_users if path.startswith(p)]
            self._office[rid] = set(self._office_users[max(matches, key=len)]) if matches else set()
