"""工作台: each role's landing page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from org.roles import ADMIN_ROLES
from org.scope import get_scope

from . import figures


@login_required
def dashboard_view(request):
    user = request.user
    if user.role in ADMIN_ROLES:
        # 三员 have no business dashboard; send them to their own screens.
        return render(request, "core/admin_home.html")
    from hazards import metrics as hazard_metrics
    from hazards.models import Hazard

    context = {
        # Unit staff see their unit's sectors: the header names the unit.
        "scope_unit": user.unit if get_scope(user).sector_ids is not None else None,
        "figures": figures.enterprise_figures(user),
        "hz": hazard_metrics.summary(Hazard.objects.for_user(user)),
        "hz_links": {k: v for k, (_, v) in hazard_metrics.figure_filters(timezone.localdate()).items()},
    }
    if user.role == "enterprise":
        from enterprises.models import Enterprise

        context["enterprise"] = (
            Enterprise.objects.for_user(user).select_related("region").prefetch_related("licences", "contacts").first()
        )
    else:
        context["by_sector"] = figures.enterprises_by_top_sector(user)
        context["org"] = figures.org_figures(user)
        if user.role in ("leader", "safety_office", "unit_staff"):
            today = timezone.localdate()
            context["field"] = figures.field_work_figures(user, today)
            context["reports"] = figures.report_figures(user, today)
            context["charts"] = figures.hazard_charts(user, today)
    return render(request, "core/dashboard.html", context)
