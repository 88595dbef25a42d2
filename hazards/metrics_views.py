import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import metrics as figures
from .filters import HazardFilter
from org.scope import readable

from .models import Hazard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClearanceForm(forms.Form):
    cutoff = forms.DateField(label="存量截止日", widget=DATE,
                             help_text="此日前发现、此日仍未销号的重大事故隐患为存量")
    target = forms.DateField(label="清零目标日", widget=DATE)


def default_dates(today):
    # The plans' own milestone: stock found in earlier years cleared by 30 June.
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)


@login_required
def metrics(request):
    base = readable(Hazard, request.user)
    period = HazardFilter(request.GET or None, queryset=base, user=request.user)
    if not period.narrows():
        qs = base  # the whole scope: its figures come from the roll-ups
    else:
        qs = period.qs if period.form.is_valid() else base.none()
    today = timezone.localdate()
    cutoff, target = default_dates(today)
    form = ClearanceForm(request.GET if "cutoff" in request.GET else None, initial={"cutoff": cutoff, "target": target})
    if form.is_bound and form.is_valid():
        cutoff, target = form.cleaned_data["cutoff"], form.cleaned_data["target"]
    # What narrowed the figures travels with their links, so each list shows the figure's number: the
    # period, and a report row's rule (?row_sectors=… from a 调度统计表 figure). The 动态清零 links set their own
    # dates, the period folded in (metrics.clearance_links), and carry the row's rule.
    rows = {k: v for k, v in request.GET.items() if k in HazardFilter.ROW_PARAMS and v}
    rows_q = urlencode(rows)
    period_q = urlencode({k: v for k, v in request.GET.items() if k in ("discovered_from", "discovered_to") and v} | rows)
    found = ((period.form.cleaned_data.get("discovered_from"), period.form.cleaned_data.get("discovered_to"))
             if period.is_bound and period.form.is_valid() else (None, None))
    cells = figures.clearance_cells(qs, cutoff, target)
    clearance_total, links = figures.clearance(qs, cutoff, target, cells=cells, found=found)
    page = figures.page_figures(qs, today)
    return render(request, "hazards/metrics.html", {
        "s": page["summary"], "links": {k: v for k, (_, v) in figures.figure_filters(today).items()},
        "by_sector": page["by_sector"], "by_unit": page["by_unit"], "by_source": page["by_source"],
        "clear": clearance_total[0], "clear_links": links,
        "clear_sector": figures.clearance(qs, cutoff, target, "sector", cells)[0],
        "clear_unit": figures.clearance(qs, cutoff, target, "unit", cells)[0],
        "clear_enterprise": figures.clearance(qs, cutoff, target, "enterprise", limit=50)[0],
        "form": form, "cutoff": cutoff, "target": target, "period": period, "period_q": period_q,
        "row_rule": rows, "rows_q": rows_q, "unruled_url": "?" + urlencode(
            {k: v for k, v in request.GET.items() if k not in HazardFilter.ROW_PARAMS}),
    })
