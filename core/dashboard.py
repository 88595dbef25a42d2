"""工作台 figures. Every number is one SQL aggregate over the user's scope."""

import datetime

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from core.dates import add_years
from enterprises.models import Contact, Enterprise, Licence
from org.models import Person, Sector, Unit, WorkingGroup


def enterprise_figures(user):
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=90)
    qs = Enterprise.objects.for_user(user)
    # A certificate expires N years after its date, so compare its date with today − N years.
    valid = Enterprise.STANDARDIZATION_VALID_YEARS
    three_years_ago, soon_minus_3 = add_years(today, -valid), add_years(soon, -valid)
    graded = ~Q(standardization_level=Enterprise.Standardization.NONE) & Q(standardization_date__isnull=False)
    figures = qs.aggregate(
        total=Count("id"),
        operating=Count("id", filter=Q(status=Enterprise.Status.OPERATING)),
        suspended=Count("id", filter=Q(status=Enterprise.Status.SUSPENDED)),
        cancelled=Count("id", filter=Q(status=Enterprise.Status.CANCELLED)),
        two_plus_one=Count("id", filter=Q(is_two_plus_one=True) & ~Q(status=Enterprise.Status.CANCELLED)),
        std_expired=Count("id", filter=graded & Q(standardization_date__lt=three_years_ago)),
        std_expiring=Count(
            "id", filter=graded & Q(standardization_date__gte=three_years_ago, standardization_date__lt=soon_minus_3)
        ),
        not_graded=Count("id", filter=Q(standardization_level=Enterprise.Standardization.NONE)),
    )
    figures["licence_expired"] = (
        Licence.objects.filter(enterprise__in=qs.filter(status=Enterprise.Status.OPERATING), valid_until__lt=today)
        .values("enterprise_id").distinct().count()
    )
    figures["principal_untrained"] = (
        Contact.objects.filter(
            enterprise__in=qs.exclude(status=Enterprise.Status.CANCELLED),
            role=Contact.Role.PRINCIPAL, training_status=Contact.Training.NONE,
        ).values("enterprise_id").distinct().count()
    )
    return figures


def enterprises_by_top_sector(user):
    """Distinct enterprises per top-level sector, in one grouped query."""
    roots = list(Sector.objects.filter(depth=0, active=True).order_by("sort_order", "id"))
    if not roots:
        return []
    all_sectors = list(Sector.objects.values_list("id", "path"))
    whens = []
    for root in roots:
        ids = [sid for sid, path in all_sectors if path.startswith(root.path)]
        whens.append(When(sector_id__in=ids, then=Value(root.pk)))
    through = Enterprise.sectors.through
    rows = (
        through.objects.filter(enterprise__in=Enterprise.objects.for_user(user).exclude(status="cancelled"))
        .annotate(root=Case(*whens, output_field=IntegerField()))
        .values("root")
        .annotate(n=Count("enterprise_id", distinct=True))
    )
    counts = {r["root"]: r["n"] for r in rows}
    return [{"sector": root, "count": counts.get(root.pk, 0)} for root in roots]


def org_figures(user):
    return {
        "units": Unit.objects.for_user(user).filter(active=True).count(),
        "people": Person.objects.for_user(user).filter(active=True).count(),
        "groups": WorkingGroup.objects.for_user(user).filter(active=True).count(),
    }


def field_work_figures(user, today):
    """Tip-offs waiting or past their 办结期限, inspections under way, this month's enforcement actions."""
    from django.db.models import Count, Q

    from inspections.models import EnforcementAction, Inspection
    from tipoffs.models import TipOff

    open_states = [TipOff.State.SUBMITTED, TipOff.State.ACCEPTED, TipOff.State.VERIFYING]
    tips = TipOff.objects.for_user(user).aggregate(
        waiting=Count("id", filter=Q(state=TipOff.State.SUBMITTED)),
        late=Count("id", filter=Q(state__in=open_states, due_on__lt=today)),
    )
    inspections = Inspection.objects.for_user(user).filter(
        status__in=[Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS]).count()
    actions = EnforcementAction.objects.for_user(user).filter(
        decided_on__year=today.year, decided_on__month=today.month).count()
    return {**tips, "inspections": inspections, "actions": actions}
