"""Hazard screens. Each view scopes the read, calls one service, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core import uploads
from core.actions import run_on_page
from core.exceptions import ServiceError
from core.paging import KeysFirstPaginator
from org.roles import Role
from org.scope import readable

from . import forms, permissions, services, spreadsheet, tally
from .actions import STEPS
from .filters import HazardFilter
from .models import OPEN_STATES, Attachment, Criterion, Extension, Hazard, Supervision
from .tables import HazardTable




def listed_annotation():
    return Exists(Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True))


def filtered(request):
    qs = readable(Hazard, request.user)
    flt = HazardFilter(request.GET or None, queryset=qs, user=request.user)
    valid = not flt.form.is_bound or flt.form.is_valid()
    return flt, (flt.qs if valid else Hazard.objects.none())


@login_required
def hazard_list(request):
    flt, qs = filtered(request)
    # The page's 30 ids first (KeysFirstPaginator), then those 30 rows joined to their enterprise and
    # sector, with the 挂牌 mark: the joins and the mark cost 30 rows, not the sort of a province's every
    # hazard (0.6–0.9 s at 200,000 on SQLite when they rode through it).
    table = HazardTable(qs.select_related("enterprise", "sector").annotate(is_listed=listed_annotation()))
    # Unfiltered, a whole region's list holds what its roll-up counts (hazards/tally.py): a province's
    # count is then a few thousand roll-up rows, not every hazard.
    where = None if flt.narrows() else tally.root(flt.queryset)
    paging = {"per_page": 30, "paginator_class": KeysFirstPaginator}
    if where is not None:
        paging["count"] = tally.total(where)
    RequestConfig(request, paginate=paging).configure(table)
    return render(request, "hazards/list.html", {
        "filter": flt, "table": table, "can_report": request.user.role in permissions.REPORT_ROLES,
        "can_import": spreadsheet.importer.allowed(request.user),
        "can_export": request.user.role in permissions.EXPORT_ROLES,
    })


@login_required
def report(request):
    if request.user.role not in permissions.REPORT_ROLES:
        raise PermissionDenied("您的角色不能上报隐患。")
    initial = {}
    if request.GET.get("enterprise"):
        initial["enterprise"] = request.GET["enterprise"]
    form = forms.ReportForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos")
        try:
            hazard = services.report_hazard(request.user, data, photos, request.POST.get("key", ""))
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已上报隐患 {hazard.number}。")
            return redirect(hazard)
    return render(request, "hazards/report.html", {"form": form})


def _origin(hazard):
    """Where a hazard came from: the inspection item or the tip-off it was created from."""
    from inspections.models import CheckItem
    from tipoffs.models import TipOff

    if hazard.source in (Hazard.Source.SUPERVISION, Hazard.Source.ENFORCEMENT):
        item = CheckItem.objects.filter(hazard=hazard).select_related("target__inspection").first()
        if item:
            inspection = item.target.inspection
            return {"label": f"检查 {inspection.number}（第 {item.order} 项）", "url": inspection.get_absolute_url()}
    if hazard.source == Hazard.Source.TIP_OFF:
        tipoff = TipOff.objects.filter(hazard=hazard).first()
        if tipoff:
            return {"label": f"群众举报 {tipoff.code}", "url": tipoff.get_absolute_url()}
    if hazard.source == Hazard.Source.SELF_REPORT:
        from obligations.models import SelfCheckItem

        item = SelfCheckItem.objects.filter(hazard=hazard).select_related("self_check").first()
        if item:
            check = item.self_check
            return {"label": f"主要负责人带队检查 {check.checked_on:%Y-%m-%d}（第 {item.order + 1} 项）",
                    "url": check.get_absolute_url()}
    return None


@login_required
def detail(request, pk):
    hazard = get_object_or_404(
        readable(Hazard, request.user).select_related("enterprise", "sector", "region", "criterion", "supervising_unit",
                                       "supervisor", "reported_by"), pk=pk)
    supervision = hazard.supervisions.filter(lifted_at__isnull=True).first()
    pending = hazard.extensions.filter(decision=Extension.Decision.PENDING).select_related("requested_by").first()
    actions = permissions.available_actions(request.user, hazard, supervision, pending)
    attachments = list(hazard.attachments.all())
    events = hazard.events.select_related("actor").prefetch_related("attachments").order_by("created_at", "id")
    user = request.user
    version = {"version": hazard.version}
    action_forms = {
        "verify": forms.VerifyForm(user=user, hazard=hazard, initial={**version, "level": hazard.level,
                                                                     "criterion": hazard.criterion_id,
                                                                     "supervising_unit": user.unit_id}),
        "plan": forms.PlanForm(initial={**version, **{k: getattr(hazard, k) for k in services.PLAN_FIELDS}}),
        "extension": forms.ExtensionRequestForm(initial=version),
        "decide": forms.DecideExtensionForm(initial=version),
        "submit": forms.SubmitForm(initial=version),
        "supervision": forms.SupervisionForm(initial={**version, "issuing_unit": hazard.bureau_name}),
        "comment": forms.ActionForm(initial=version),
        "documents": forms.DocumentsForm(initial=version),
    }
    return render(request, "hazards/detail.html", {
        "h": hazard, "origin": _origin(hazard), "supervision": supervision, "pending_extension": pending, "actions": actions,
        "before": [a for a in attachments if a.kind == "before"],
        "after": [a for a in attachments if a.kind == "after"],
        "documents": [a for a in attachments if a.kind == "document"],
        "events": events, "f": action_forms, "supervisions": hazard.supervisions.all(),
        "extensions": hazard.extensions.select_related("requested_by", "decided_by"),
        # The chain's last link: the measures (责令限期整改 …) taken on this hazard, as its reader may see them.
        "enforcement": _enforcement(request.user, hazard),
    })


def _enforcement(user, hazard):
    from inspections.models import EnforcementAction

    return list(EnforcementAction.objects.for_user(user).filter(hazard=hazard).order_by("decided_on"))


@login_required
@require_POST
def action(request, pk, name):
    hazard = get_object_or_404(readable(Hazard, request.user), pk=pk)
    if name == "edit":  # 修改 has its own page
        raise Http404
    return run_on_page(request, STEPS, hazard, name)


@login_required
def edit(request, pk):
    hazard = get_object_or_404(readable(Hazard, request.user), pk=pk)
    if not (permissions.role_allows(request.user, "edit") and permissions.state_allows(hazard, "edit")):
        raise PermissionDenied("您不能修改该隐患。")
    form = forms.EditForm(request.POST or None, instance=hazard, user=request.user)
    if request.method == "POST" and form.is_valid():
        hazard.refresh_from_db()  # the form wrote into the instance; the service compares with the stored row
        try:
            STEPS.perform(request.user, hazard, "edit", form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, STEPS.message("edit", None))
            return redirect(hazard)
    return render(request, "hazards/edit.html", {"form": form, "h": hazard})


@login_required
def attachment(request, pk, thumb=False):
    """Uploaded files are never public: served only to users who can see the hazard."""
    att = get_object_or_404(readable(Attachment, request.user), pk=pk)
    return uploads.serve(att.thumbnail if thumb and att.thumbnail else att.file, att.original_name)


@login_required
def map_view(request):
    from core.maps import base_layers

    readable(Hazard, request.user)
    return render(request, "hazards/map.html", {
        "map_layers": base_layers(),
    })


@login_required
def map_data(request):
    """Open hazards with a location, for the map (scoped, capped)."""
    qs = (readable(Hazard, request.user).filter(state__in=OPEN_STATES, latitude__isnull=False, longitude__isnull=False)
          .select_related("enterprise").annotate(is_listed=listed_annotation()).order_by("-discovered_on")[:5000])
    points = [{
        "id": h.pk, "number": h.number, "title": h.title, "lat": float(h.latitude), "lng": float(h.longitude),
        "major": h.is_major, "overdue": h.is_overdue, "listed": h.is_listed, "state": h.get_state_display(),
        "place": h.place, "url": h.get_absolute_url(),
    } for h in qs]
    return JsonResponse({"points": points})


# --- criteria catalogue ----------------------------------------------------------------


@login_required
def criteria_list(request):
    from django.db.models import Count

    rows = Criterion.objects.for_user(request.user).select_related("sector").annotate(n=Count("hazards"))
    return render(request, "hazards/criteria.html", {
        "criteria": rows, "can_manage": request.user.role == Role.SAFETY_OFFICE,
    })


@login_required
def criterion_edit(request, pk=None):
    from . import catalogue

    if request.user.role != Role.SAFETY_OFFICE:
        raise PermissionDenied("判定标准由安委办维护。")
    instance = get_object_or_404(Criterion, pk=pk) if pk else None
    form = forms.CriterionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        catalogue.save_criterion(request.user, form.instance if instance else None, form.cleaned_data)
        messages.success(request, "判定标准已保存。")
        return redirect("hazards:criteria")
    return render(request, "hazards/criterion_form.html", {"form": form, "c": instance})
