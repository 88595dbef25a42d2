"""全覆盖 board, trainings and drills."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from core.exceptions import ServiceError
from enterprises.models import Enterprise
from org.roles import Role
from org.scope import require_read

from . import coverage, drills, forms, services
from .filters import TrainingFilter
from .models import CoverageTarget, Drill, DrillRule, Training

@login_required
def home(request):
    if request.user.role == Role.ENTERPRISE:
        return redirect("safety:drills")
    return redirect("safety:coverage")


# --- 全覆盖 -------------------------------------------------------------------------------


@login_required
def coverage_board(request):
    require_read(request.user, "coverage")
    results = coverage.board(request.user)
    return render(request, "safety/coverage.html", {
        "results": results, "today": timezone.localdate(), "tab": "coverage",
        "overdue": [r for r in results if r.overdue()],
        "can_edit": request.user.role in services.TARGET_OWNERS,
    })


@login_required
def target_detail(request, pk):
    require_read(request.user, "coverage")
    target = get_object_or_404(CoverageTarget.objects.for_user(request.user).select_related("region", "sector", "unit"), pk=pk)
    pop, covered, missing = coverage.lists(target, request.user)
    show = request.GET.get("show", "missing")
    shown = {"missing": missing, "covered": covered, "all": pop}.get(show, missing)
    page = Paginator(shown.order_by("pk"), 50).get_page(request.GET.get("page"))
    result = coverage.evaluate(target, request.user)
    return render(request, "safety/target.html", {
        "t": target, "result": result, "overdue": result.overdue(), "page": page, "show": show, "tab": "coverage",
        "marked": set(target.marks.values_list("enterprise_id", flat=True)),
        "is_marked": target.rule == CoverageTarget.Rule.MARKED, "is_items": target.population == "items",
        "can_mark": request.user.role in services.STAFF,
        "can_edit": request.user.role in services.TARGET_OWNERS,
        "events": target.events.select_related("actor").order_by("-created_at")[:20],
    })


@login_required
@require_POST
def target_action(request, pk, name):
    require_read(request.user, "coverage")
    target = get_object_or_404(CoverageTarget.objects.for_user(request.user), pk=pk)
    try:
        if name in ("mark", "unmark"):
            enterprise = Enterprise.objects.for_user(request.user).filter(pk=request.POST.get("enterprise")).first()
            if enterprise is None:
                raise ServiceError("请选择企业。")
            if name == "mark":
                services.mark(request.user, target.pk, enterprise, note=request.POST.get("note", ""))
            else:
                services.unmark(request.user, target.pk, enterprise, request.POST.get("reason", ""))
        elif name == "item":
            services.add_item(request.user, target.pk, request.POST.get("name", ""))
        elif name == "done":
            services.complete_item(request.user, int(request.POST.get("item") or 0))
        messages.success(request, "已保存。")
    except (ServiceError, PermissionDenied, ValueError) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    return redirect(request.POST.get("next") or target.get_absolute_url())


@login_required
def target_edit(request, pk=None):
    if request.user.role not in services.TARGET_OWNERS:
        raise PermissionDenied("全覆盖目标由安委办设置。")
    target = get_object_or_404(CoverageTarget.objects.for_user(request.user), pk=pk) if pk else None
    initial = {f: getattr(target, f) for f in forms.TargetForm.base_fields} if target else {
        "counted_from": services.year_start(), "target_percent": 100}
    form = forms.TargetForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.save_target(request.user, pk, form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "全覆盖目标已保存。")
            return redirect(target)
    return render(request, "safety/target_form.html", {"form": form, "t": target, "tab": "coverage"})


# --- trainings ------------------------------------------------------------------------------


@login_required
def training_list(request):
    require_read(request.user, "trainings")
    qs = Training.objects.for_user(request.user).select_related("organizer").annotate(
        n=Count("attendees"), passed=Count("attendees", filter=Q(attendees__passed=True))).order_by("-end_on", "-id")
    qs = TrainingFilter(request.GET, qs).qs
    return render(request, "safety/trainings.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "kinds": Training.Kind.choices,
        "tab": "trainings", "can_write": request.user.role in services.STAFF})


@login_required
def training_create(request):
    require_read(request.user, "trainings")
    if request.user.role not in services.STAFF:
        raise PermissionDenied("您的角色不能登记培训。")
    form = forms.TrainingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        contacts, people, files = d.pop("contacts"), d.pop("people"), d.pop("files")
        try:
            training = services.record_training(request.user, d, contacts, people, files)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "培训已登记，请在培训结束后登记考核结果。")
            return redirect(training)
    return render(request, "safety/training_form.html", {"form": form, "tab": "trainings"})


@login_required
def training_detail(request, pk):
    require_read(request.user, "trainings")
    t = get_object_or_404(Training.objects.for_user(request.user).select_related("organizer", "region"), pk=pk)
    attendees = t.attendees.select_related("contact__enterprise", "person__unit")
    if request.method == "POST":
        try:
            results = {}
            for a in attendees:
                value = request.POST.get(f"a{a.pk}", "")
                results[a.pk] = {"1": True, "0": False}.get(value)
            services.set_results(request.user, t.pk, results)
            messages.success(request, "考核结果已保存。")
            return redirect(t)
        except (ServiceError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
    return render(request, "safety/training.html", {
        "t": t, "attendees": attendees, "tab": "trainings", "can_write": request.user.role in services.STAFF,
        "events": t.events.select_related("actor"), "attachments": t.attachments.all()})


@login_required
def training_file(request, pk):

    from .models import TrainingAttachment

    require_read(request.user, "trainings")
    att = get_object_or_404(TrainingAttachment.objects.for_user(request.user), pk=pk)
    return uploads.serve(att.file, att.original_name)


# --- drills --------------------------------------------------------------------------------------


@login_required
def drill_list(request):
    require_read(request.user, "drills")
    qs = Drill.objects.for_user(request.user).select_related("enterprise", "organiser")
    return render(request, "safety/drills.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "tab": "drills",
        "can_write": request.user.role in services.DRILL_WRITERS})


@login_required
def drill_create(request):
    if request.user.role not in services.DRILL_WRITERS:
        raise PermissionDenied("您的角色不能登记应急演练。")
    form = forms.DrillForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_drill(request.user, form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "应急演练已登记。")
            return redirect("safety:drills")
    return render(request, "safety/drill_form.html", {"form": form, "tab": "drills"})


@login_required
def drill_plan(request):
    """年度应急演练计划: planned against held, month by month; the safety office adds lines."""
    from .models import DrillPlanItem

    require_read(request.user, "drills")
    if request.user.role == Role.ENTERPRISE:
        raise PermissionDenied("演练计划是本局的工作安排。")
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    can_plan = request.user.role in services.TARGET_OWNERS
    form = forms.DrillPlanForm(request.POST or None, user=request.user) if can_plan else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有安委办可以编制演练计划。")
        if form.is_valid():
            try:
                services.plan_drill(request.user, year=year, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "已列入演练计划。")
                return redirect(f"{request.path}?year={year}")
    items = list(DrillPlanItem.objects.for_user(request.user).filter(year=year).select_related("organiser")
                 .prefetch_related("drills"))
    rows = [{"item": i, "state": i.state(today), "drills": list(i.drills.all())} for i in items]
    counts = {s: sum(1 for r in rows if r["state"] == s) for s in ("已开展", "逾期未开展", "计划中")}
    return render(request, "safety/drill_plan.html", {"rows": rows, "year": year, "counts": counts, "form": form,
                                                      "tab": "plan"})


@login_required
def drill_compliance(request):
    """Per frequency rule: enterprises never drilled, overdue, due within 30 days, fine."""
    require_read(request.user, "coverage")
    firms = Enterprise.objects.for_user(request.user)
    rows = [{"rule": rule, "status": drills.compliance(rule, firms)}
            for rule in DrillRule.objects.filter(active=True).select_related("sector")]
    # Every count is a link to the list of the same enterprises (?rule=&status=).
    shown = None
    rule_id, key = request.GET.get("rule", ""), request.GET.get("status", "")
    if rule_id.isdigit() and key in drills.LABELS:
        row = next((r for r in rows if r["rule"].pk == int(rule_id)), None)
        if row is not None:
            shown = {"rule": row["rule"], "key": key, "label": drills.LABELS[key], "firms": row["status"][key]}
    return render(request, "safety/compliance.html", {"rows": rows, "labels": drills.LABELS, "tab": "compliance",
                                                      "shown": shown})



# --- 应急物资 and 救援队伍 --------------------------------------------------------------------------


def _register(name):
    from . import emergency

    return {"supplies": (emergency.SUPPLIES, emergency.supply_importer),
            "teams": (emergency.TEAMS, emergency.team_importer)}[name]


@login_required
def emergency_list(request, name):
    """A register of the county's emergency resources; phones masked with an audited 显示."""
    from . import emergency

    require_read(request.user, "emergency")
    register, _ = _register(name)
    qs = register.model.objects.for_user(request.user).select_related(
        "keeper" if name == "supplies" else "unit")
    return render(request, f"safety/emergency_{name}.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page")), "tab": name, "title": register.title,
        "can_edit": emergency.can_edit(request.user), "name": name,
    })


@login_required
def emergency_export(request, name):
    """The register as .xlsx: phones masked, or in full for the safety office that re-imports it."""
    from core.excel import xlsx_response
    from core.http import file_name
    from org.scope import owner_name

    from . import emergency

    require_read(request.user, "emergency")
    register, _ = _register(name)
    full = request.GET.get("full") == "1" and emergency.can_edit(request.user)
    content = register.workbook(register.model.objects.for_user(request.user), full_phones=full)
    return xlsx_response(content, file_name(f"{owner_name(request.user)}{register.title}", timezone.localdate(),
                                            ext="xlsx"))


def _template_view(name):
    @login_required
    def template(request):
        from core.excel import xlsx_response

        from . import emergency

        if not emergency.can_edit(request.user):
            raise PermissionDenied("只有安委办可以维护应急资源。")
        register, _ = _register(name)
        return xlsx_response(register.workbook(register.model.objects.none()), f"{register.title}导入模板.xlsx")

    return template
