import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.actions import run_on_page
from core.exceptions import ServiceError
from org.scope import readable

from . import services, statistics
from .filters import AccidentFilter
from .forms import AccidentForm, AnalysisForm, FiguresForm, ReportedForm
from .models import Accident
from .actions import STEPS
from .permissions import available_actions




@login_required
def accident_list(request):
    qs = AccidentFilter(request.GET, readable(Accident, request.user).select_related("sector", "enterprise")).qs
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "accidents/list.html", {"page": page, "grades": Accident.Grade.choices,
                                                   "can_record": request.user.role in services.WRITERS})


@login_required
def create(request):
    if request.user.role not in services.WRITERS:
        raise PermissionDenied("您的角色不能登记事故。")
    form = AccidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            accident = services.record(request.user, form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记事故，等级：{accident.get_grade_display()}。")
            return redirect(accident)
    return render(request, "accidents/form.html", {"form": form})


@login_required
def detail(request, pk):
    a = get_object_or_404(readable(Accident, request.user).select_related("sector", "enterprise", "region"), pk=pk)
    figures = {f: getattr(a, f) for f in services.FIGURES}
    return render(request, "accidents/detail.html", {
        "a": a, "events": a.events.select_related("actor").order_by("-created_at"),
        "actions": available_actions(request.user, a),
        "figures_form": FiguresForm(initial={"version": a.version, **figures}),
        "analysis_form": AnalysisForm(initial={"version": a.version, **{k: getattr(a, k) for k in services.ANALYSIS}}),
        "reported_form": ReportedForm(initial={"reported_at": timezone.localtime()}),
    })


@login_required
@require_POST
def action(request, pk, name):
    a = get_object_or_404(readable(Accident, request.user), pk=pk)
    return run_on_page(request, STEPS, a, name)


@login_required
def stats(request):
    qs = readable(Accident, request.user)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    months = statistics.by_month(qs, year)
    years = statistics.by_year(qs, year)
    chart = {"months": [f"{m['month']}月" for m in months], "count": [m["count"] for m in months],
             "deaths": [m["deaths"] for m in months]}
    return render(request, "accidents/stats.html", {
        "year": year, "months": months, "quarters": statistics.by_quarter(months), "years": years,
        "chart": json.dumps(chart, ensure_ascii=False),
        "total": {k: sum(m[k] for m in months) for k in statistics.MEASURES},
    })
