"""Risk lists ("一企一清单"), point pages, the band settings and the risk map (一张图)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.excel import new_workbook, write_table, xlsx_response
from core.actions import run_on_page
from core.exceptions import ServiceError
from enterprises.models import Enterprise
from org.models import Sector
from org.roles import Role
from org.scope import in_sector, readable

from . import forms, grading, services
from .filters import RiskPointFilter
from .models import RiskBands, RiskPoint
from .actions import STEPS
from .permissions import ACTIONS, available_actions
from core.http import file_name
from org.scope import owner_name





def _filtered(request):
    qs = readable(RiskPoint, request.user).filter(active=True).select_related("enterprise", "sector")
    return RiskPointFilter(request.GET, qs).qs


@login_required
def point_list(request):
    qs = _filtered(request)
    counts = qs.aggregate(**{lvl: Count("id", filter=Q(level=lvl)) for lvl in grading.LEVELS})
    enterprise = None
    if request.GET.get("enterprise", "").isdigit():
        enterprise = Enterprise.objects.for_user(request.user).filter(pk=int(request.GET["enterprise"])).first()
    return render(request, "risks/list.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "levels": grading.LEVEL_LABELS,
        "level_counts": [(k, grading.LEVEL_LABELS[k], counts[k]) for k in grading.LEVELS],
        "enterprise": enterprise, "sectors": Sector.objects.filter(active=True, depth__lte=1).order_by("path"),
        "can_write": ACTIONS.role_allows(request.user, "edit"), "today": timezone.localdate(),
    })


EXPORT_HEADERS = ["企业", "作业单元", "风险事件", "致险因素", "评估方法", "L", "E", "C", "S", "风险值", "风险等级", "颜色",
                  "管控措施", "责任人", "下次评估日期", "登记备案"]


@login_required
def export(request):
    """一企一清单 as .xlsx (the list's filters apply; ?enterprise= gives one enterprise's list)."""
    rows = [[p.enterprise.name, p.work_unit, p.event, p.factors, p.get_method_display(), p.l_value, p.e_value,
             p.c_value, p.s_value, p.score, p.get_level_display(), p.colour_label, p.measures, p.responsible,
             p.next_review, p.get_filing_display()] for p in _filtered(request)]
    wb = new_workbook("风险清单")
    write_table(wb.active, EXPORT_HEADERS, rows, widths={"企业": 28, "风险事件": 28, "致险因素": 36, "管控措施": 40})
    return xlsx_response(wb, file_name(f"{owner_name(request.user)}风险点清单", timezone.localdate(), ext="xlsx"))


@login_required
def create(request):
    if not ACTIONS.role_allows(request.user, "edit"):
        raise PermissionDenied("您的角色不能登记风险点。")
    form = forms.PointForm(request.POST or None, user=request.user,
                           initial={"enterprise": request.GET.get("enterprise"), "method": grading.LEC})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data) | form.values()
        try:
            point = services.create_point(request.user, data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记风险点，评估为{point.get_level_display()}（{point.colour_label}）。")
            return redirect(point)
    return render(request, "risks/form.html", {"form": form})


@login_required
def detail(request, pk):
    p = get_object_or_404(readable(RiskPoint, request.user).select_related("enterprise", "sector", "region"), pk=pk)
    version = {"version": p.version}
    return render(request, "risks/detail.html", {
        "p": p, "assessments": p.assessments.select_related("assessed_by"),
        "events": p.events.select_related("actor").order_by("-created_at", "-id"),
        "actions": available_actions(request.user, p),
        "reassess_form": forms.ReassessForm(initial={**version, **forms.ValuesForm.initial_for(p)}),
        "edit_form": forms.EditForm(initial={**version, **{k: getattr(p, k) for k in (
            "work_unit", "event", "factors", "measures", "responsible", "next_review")}}),
        "version": p.version,
    })


@login_required
@require_POST
def action(request, pk, name):
    p = get_object_or_404(readable(RiskPoint, request.user), pk=pk)
    return run_on_page(request, STEPS, p, name)


@login_required
def bands(request):
    """风险分级标准: the safety office edits; everyone else reads."""
    readable(RiskPoint, request.user)
    can_edit = request.user.role == Role.SAFETY_OFFICE
    rows = []
    for method, label in RiskPoint.Method.choices:
        current = services.bands_for(method)
        prefix = method
        form = forms.BandsForm(request.POST if request.method == "POST" and request.POST.get("method") == method
                               else None, prefix=prefix, initial=current)
        rows.append({"method": method, "label": label, "form": form, "bands": current,
                     "row": RiskBands.objects.filter(method=method).first()})
    if request.method == "POST" and can_edit:
        row = next((r for r in rows if r["method"] == request.POST.get("method")), None)
        if row and row["form"].is_valid():
            try:
                services.save_bands(request.user, row["method"], **row["form"].cleaned_data)
            except ServiceError as exc:
                row["form"].add_error(None, exc.message)
            else:
                messages.success(request, f"已保存{row['label']}的分级标准；已有风险点在下次评估时按新标准定级。")
                return redirect("risks:bands")
    return render(request, "risks/bands.html", {"rows": rows, "can_edit": can_edit})


@login_required
def map_view(request):
    from core.maps import base_layers

    readable(RiskPoint, request.user)
    return render(request, "risks/map.html", {
        "map_layers": base_layers(),
        "sectors": Sector.objects.filter(active=True, depth__lte=1).order_by("path"),
    })


@login_required
def map_data(request):
    """一张图: risk points (at their enterprise, highest level first), open hazards and the
    enterprises' 红/黄/绿 code — all scoped, optionally limited to a sector subtree."""
    from enterprises import grading as enterprise_grading
    from hazards.models import Hazard

    points = readable(RiskPoint, request.user).filter(active=True, enterprise__latitude__isnull=False)
    hazards = Hazard.objects.for_user(request.user).open().filter(latitude__isnull=False)
    firms = Enterprise.objects.for_user(request.user).filter(status="operating", latitude__isnull=False)
    sector = None
    if request.GET.get("sector", "").isdigit():
        sector = Sector.objects.filter(pk=int(request.GET["sector"])).first()
    if sector:
        points = points.filter(in_sector(sector.path))
        hazards = hazards.filter(in_sector(sector.path))
        firms = firms.filter(sectors__path__startswith=sector.path).distinct()
    rows = points.values("enterprise_id", "enterprise__name", "enterprise__latitude", "enterprise__longitude",
                         "level").annotate(n=Count("id"))
    by_firm = {}
    order = {lvl: i for i, lvl in enumerate(grading.LEVELS)}
    for r in rows:
        f = by_firm.setdefault(r["enterprise_id"], {
            "name": r["enterprise__name"], "lat": float(r["enterprise__latitude"]),
            "lng": float(r["enterprise__longitude"]), "counts": {}, "level": "low"})
        f["counts"][r["level"]] = r["n"]
        if order[r["level"]] < order[f["level"]]:
            f["level"] = r["level"]
    risk = [{**f, "colour": grading.COLOURS[f["level"]], "label": grading.LEVEL_LABELS[f["level"]],
             "url": f"/risks/?enterprise={eid}"} for eid, f in by_firm.items()]
    hz = [{"lat": float(h.latitude), "lng": float(h.longitude), "number": h.number, "title": h.title,
           "major": h.level == "major", "url": h.get_absolute_url()}
          for h in hazards.only("id", "latitude", "longitude", "number", "title", "level")[:5000]]
    graded = enterprise_grading.annotate(firms).values("id", "name", "latitude", "longitude", "grade")[:5000]
    ent = [{"lat": float(e["latitude"]), "lng": float(e["longitude"]), "name": e["name"], "grade": e["grade"],
            "url": f"/enterprises/{e['id']}/"} for e in graded]
    return JsonResponse({"risks": risk, "hazards": hz, "enterprises": ent})
