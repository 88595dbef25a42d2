"""工作台: each role's landing page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from org.roles import ADMIN_ROLES
from org.scope import get_scope

from . import figures, todo

BOARD_ROLES = ("leader", "safety_office", "unit_staff")  # the roles shown the report figures


@login_required
def dashboard_view(request):
    user = request.user
    if user.role in ADMIN_ROLES:
        # 三员 have no business dashboard; send them to their own screens.
        return render(request, "core/admin_home.html")
    from hazards import metrics as hazard_metrics
    from hazards.models import Hazard
    from safety import coverage

    today = timezone.localdate()
    hazards = Hazard.objects.for_user(user)
    cells = hazard_metrics.grouped(hazards, today)  # the summary and the charts add up the same cells
    # The 全覆盖 targets, evaluated once for the report figures and the 主要负责人培训 figure.
    board = coverage.board(user) if user.role in BOARD_ROLES else None
    context = {
        # The work waiting on this user, first: all of it for units and enterprises, the first
        # few of each kind beside the figures for leaders and the safety office.
        "todo": todo.items(user),
        "todo_limit": 5 if user.role in ("leader", "safety_office") else 0,
        # Unit staff see their unit's sectors: the header names the unit.
        "scope_unit": user.unit if get_scope(user).sector_ids is not None else None,
        "figures": figures.enterprise_figures(user, board),
        "hz": hazard_metrics.summary(hazards, today, cells),
        "hz_links": {k: v for k, (_, v) in hazard_metrics.figure_filters(today).items()},
    }
    if user.role == "enterprise":
        from enterprises.models import Enterprise

        context["enterprise"] = (
            Enterprise.objects.for_user(user).select_related("region").prefetch_related("licences", "contacts").first()
        )
    else:
        context["by_sector"] = figures.enterprises_by_top_sector(user)
        context["org"] = figures.org_figures(user)
        if user.role in BOARD_ROLES:
            context["field"] = figures.field_work_figures(user, today)
            context["reports"] = figures.report_figures(user, today, board)
            context["charts"] = charts = figures.hazard_charts(user, today, cells)
            trend = charts["trend"]
            context["chart_rows"] = {"trend": [
                {"month": m, "found": f, "accepted": a, "found_url": fu, "accepted_url": au}
                for m, f, a, fu, au in zip(trend["months"], trend["found"], trend["accepted"],
                                           trend["found_urls"], trend["accepted_urls"])]}
    return render(request, "core/dashboard.html", context)


@login_required
def todo_view(request):
    from notify.services import unread_count

    groups = todo.items(request.user)
    return render(request, "dashboard/todo.html", {
        "todo": groups, "total": sum(len(g) for _, g in groups), "unread": unread_count(request.user)})


@login_required
def todo_badge(request):
    """The top bar's 待办 count, fetched after the page loads (cached briefly per user)."""
    return render(request, "dashboard/_todo_badge.html", {"n": todo.count(request.user)})


@login_required
def offline_pages(request):
    """The pages the phone keeps for work without the network (core/pwa.py's worker fetches and caches them):
    the field pages of the user's open inspections, the hazard report form, the enterprise's 带队检查 form."""
    from django.http import JsonResponse
    from django.urls import reverse

    from hazards.permissions import REPORT_ROLES
    from inspections.views import offline_urls
    from obligations.permissions import ACTIONS as OBLIGATIONS

    user = request.user
    urls = offline_urls(user)
    if user.role in REPORT_ROLES:
        urls.append(reverse("hazards:report"))
    if OBLIGATIONS.role_allows(user, "self_check"):
        urls.append(reverse("obligations:check_create"))
    return JsonResponse({"urls": urls})
