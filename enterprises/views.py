"""Enterprise screens. Each view: scope the read, check permission, call one service, render."""

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from core.excel import xlsx_response
from core.exceptions import ConflictError, ServiceError
from core.forms import errors_text
from core.paging import KeysFirstPaginator
from hazards.permissions import REPORT_ROLES
from inspections.models import EnforcementAction
from inspections.permissions import PLANNERS as INSPECTION_PLANNERS
from org.roles import may_read
from org.scope import readable

from . import grading, permissions, services, spreadsheet
from .filters import EnterpriseFilter
from .forms import (
    ContactFormSet, EnterpriseForm, LicenceFormSet, ShipFormSet, StatusForm, VehicleFormSet, formset_rows,
)
from .models import Enterprise, GradingRule
from .tables import EnterpriseTable
from core.http import file_name
from org.scope import owner_name




def _filtered(request):
    qs = readable(Enterprise, request.user).select_related("region").prefetch_related("sectors")
    return EnterpriseFilter(request.GET or None, queryset=qs, user=request.user)


@login_required
def enterprise_list(request):
    if request.user.role == "enterprise":
        return redirect("enterprises:detail", pk=request.user.enterprise_id)
    flt = _filtered(request)  # raises for administrators
    if flt.form.is_bound and not flt.form.is_valid():
        qs = Enterprise.objects.none()
    else:
        qs = flt.qs
        if "grade" not in qs.query.annotations:
            qs = grading.annotate(qs)
    table = EnterpriseTable(qs)
    RequestConfig(request, paginate={"per_page": 30, "paginator_class": KeysFirstPaginator}).configure(table)
    return render(request, "enterprises/list.html", {
        "filter": flt, "table": table,
        "can_create": permissions.can_create(request.user),
        "can_export": permissions.can_export(request.user),
        "can_import": permissions.can_import(request.user),
    })


@login_required
def enterprise_export(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied("您没有导出企业名录的权限。")
    flt = _filtered(request)
    qs = flt.qs if (not flt.form.is_bound or flt.form.is_valid()) else Enterprise.objects.none()
    # Full phone numbers only for those who may re-import (the export is audited either way).
    full = request.GET.get("full") == "1" and permissions.can_import(request.user)
    content = spreadsheet.export_workbook(qs.order_by("name", "id"), full_phones=full)
    return xlsx_response(content, file_name(f"{owner_name(request.user)}企业名录", timezone.localdate(), ext="xlsx"))


@login_required
def enterprise_detail(request, pk):
    enterprise = get_object_or_404(
        readable(Enterprise, request.user).select_related("region", "created_by").prefetch_related("sectors", "contacts", "licences"),
        pk=pk,
    )
    return render(request, "enterprises/detail.html", {
        "own": enterprise.pk == request.user.enterprise_id,
        "e": enterprise,
        "status_changes": enterprise.status_changes.select_related("changed_by")[:20],
        "events": enterprise.events.select_related("actor").order_by("-created_at", "-id")[:30],
        "vehicles": enterprise.vehicles.all()[:50],
        "ships": enterprise.ships.all()[:50],
        "can_edit": permissions.can_edit(request.user, enterprise),
        "can_change_status": permissions.can_change_status(request.user, enterprise),
        "status_form": StatusForm(initial={"effective_on": timezone.localdate()}),
        # Measures taken against the enterprise: it sees its own; staff see those in their scope.
        "enforcement": EnforcementAction.objects.for_user(request.user).filter(enterprise=enterprise)[:20],
        "grade": _grade(enterprise),
        # On site (the page a scanned code opens): start an inspection, report a hazard, print the code.
        "can_inspect": request.user.role in INSPECTION_PLANNERS and not request.user.enterprise_id,
        "can_report": request.user.role in REPORT_ROLES,
        # Its 主体责任 records (带队检查, 责任制, 预案, 承诺), for those of the bureau who read them.
        "obligations": may_read(request.user, "obligations") and not request.user.enterprise_id,
    })


def _grade(enterprise):
    """The enterprise's 红/黄/绿 code with the counts behind it (for the badge's tooltip)."""
    row = grading.annotate(Enterprise.objects.filter(pk=enterprise.pk)).values(
        "grade", "open_major", "overdue", "accidents_n", "actions_n", "art113").first()
    return row and {**row, "label": grading.COLOURS[row["grade"]]}


def _edit(request, enterprise=None):
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    self_service = request.user.role == "enterprise"
    contacts = ContactFormSet(request.POST or None, instance=enterprise, prefix="contacts")
    # 许可证照 are the bureau's record: the enterprise's own form neither shows nor posts them.
    licences = LicenceFormSet(None if self_service else (request.POST or None), instance=enterprise, prefix="licences")
    vehicles = VehicleFormSet(request.POST or None, instance=enterprise, prefix="vehicles")
    ships = ShipFormSet(request.POST or None, instance=enterprise, prefix="ships")
    formsets = [contacts, vehicles, ships] if self_service else [contacts, licences, vehicles, ships]
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("sectors", "version")}
        sector_ids = [s.pk for s in form.cleaned_data["sectors"]] if "sectors" in form.cleaned_data else None
        try:
            if enterprise is None:
                enterprise = services.create_enterprise(
                    request.user, fields, sector_ids, formset_rows(contacts), formset_rows(licences),
                    formset_rows(vehicles), formset_rows(ships),
                )
                messages.success(request, f"已登记企业“{enterprise.name}”。")
            else:
                enterprise = services.update_enterprise(
                    request.user, enterprise.pk, form.cleaned_data.get("version"), fields, sector_ids,
                    formset_rows(contacts), None if self_service else formset_rows(licences),
                    formset_rows(vehicles), formset_rows(ships),
                )
                messages.success(request, "已保存。")
            return redirect(enterprise)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "enterprises/form.html", {
        "form": form, "contacts": contacts, "licences": licences, "vehicles": vehicles, "ships": ships,
        "e": enterprise, "self_service": self_service,
    })


