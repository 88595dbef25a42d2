""""双随机" draws, enforcement actions and the 执法月报表."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.actions import run_on_page
from core.excel import xlsx_response
from core.exceptions import ServiceError
from core.forms import errors_text
from enterprises.models import Enterprise
from org.models import Person, Region, reporting_unit_name
from org.scope import readable, require_read

from . import draws, enforcement, forms, monthly, services
from .filters import EnforcementFilter
from .models import EnforcementAction, Inspection, RandomDraw
from .permissions import SCHEDULE_ACTIONS
from .views import _error
from core.http import file_name

# --- 双随机 ---------------------------------------------------------------------------


@login_required
def draw_list(request):
    require_read(request.user, "inspection_work")
    qs = RandomDraw.objects.for_user(request.user).select_related("region", "sector", "inspector_unit", "drawn_by")
    return render(request, "inspections/draws.html", {"page": Paginator(qs, 30).get_page(request.GET.get("page")),
                                                       "tab": "draws", "can_plan": services.can_plan(request.user)})


@login_required
def draw_create(request):
    require_read(request.user, "inspection_work")
    if not services.can_plan(request.user):
        raise PermissionDenied("您的角色不能组织“双随机”抽查。")
    form = forms.DrawForm(request.POST or None, user=request.user,
                          initial={"region": request.user.region_id, "inspector_unit": request.user.unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            draw = draws.make_draw(request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已抽取 {len(draw.enterprises)} 家企业、{len(draw.inspectors)} 名执法人员。")
            return redirect(draw)
    return render(request, "inspections/draw_form.html", {"form": form, "tab": "draws"})


def _draw_lists(draw):
    firms = Enterprise.objects.prefetch_related("sectors").in_bulk(draw.enterprises)
    people = Person.objects.select_related("unit").in_bulk(draw.inspectors)
    return ([firms[i] for i in draw.enterprises if i in firms], [people[i] for i in draw.inspectors if i in people])


@login_required
def draw_detail(request, pk):
    require_read(request.user, "inspection_work")
    draw = get_object_or_404(RandomDraw.objects.for_user(request.user).select_related(
        "region", "sector", "inspector_unit", "drawn_by"), pk=pk)
    enterprises, inspectors = _draw_lists(draw)
    again = draws.reproduce(draw)
    return render(request, "inspections/draw.html", {
        "d": draw, "enterprises": enterprises, "inspectors": inspectors, "tab": "draws",
        "reproduced": again == (draw.enterprises, draw.inspectors),
        "inspections": draw.inspections.select_related("leader"), "can_plan": services.can_plan(request.user),
        "plan_form": forms.DrawPlanForm(user=request.user, initial={"planned_on": timezone.localdate()}),
        "events": draw.events.select_related("actor"),
    })


@login_required
@require_POST
def draw_action(request, pk, name):
    require_read(request.user, "inspection_work")
    draw = get_object_or_404(RandomDraw.objects.for_user(request.user), pk=pk)
    try:
        if name == "publish":
            draws.publish(request.user, draw.pk)
            messages.success(request, "抽取结果已公示。")
        elif name == "plan":
            form = forms.DrawPlanForm(request.POST, user=request.user)
            if not form.is_valid():
                raise ServiceError(errors_text(form))
            created = draws.plan_inspections(request.user, draw.pk, **form.cleaned_data)
            messages.success(request, f"已生成 {len(created)} 项“双随机”检查任务。")
    except (ServiceError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
    return redirect(draw)


def public_draws(request):
    """一公开: published draws, no login — once their inspections are done (a draw made public while its
    inspections wait would warn the firms). Names of firms and officers only — no phones, no ids."""
    from django.db.models import Count, Q

    open_states = (Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS)
    qs = (RandomDraw.objects.filter(published_at__isnull=False)
          .annotate(n=Count("inspections"), waiting=Count("inspections", filter=Q(inspections__status__in=open_states)))
          .filter(n__gt=0, waiting=0).select_related("region", "sector"))
    page = Paginator(qs.order_by("-published_at"), 20).get_page(request.GET.get("page"))
    rows = [(d, *_draw_lists(d)) for d in page]
    return render(request, "inspections/public_draws.html", {"page": page, "rows": rows})


# --- enforcement actions ------------------------------------------------------------------




@login_required
def action_list(request):
    qs = readable(EnforcementAction, request.user).select_related("enterprise", "sector", "inspection", "hazard")
    qs = EnforcementFilter(request.GET, qs).qs
    return render(request, "inspections/actions.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "kinds": EnforcementAction.Kind.choices,
        "tab": "actions", "can_write": request.user.role in enforcement.WRITERS,
        # Distinct enterprises: the 家 the 调度统计表 counts for these actions.
        "firms": qs.order_by().exclude(enterprise=None).values("enterprise").distinct().count(),
        "fine": monthly.in_wan(qs.order_by().aggregate(fine=monthly.fine_total())["fine"]),
    })


@login_required
def action_create(request):
    require_read(request.user, "enforcement")
    if request.user.role not in enforcement.WRITERS:
        raise PermissionDenied("您的角色不能登记执法措施。")
    initial = {k: request.GET[k] for k in ("inspection", "hazard", "enterprise", "kind") if request.GET.get(k)}
    if request.GET.get("item", "").isdigit() or request.GET.get("inspection", "").isdigit():
        # From an inspection or one finding: filled from the records (enforcement.prefill).
        initial = enforcement.prefill(request.user, request.GET.get("inspection") or None,
                                      request.GET.get("item") or None) | initial
    form = forms.ActionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = enforcement.record_action(request.user, form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记{action.get_kind_display()}。")
            return redirect(action)
    return render(request, "inspections/action_form.html", {
        "form": form, "tab": "actions", "requires": {k.value: v for k, v in enforcement.REQUIRES.items()}})


@login_required
def action_detail(request, pk):
    a = get_object_or_404(readable(EnforcementAction, request.user).select_related(
        "enterprise", "sector", "region", "inspection", "hazard", "created_by"), pk=pk)
    return render(request, "inspections/action.html", {
        "a": a, "events": a.events.select_related("actor"), "tab": "actions",
        "can_close": request.user.role in enforcement.WRITERS and a.status == EnforcementAction.Status.OPEN,
        "close_form": forms.CloseActionForm(),
    })


@login_required
@require_POST
def action_close(request, pk):
    a = get_object_or_404(readable(EnforcementAction, request.user), pk=pk)
    form = forms.CloseActionForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(errors_text(form))
        enforcement.close_action(request.user, a.pk, form.cleaned_data["closed_on"], form.cleaned_data["comment"])
        messages.success(request, "已结案。")
    except (ServiceError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
    return redirect(a)


# --- 执法月报表 ---------------------------------------------------------------------------


def _period(request):
    today = timezone.localdate()
    default_year, default_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    form = forms.MonthForm(request.GET or None)
    if request.GET and form.is_valid():
        return form.cleaned_data["year"], form.cleaned_data["month"]
    return default_year, default_month


@login_required
def monthly_view(request, fmt="html"):
    require_read(request.user, "inspection_work")
    year, month = _period(request)
    region = None
    if request.GET.get("region"):
        region = Region.objects.for_user(request.user).filter(pk=request.GET["region"]).first()
    report = monthly.monthly_report(request.user, year, month, region)
    unit_name = reporting_unit_name(request.user, region)  # the bureau's seal, not the 股室's
    if fmt == "xlsx":
        return xlsx_response(monthly.monthly_xlsx(report, unit_name), file_name(f"{unit_name}安全监管执法月报表", f"{year}年{month}月", ext="xlsx"))
    return render(request, "inspections/monthly.html", {
        "r": report, "unit_name": unit_name, "tab": "monthly",
        "regions": Region.objects.for_user(request.user).order_by("path"),
        "keys": monthly.KEYS,
    })


@login_required
def order_pdf(request, pk):
    """责令限期整改指令书, as issued: 文号, the facts, the legal basis, the deadline, and the signatures made on
    site on the inspected enterprise's record (inspector and the party's representative)."""
    from django.http import Http404

    from core.http import file_name
    from core.pdf import pdf_response

    from .models import Target
    from .views import signatures_of

    a = get_object_or_404(readable(EnforcementAction, request.user).select_related(
        "enterprise", "region", "inspection", "hazard"), pk=pk)
    if a.kind != EnforcementAction.Kind.ORDER:
        raise Http404("只有责令限期整改可以出具指令书。")
    target = Target.objects.filter(inspection=a.inspection_id, enterprise=a.enterprise_id).first() \
        if a.inspection_id and a.enterprise_id else None
    return pdf_response("inspections/pdf/order.html", {
        "a": a, "hazard": a.hazard, "signatures": signatures_of(target) if target else [],
        "issuer": f"{a.region.county.name}交通运输局",
    }, file_name("责令限期整改指令书", a.case_number or a.party, ext="pdf"), request)


@login_required
def schedule_list(request):
    """周期检查计划: each schedule, its frequency (and 红 firms'), and the inspections it has made."""
    from . import schedules
    from .forms import ScheduleForm
    from .models import InspectionSchedule, ScheduleRun

    require_read(request.user, "inspection_work")
    can_plan = services.can_plan(request.user)
    form = ScheduleForm(request.POST or None, user=request.user) if can_plan else None
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied("您的角色不能制定检查计划。")
        if form.is_valid():
            data = form.cleaned_data
            try:
                _, made = schedules.plan_schedule(request.user, **{**data, "members": list(data["members"])})
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"检查计划已制定，本期已生成检查 {sum(1 for r in made if r.inspection_id)} 个。")
                return redirect("inspections:schedules")
    plans = InspectionSchedule.objects.for_user(request.user).select_related("sector", "lead_unit")
    runs = ScheduleRun.objects.filter(schedule__in=plans).select_related("inspection").order_by("-period_start")
    by_plan = {}
    for run in runs:
        by_plan.setdefault(run.schedule_id, []).append(run)
    return render(request, "inspections/schedules.html", {
        "plans": [(p, by_plan.get(p.pk, [])[:6], SCHEDULE_ACTIONS.available(request.user, p)) for p in plans],
        "form": form, "tab": "schedules"})


@login_required
@require_POST
def schedule_action(request, pk, name):
    """停用 / 恢复 a 周期检查计划 (the buttons on the list; the API runs the same SCHEDULE_STEPS)."""
    from django.urls import reverse

    from .actions import SCHEDULE_STEPS
    from .models import InspectionSchedule

    schedule = get_object_or_404(InspectionSchedule.objects.for_user(request.user), pk=pk)
    return run_on_page(request, SCHEDULE_STEPS, schedule, name, back=f"{reverse('inspections:schedules')}#s{pk}")
