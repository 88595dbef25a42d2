"""全覆盖 board: for each target the population, the covered part and the missing
part are querysets, so the % shown is exactly covered.count() / population.count()
and every figure links to its list."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from enterprises.models import Contact, Enterprise
from org.models import Person

from .models import Attendee, CoverageItem, CoverageMark, CoverageTarget, Training

KEY_ROLES = (Contact.Role.PRINCIPAL, Contact.Role.SAFETY_MANAGER)


@dataclass
class Result:
    target: CoverageTarget
    population: int
    covered: int

    @property
    def percent(self):
        if not self.population:
            return None
        return (Decimal(self.covered) * 100 / self.population).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def reached(self):
        return self.percent is not None and self.percent >= self.target.target_percent

    @property
    def missing(self):
        return self.population - self.covered

    @property
    def needed(self):
        """How many must be covered to reach the target % (rounded up)."""
        need = (Decimal(self.population) * self.target.target_percent / 100).to_integral_value(ROUND_CEILING)
        return int(need)

    @property
    def shortfall(self):
        """How many more must be covered to reach the target (0 once reached)."""
        return max(self.needed - self.covered, 0)

    def overdue(self, today=None):
        """逾期: the deadline has passed and the target is not reached."""
        today = today or timezone.localdate()
        return self.target.deadline < today and self.shortfall > 0

    @property
    def unit_word(self):
        return {"enterprises": "家", "officers": "人"}.get(self.target.population, "项")


def population(target, user=None):
    """The records the target is about, in its region — and, when a user is given, in the
    user's scope (a unit sees the part of a county target in its own sectors)."""
    region_path = target.region.path
    if target.population == CoverageTarget.Population.ENTERPRISES:
        qs = Enterprise.objects.filter(region__path__startswith=region_path, status=Enterprise.Status.OPERATING)
        if target.sector_id:
            qs = qs.filter(Exists(Enterprise.sectors.through.objects.filter(
                enterprise_id=OuterRef("pk"), sector__path__startswith=target.sector.path)))
        if target.two_plus_one_only:
            qs = qs.filter(is_two_plus_one=True)
        return qs.filter(pk__in=Enterprise.objects.for_user(user).values("pk")) if user else qs
    if target.population == CoverageTarget.Population.OFFICERS:
        qs = Person.objects.filter(unit__region__path__startswith=region_path, active=True).exclude(
            enforcement_cert="")
        return qs.filter(pk__in=Person.objects.for_user(user).values("pk")) if user else qs
    return CoverageItem.objects.filter(target=target)


def covered_condition(target):
    """A Q over the population model meaning "covered"."""
    if target.rule == CoverageTarget.Rule.KEY_PEOPLE_TRAINED:
        passed = Attendee.objects.filter(contact=OuterRef("pk"), passed=True,
                                         training__kind=Training.Kind.KEY_PEOPLE,
                                         training__end_on__gte=target.counted_from)
        untrained = Contact.objects.filter(enterprise=OuterRef("pk"), role__in=KEY_ROLES).exclude(Exists(passed))
        has_principal = Contact.objects.filter(enterprise=OuterRef("pk"), role=Contact.Role.PRINCIPAL)
        # Every key person passed, and there is a principal to have passed.
        return Q(Exists(has_principal)) & ~Q(Exists(untrained))
    if target.rule == CoverageTarget.Rule.OFFICER_TRAINED:
        return Q(Exists(Attendee.objects.filter(person=OuterRef("pk"), passed=True,
                                                training__kind=Training.Kind.ENFORCEMENT,
                                                training__end_on__gte=target.counted_from)))
    if target.rule == CoverageTarget.Rule.MARKED:
        return Q(Exists(CoverageMark.objects.filter(target=target, enterprise=OuterRef("pk"))))
    return Q(done_on__isnull=False)


def lists(target, user=None):
    """(population, covered, missing) querysets."""
    pop = population(target, user)
    condition = covered_condition(target)
    return pop, pop.filter(condition), pop.exclude(condition)


def evaluate(target, user=None):
    """The target's figures in one query: the population and, of it, the covered."""
    figures = population(target, user).aggregate(n=Count("pk"), covered=Count("pk", filter=covered_condition(target)))
    return Result(target, figures["n"], figures["covered"])


def board(user):
    return [evaluate(t, user) for t in CoverageTarget.objects.for_user(user).select_related("region", "sector", "unit")]
