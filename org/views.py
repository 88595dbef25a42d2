"""Organisation screens (read-only; changes go through the scoped admin)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from core.search import normalize

from .models import Person, Region, Sector, Unit, WorkingGroup, WorkingGroupMember
from .scope import get_scope


@login_required
def unit_list(request):
    units = (
        Unit.objects.for_user(request.user)
        .select_related("region", "head")
        .prefetch_related("sectors")
        .annotate(n_people=Count("people", filter=Q(people__active=True)))
        .order_by("region__path", "path")
    )
    return render(request, "org/units.html", {"units": units, "tab": "units"})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.for_user(request.user).select_related("region", "parent"), pk=pk)
    people = Person.objects.for_user(request.user).filter(unit=unit)
    return render(request, "org/unit_detail.html", {"unit": unit, "people": people, "tab": "units"})


@login_required
def people_list(request):
    qs = Person.objects.for_user(request.user).select_related("unit").order_by("unit__path", "id")
    q = normalize(request.GET.get("q", ""))
    for term in q.split():
        qs = qs.filter(Q(name__contains=term) | Q(position__contains=term) | Q(unit__name__contains=term))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "org/people.html", {"page": page, "q": q, "tab": "people"})


@login_required
def group_list(request):
    members = WorkingGroupMember.objects.select_related("person__unit", "unit")
    groups = (
        WorkingGroup.objects.for_user(request.user)
        .select_related("region", "office_unit", "parent")
        .prefetch_related(Prefetch("members", queryset=members))
    )
    return render(request, "org/groups.html", {"groups": groups, "tab": "groups"})


@login_required
def sector_list(request):
    sectors = Sector.objects.for_user(request.user).annotate(n_units=Count("units", distinct=True)).order_by("path")
    return render(request, "org/sectors.html", {"sectors": sectors, "tab": "sectors"})


@login_required
def region_list(request):
    scope = get_scope(request.user)
    regions = Region.objects.filter(path__startswith=scope.region_path or "/none/").order_by("path")
    return render(request, "org/regions.html", {"regions": regions, "tab": "regions"})
