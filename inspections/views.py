"""Inspections, checklists and the phone field page. Views parse input, call one
service and render; every read goes through for_user()."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import uploads
from core.actions import run_on_page
from core.exceptions import ServiceError
from core.forms import errors_text
from core.paging import KeysFirstPaginator
from org.roles import may_read
from org.scope import readable, require_read, whole_region

from . import enforcement, forms, services, tally
from .filters import InspectionFilter
from .models import CheckItem, ChecklistTemplate, Inspection, InspectionEvent, Target
from .actions import STEPS
from .permissions import ACTIONS
from core.http import file_name
from org.scope import owner_name





def _error(exc):
    return getattr(exc, "message", None) or str(exc)



def _filterset(request):
    """The list's filter over the user's inspections, as on screen (the export uses the same)."""
    qs = readable(Inspection, request.user).select_related("sector", "lead_unit", "leader", "region") \
        .order_by("-planned_on", "-id")
    return InspectionFilter(request.GET, qs)


def _filtered(request):
    return _filterset(request).qs


# Each inspection's counts, from its targets and items. Joined only for the rows shown (a page, or an
# export's batch), never before the LIMIT: grouping every inspection of a province to show thirty is
# what made the list cost the table.
FIGURES = {
    "n_targets": Count("targets", distinct=True),
    "n_items": Count("targets__items", distinct=True),
    "n_failed": Count("targets__items", filter=Q(targets__items__result=CheckItem.Result.FAIL), distinct=True),
    "n_hazards": Count("targets__items__hazard", distinct=True),
}


def with_figures(inspections):
    """Set FIGURES on these inspections (a page): one grouped query over their ids."""
    inspections = list(inspections)
    rows = Inspection.objects.filter(pk__in=[i.pk for i in inspections]).order_by().values("pk") \
        .annotate(**FIGURES)
    figures = {r["pk"]: r for r in rows}
    for inspection in inspections:
        for name in FIGURES:
            setattr(inspection, name, figures[inspection.pk][name])
    return inspections


@login_required
def inspection_list(request):
    listed = _filterset(request)
    qs = listed.qs
    page = KeysFirstPaginator(qs, 30).get_page(request.GET.get("page"))  # the 30 ids, then their rows and joins
    page.object_list = with_figures(page.object_list)
    whole = None if listed.narrows() else whole_region(request.user)
    return render(request, "inspections/list.html", {
        "page": page, "kinds": Inspection.Kind.choices, "statuses": Inspection.Status.choices,
        "can_plan": services.can_plan(request.user), "tab": "inspections", "totals": list_totals(qs, whole),
    })


def list_totals(qs, whole=None):
    """What the 调度统计表 and the 执法月报 count for these inspections: distinct enterprises
    (家), targets (家次) and team members plus experts (人次). `whole`: the region (org.scope.whole_region)
    when qs is every inspection of its subtree — then its roll-up rows answer (inspections/tally.py);
    otherwise they are counted from the targets and teams."""
    if isinstance(whole, int):
        return tally.totals(whole)
    ids = qs.order_by().values("pk")
    # 家 and 家次 (as the 执法月报 counts them) in one pass over the targets.
    totals = Target.objects.filter(inspection__in=ids, enterprise__isnull=False).aggregate(
        firms=Count("enterprise", distinct=True), targets=Count("pk"))
    totals["people"] = (Inspection.members.through.objects.filter(inspection__in=ids).count()
                        + Inspection.experts.through.objects.filter(inspection__in=ids).count())
    return totals


@login_required
def create(request):
    if not services.can_plan(request.user):
        raise PermissionDenied("您的角色不能安排检查。")
    form = forms.InspectionForm(request.POST or None, user=request.user,
                                initial={"enterprises": request.GET.getlist("enterprise")})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.create_inspection(request.user, form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已安排检查 {inspection.number}。")
            return redirect(inspection)
    return render(request, "inspections/form.html", {"form": form, "tab": "inspections"})


def _targets(inspection, user):
    """The inspection's targets this user reads (an enterprise: its own), with their items."""
    items = CheckItem.objects.select_related("hazard", "criterion").order_by("order", "id")
    return (Target.objects.for_user(user).filter(inspection=inspection).select_related("enterprise")
            .prefetch_related(Prefetch("items", queryset=items)))


@login_required
def detail(request, pk):
    inspection = get_object_or_404(
        readable(Inspection, request.user).select_related("sector", "lead_unit", "leader", "region", "draw", "created_by"), pk=pk)
    targets = list(_targets(inspection, request.user))
    counts = {r: 0 for r in CheckItem.Result.values}
    for t in targets:
        for item in t.items.all():
            counts[item.result] += 1
    return render(request, "inspections/detail.html", {
        "i": inspection, "targets": targets, "counts": counts, "tab": "inspections",
        "members": inspection.members.select_related("unit"), "experts": inspection.experts.all(),
        "actions": inspection.actions.select_related("enterprise"),
        "events": InspectionEvent.objects.for_user(request.user).filter(inspection=inspection)
        .select_related("actor").order_by("-created_at", "-id"),
        "steps": ACTIONS.available(request.user, inspection),
        "can_record": services.can_record(request.user, inspection),
        "can_convert": services.can_plan(request.user),
        "can_enforce": request.user.role in enforcement.WRITERS,
        "complete_form": forms.CompleteForm(initial={"version": inspection.version}),
        "cancel_form": forms.CancelForm(initial={"version": inspection.version}),
        "target_form": forms.TargetForm(user=request.user),
    })


