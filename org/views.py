"""Organisation screens (read-only; changes go through the scoped admin)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html

from audit import capture as audit
from audit.models import AuditEntry
from core.widgets import Picker
from core.dates import parse_param
from core.search import normalize

from .filters import PersonFilter
from .models import Person, Region, Sector, Unit, WorkingGroup, WorkingGroupMember
from .scope import get_scope, require_read

def reads(kind):
    """A page of the organisation that shows records of `kind` (org.roles.READERS)."""

    def decorate(view):
        @login_required
        def wrapped(request, *args, **kwargs):
            require_read(request.user, kind)
            return view(request, *args, **kwargs)

        wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
        return wrapped

    return decorate


directory_view = reads("directory")


@directory_view
def unit_list(request):
    units = (
        Unit.objects.for_user(request.user)
        .select_related("region", "head")
        .prefetch_related("sectors")
        .annotate(n_people=Count("people", filter=Q(people__active=True)))
        .order_by("region__path", "path")
    )
    return render(request, "org/units.html", {"units": units, "tab": "units"})


@directory_view
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.for_user(request.user).select_related("region", "parent"), pk=pk)
    people = Person.objects.for_user(request.user).filter(unit=unit)
    return render(request, "org/unit_detail.html", {"unit": unit, "people": people, "tab": "units"})


@directory_view
def people_list(request):
    qs = PersonFilter(request.GET, Person.objects.for_user(request.user).select_related("unit")
                      .order_by("unit__path", "id")).qs
    q = normalize(request.GET.get("q", ""))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "org/people.html", {"page": page, "q": q, "tab": "people"})


@directory_view
def group_list(request):
    members = WorkingGroupMember.objects.select_related("person__unit", "unit")
    groups = (
        WorkingGroup.objects.for_user(request.user)
        .select_related("region", "office_unit", "parent", "theme")
        .prefetch_related(Prefetch("members", queryset=members))
    )
    return render(request, "org/groups.html", {"groups": groups, "tab": "groups"})


@reads("reference")
def sector_list(request):
    sectors = Sector.objects.for_user(request.user).annotate(n_units=Count("units", distinct=True)).order_by("path")
    return render(request, "org/sectors.html", {"sectors": sectors, "tab": "sectors"})


@reads("reference")
def region_list(request):
    scope = get_scope(request.user)
    regions = Region.objects.filter(path__startswith=scope.region_path or "/none/").order_by("path")
    return render(request, "org/regions.html", {"regions": regions, "tab": "regions"})


# --- expert registry and duty roster -------------------------------------------------------


@login_required
def expert_list(request):
    from .models import Expert

    require_read(request.user, "experts")
    experts = Expert.objects.for_user(request.user).prefetch_related("sectors")
    return render(request, "org/experts.html", {"experts": experts, "tab": "experts",
                                                "can_edit": request.user.role == "safety_office"})


@login_required
def phone_reveal(request, who, pk):
    """Lists show 138****1234; a colleague who needs to call clicks 显示 and gets the full
    number — each look is one audit row (who saw whose number, when)."""
    from django.http import Http404

    from .phones import SOURCES

    source = SOURCES.get(who)
    if source is None:
        raise Http404
    require_read(request.user, source.reads)
    record = get_object_or_404(source.model.objects.for_user(request.user), pk=pk)
    audit.write(AuditEntry.Kind.VIEW_PERSONAL, request=request, user=request.user, obj=record, detail="联系电话")
    phone = getattr(record, source.field)
    if not phone:
        return HttpResponse("—")
    return HttpResponse(format_html('<a href="tel:{0}">{0}</a>', phone))


@login_required
def expert_edit(request, pk=None):
    from django import forms as djforms
    from django.contrib import messages
    from django.shortcuts import redirect

    from core.exceptions import ServiceError

    from . import registry
    from .models import Expert

    if request.user.role != "safety_office":
        raise PermissionDenied("专家库由安委办维护。")
    expert = get_object_or_404(Expert.objects.for_user(request.user), pk=pk) if pk else None

    class ExpertForm(djforms.ModelForm):
        class Meta:
            model = Expert
            fields = ["name", "field", "title", "employer", "phone", "available", "sectors"]
            widgets = {"sectors": djforms.CheckboxSelectMultiple}

    form = ExpertForm(request.POST or None, instance=expert)
    form.fields["sectors"].queryset = Sector.objects.filter(active=True, depth=0)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "sectors"}
        try:
            registry.save_expert(request.user, expert, data, form.cleaned_data["sectors"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("org:experts")
    return render(request, "org/expert_form.html", {"form": form, "tab": "experts"})


@login_required
def duty_week(request):
    import datetime

    from django import forms as djforms
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils import timezone

    from core.exceptions import ServiceError

    from . import registry
    from .models import DutyShift

    require_read(request.user, "duty")
    day = parse_param(request.GET.get("week"), timezone.localdate())
    monday = day - datetime.timedelta(days=day.weekday())

    class ShiftForm(djforms.Form):
        date = djforms.DateField(label="日期", widget=djforms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        start = djforms.TimeField(label="开始", widget=djforms.TimeInput(attrs={"type": "time"}))
        end = djforms.TimeField(label="结束", widget=djforms.TimeInput(attrs={"type": "time"}))
        role = djforms.ChoiceField(label="岗位", choices=DutyShift.Role.choices)
        person = djforms.ModelChoiceField(label="值班人员", queryset=Person.objects.for_user(request.user),
                                          widget=Picker)

    form = ShiftForm(request.POST or None, initial={"date": monday, "start": "08:30", "end": "08:30"})
    if request.method == "POST":
        if form.is_valid():
            try:
                registry.add_shift(request.user, **form.cleaned_data)
                messages.success(request, "已排班。")
                return redirect(f"{request.path}?week={form.cleaned_data['date']:%Y-%m-%d}")
            except ServiceError as exc:
                form.add_error(None, exc.message)
    return render(request, "org/duty.html", {
        "days": registry.week(request.user, monday), "monday": monday, "form": form, "tab": "duty",
        "prev": monday - datetime.timedelta(days=7), "next": monday + datetime.timedelta(days=7),
        "can_edit": request.user.role == "safety_office",
    })