@login_required
def enterprise_create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied("您没有登记企业的权限。")
    return _edit(request)


@login_required
def enterprise_edit(request, pk):
    enterprise = get_object_or_404(readable(Enterprise, request.user), pk=pk)
    if not permissions.can_edit(request.user, enterprise):
        raise PermissionDenied("您没有修改该企业的权限。")
    return _edit(request, enterprise)


@login_required
def enterprise_status(request, pk):
    enterprise = get_object_or_404(readable(Enterprise, request.user), pk=pk)
    if request.method != "POST":
        return redirect(enterprise)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                request.user, enterprise.pk, form.cleaned_data["to_status"], form.cleaned_data["reason"],
                form.cleaned_data["effective_on"],
            )
            messages.success(request, "经营状态已变更。")
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, errors_text(form))
    return redirect(enterprise)


@login_required
def import_template(request):
    if not permissions.can_import(request.user):
        raise PermissionDenied("您没有导入企业的权限。")
    return xlsx_response(spreadsheet.template_workbook(request.user), "企业导入模板.xlsx")


class GradingRuleForm(djforms.ModelForm):
    class Meta:
        model = GradingRule
        fields = ["window_days", *GradingRule.THRESHOLDS]


@login_required
def grading_rule(request):
    """企业分级规则 (红/黄/绿): the safety office edits, others read."""
    _filtered(request)  # same access as the list
    current = GradingRule.current()
    can_edit = request.user.role == "safety_office"
    form = GradingRuleForm(request.POST or None, instance=GradingRule(**{
        k: getattr(current, k) for k in ("window_days", *GradingRule.THRESHOLDS)}))
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.save_grading_rule(request.user, form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "企业分级规则已保存，列表和地图即时按新规则着色。")
            return redirect("enterprises:grading_rule")
    return render(request, "enterprises/grading_rule.html", {"form": form, "rule": current, "can_edit": can_edit})


@login_required
def enterprise_scan(request, pk):
    """Where an enterprise's printed code leads (扫码): its own account to what it does on site — report a
    hazard or record its 带队检查; the bureau's staff to the enterprise's page, opened at 开始检查."""
    from django.urls import reverse

    enterprise = get_object_or_404(readable(Enterprise, request.user), pk=pk)
    if request.user.enterprise_id == enterprise.pk:
        return render(request, "enterprises/scan.html", {"e": enterprise})
    return redirect(reverse("enterprises:detail", args=[enterprise.pk]) + "?scan=1#on-site")


@login_required
def enterprise_qr(request, pk, fmt="pdf"):
    """The enterprise's code: a PNG, or an A4 (?size=a6 for a small card) sheet to print and post."""
    from django.http import HttpResponse
    from django.urls import reverse

    from core import qr
    from core.pdf import pdf_response

    enterprise = get_object_or_404(readable(Enterprise, request.user).select_related("region"), pk=pk)
    path = reverse("enterprises:scan", args=[enterprise.pk])
    if fmt == "png":
        return HttpResponse(qr.png(path), content_type="image/png")
    size = "A6" if request.GET.get("size") == "a6" else "A4"
    return pdf_response("enterprises/pdf/qr.html", {
        "e": enterprise, "code": qr.data_uri(path), "size": size, "bureau": f"{enterprise.region.county.name}交通运输局",
    }, file_name(enterprise.name, "二维码", ext="pdf"), request)


@login_required
def map_base(request):
    """The base layer of a map without tiles: the boundary of the user's county (or city), its towns, each
    placed at the centre of its registered enterprises, and its roads when loaded (core.maps)."""
    from django.db.models import Avg

    from django.http import JsonResponse

    from core.maps import boundary, roads
    from org.scope import home_region

    region = home_region(request.user)
    if region is None:
        return JsonResponse({"boundary": None, "towns": [], "roads": None})
    county = region.county if region.level == "town" else region
    towns = (Enterprise.objects.for_user(request.user).filter(region__parent=county, latitude__isnull=False)
             .values("region__name").annotate(lat=Avg("latitude"), lng=Avg("longitude")).order_by("region__name"))
    return JsonResponse({"name": county.name, "boundary": boundary(county), "roads": roads(county),
                         "towns": [{"name": t["region__name"], "lat": float(t["lat"]), "lng": float(t["lng"])}
                                   for t in towns]}, json_dumps_params={"ensure_ascii": False})