@login_required
def field(request, pk):
    """现场检查: one card per item, big buttons, camera capture; saves item by item."""
    inspection = get_object_or_404(readable(Inspection, request.user).select_related("sector"), pk=pk)
    targets = list(_targets(inspection, request.user))
    target_id = request.GET.get("target")
    current = next((t for t in targets if str(t.pk) == target_id), targets[0] if targets else None)
    return render(request, "inspections/field.html", {
        "i": inspection, "targets": targets, "current": current, "progress": current.progress() if current else None,
        "can_record": services.can_record(request.user, inspection), "can_convert": services.can_plan(request.user),
        "can_enforce": request.user.role in enforcement.WRITERS, "add_form": forms.AddItemForm(),
        "signatures": current.signatures.order_by("signed_at") if current else [],
    })


@login_required
@require_POST
def record_item(request, pk):
    """Saves one item; answers htmx with the refreshed card, plain posts with a redirect."""
    item = get_object_or_404(CheckItem.objects.for_user(request.user).select_related("target"), pk=pk)
    form = forms.ItemResultForm(request.POST, request.FILES)
    error = None
    try:
        if not form.is_valid():
            raise ServiceError(errors_text(form))
        d = form.cleaned_data
        item = services.record_item(request.user, item.pk, d["result"], d["note"], d.get("photo"), d.get("lat"),
                                    d.get("lng"), request.POST.get("key", ""))
    except (ServiceError, PermissionDenied) as exc:
        error = _error(exc)
        item.refresh_from_db()
    if request.htmx:
        inspection = item.target.inspection
        return render(request, "inspections/_item.html", {
            "item": item, "error": error, "saved": error is None, "i": inspection, "oob_progress": item.target.progress(),
            "can_record": services.can_record(request.user, inspection),
            "can_convert": services.can_plan(request.user),
        "can_enforce": request.user.role in enforcement.WRITERS,
        }, status=200)
    if error:
        messages.error(request, error)
    url = reverse("inspections:field", args=[item.target.inspection_id])
    return redirect(f"{url}?target={item.target_id}#item-{item.pk}")


@login_required
@require_POST
def add_item(request, pk, target_pk):
    inspection = get_object_or_404(readable(Inspection, request.user), pk=pk)
    form = forms.AddItemForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(errors_text(form))
        services.add_item(request.user, inspection.pk, target_pk, **form.cleaned_data)
        messages.success(request, "已增加检查项。")
    except (ServiceError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
    return redirect(f"{reverse('inspections:field', args=[inspection.pk])}?target={target_pk}")


@login_required
def item_hazard(request, pk):
    """不符合 → 隐患: the hazard form pre-filled from the item; one click to submit."""
    item = get_object_or_404(
        CheckItem.objects.for_user(request.user).select_related("target__inspection", "target__enterprise",
                                                                  "criterion", "hazard"), pk=pk)
    if item.hazard_id:
        messages.info(request, f"该项已转为隐患 {item.hazard.number}。")
        return redirect(item.hazard)
    if not services.can_plan(request.user):
        raise PermissionDenied("您的角色不能把检查项转为隐患。")
    prefill = services.hazard_prefill(item)
    form = forms.ItemHazardForm(request.POST or None, request.FILES or None, user=request.user, initial=prefill)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos")
        try:
            hazard = services.hazard_from_item(request.user, item.pk, data, photos)
        except (ServiceError, PermissionDenied) as exc:
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None,
                           _error(exc))
        else:
            messages.success(request, f"已转为隐患 {hazard.number}，并与检查 {item.target.inspection.number} 关联。")
            return redirect(item.target.inspection)
    return render(request, "inspections/item_hazard.html", {"form": form, "item": item, "prefill": prefill,
                                                             "i": item.target.inspection, "tab": "inspections"})


@login_required
@require_POST
def action(request, pk, name):
    inspection = get_object_or_404(readable(Inspection, request.user), pk=pk)
    return run_on_page(request, STEPS, inspection, name)


# --- checklist templates ---------------------------------------------------------------


@login_required
def templates(request):
    require_read(request.user, "inspection_work")
    qs = ChecklistTemplate.objects.for_user(request.user).select_related("sector").annotate(n=Count("items"))
    return render(request, "inspections/templates.html", {"templates": qs, "tab": "templates",
                                                           "can_plan": services.can_plan(request.user)})


@login_required
def template_edit(request, pk=None):
    if not services.can_plan(request.user):
        raise PermissionDenied("您的角色不能维护检查表。")
    template = get_object_or_404(ChecklistTemplate.objects.for_user(request.user), pk=pk) if pk else None
    initial = {}
    if template:
        items = list(template.items.all())
        initial = {"name": template.name, "sector": template.sector_id, "note": template.note,
                   "criteria": [i.criterion_id for i in items if i.criterion_id],
                   "lines": "\n".join(" | ".join([i.text, i.basis, str(i.weight)] if i.weight != 1 else
                                                  [i.text, i.basis] if i.basis else [i.text])
                                      for i in items if not i.criterion_id)}
    form = forms.TemplateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template(request.user, pk, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "检查表已保存。")
            return redirect("inspections:templates")
    return render(request, "inspections/template_form.html", {"form": form, "template": template, "tab": "templates"})



@login_required
def item_photo(request, pk):
    """Site photos are served only to users who can see the inspection."""

    item = get_object_or_404(CheckItem.objects.for_user(request.user), pk=pk)
    if request.GET.get("original") and item.photo_original:
        return uploads.serve(item.photo_original, "现场照片（原图）")
    if not item.photo:
        raise Http404
    return uploads.serve(item.photo, "现场照片")


EXPORT_HEADERS = ["检查编号", "检查名称", "检查类型", "行业领域", "所属区划", "牵头单位", "计划日期", "实际日期", "带队负责人",
                  "检查对象（个）", "检查项（项）", "不符合（项）", "转为隐患（项）", "状态"]


@login_required
def export(request):
    """The inspection list as .xlsx, with the on-screen filters and figures (the inspecting side's ledger)."""
    require_read(request.user, "inspection_work")

    from core.excel import new_workbook, write_table, xlsx_response

    rows = [[i.number, i.title, i.get_kind_display(), i.sector.name, i.region.name, i.lead_unit.name, i.planned_on,
             i.done_on, i.leader.name if i.leader_id else "", i.n_targets, i.n_items, i.n_failed, i.n_hazards,
             i.get_status_display()] for i in _filtered(request).annotate(**FIGURES)]
    wb = new_workbook("检查台账")
    write_table(wb.active, EXPORT_HEADERS, rows, widths={"检查名称": 36, "牵头单位": 24, "检查编号": 20})
    return xlsx_response(wb, file_name(f"{owner_name(request.user)}安全检查台账", timezone.localdate(), ext="xlsx"))


@login_required
@require_POST
def sign(request, pk, target_pk):
    """现场签名: the canvas's PNG with who signs, for one target's record."""
    inspection = get_object_or_404(readable(Inspection, request.user), pk=pk)
    try:
        services.sign(request.user, inspection.pk, target_pk, role=request.POST.get("role", ""),
                      name=request.POST.get("name", ""), image=request.POST.get("image", ""),
                      key=request.POST.get("key", ""))
    except (ServiceError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, "签名已记录。")
    return redirect(f"{reverse('inspections:field', args=[inspection.pk])}?target={target_pk}#sign")


def signatures_of(target):
    """The latest signature of each signer on a target's record, inspectors first, as images to print."""
    from core.pdf import image_uri

    latest = {}
    for s in target.signatures.select_related("signed_by").order_by("signed_at", "id"):
        latest[(s.role, s.name)] = s
    out = sorted(latest.values(), key=lambda s: (s.role != "inspector", s.signed_at))
    for s in out:
        s.uri = image_uri(s.image)
    return out


@login_required
def record_pdf(request, pk, target_pk):
    """现场检查笔录: the target's findings with their photos and both sides' signatures, to leave on site."""
    from core.http import file_name
    from core.pdf import image_uri, pdf_response

    inspection = get_object_or_404(readable(Inspection, request.user).select_related(
        "sector", "lead_unit", "leader", "region"), pk=pk)
    target = get_object_or_404(Target.objects.for_user(request.user).select_related("enterprise"),
                               inspection=inspection, pk=target_pk)
    items = list(target.items.select_related("hazard", "criterion").order_by("order", "id"))
    for item in items:
        item.photo_uri = image_uri(item.photo, "image/jpeg") if item.result == CheckItem.Result.FAIL else ""
    principal = target.enterprise.contacts.filter(role="principal").first() if target.enterprise_id else None
    return pdf_response("inspections/pdf/record.html", {
        "i": inspection, "t": target, "items": items, "progress": target.progress(items),
        "members": inspection.members.all(), "principal": principal, "signatures": signatures_of(target),
        "issuer": f"{inspection.region.county.name}交通运输局" if inspection.region.county else inspection.lead_unit.name,
    }, file_name("现场检查笔录", str(target), inspection.done_on or inspection.planned_on, ext="pdf"), request)


def offline_urls(user):
    """The field pages of the open inspections this user records on (kept on the phone for offline work)."""
    if not may_read(user, "inspection_work"):
        return []
    open_ones = (readable(Inspection, user).filter(status__in=(Inspection.Status.PLANNED,
                                                                Inspection.Status.IN_PROGRESS))
                 .prefetch_related("members").order_by("planned_on")[:30])
    return [reverse("inspections:field", args=[i.pk]) for i in open_ones if services.can_record(user, i)]
