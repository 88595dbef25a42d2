"""Reports: the 调度统计表 on screen, as .xlsx and as PDF — one computation for all three."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.excel import XLSX_MIME
from hazards.forms import DATE
from org.models import Region
from org.roles import Role

from . import dispatch
from .exports import dispatch_xlsx

READERS = {Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF}


class PeriodForm(forms.Form):
    start = forms.DateField(label="自", widget=DATE)
    end = forms.DateField(label="至", widget=DATE)
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False, empty_label="本级全部")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.for_user(user).exclude(level=Region.Level.TOWN).order_by("path")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("结束日期不能早于开始日期。")
        return data


def _guard(request):
    if request.user.role not in READERS:
        raise PermissionDenied("您的账号不能查看报表。")


@login_required
def index(request):
    _guard(request)
    return render(request, "reports/index.html")


def _table(request):
    today = timezone.localdate()
    start, end = dispatch.month_to_date(today)
    form = PeriodForm(request.GET or None, user=request.user, initial={"start": start, "end": end})
    region = None
    if request.GET and form.is_valid():
        start, end, region = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["region"]
    return form, dispatch.compute(request.user, start, end, region), region


def _names(request, region):
    area = region or request.user.region or (request.user.unit.region if request.user.unit_id else None)
    unit = request.user.unit.name if request.user.unit_id else (f"{area.name}交通运输局" if area else "")
    return f"{area.name if area else ''}交通运输系统安全生产督查情况统计表", unit


@login_required
def dispatch_view(request, fmt="html"):
    _guard(request)
    form, table, region = _table(request)
    title, unit = _names(request, region)
    if fmt == "xlsx":
        response = HttpResponse(dispatch_xlsx(table, title, unit), content_type=XLSX_MIME)
        response["Content-Disposition"] = (f"attachment; filename*=UTF-8''dispatch-{table['start']:%Y%m%d}-"
                                           f"{table['end']:%Y%m%d}.xlsx")
        return response
    context = {"form": form, "t": table, "title": title, "unit": unit, "all_rows": [*table["rows"], table["total"]],
               "period": dispatch.period_label(table["start"], table["end"]), "columns": dispatch.COLUMNS,
               "links": links(table), "today": timezone.localdate()}
    if fmt == "pdf":
        from core.pdf import pdf_response

        return pdf_response("reports/dispatch_pdf.html", context, "调度统计表.pdf", request)
    return render(request, "reports/dispatch.html", context)


def links(table):
    """For each row (by sector id, None = 合计) and column, the list URL whose count is the figure."""
    s, e = table["start"].isoformat(), table["end"].isoformat()
    region = f"&region={table['region'].pk}" if table["region"] else ""

    def for_sector(sector_id):
        sec = f"&sector={sector_id}" if sector_id else ""
        hz = f"/hazards/?discovered_from={s}&discovered_to={e}&rejected=false{sec}{region}"
        ins = f"/inspections/?status=completed&done_from={s}&done_to={e}{sec}{region}"
        act = f"/inspections/actions/?decided_from={s}&decided_to={e}{sec}{region}"
        return {"teams": ins, "people": ins, "units": ins, "major": f"{hz}&level=major",
                "general": f"{hz}&level=general", "major_done": f"{hz}&level=major&accepted_to={e}",
                "general_done": f"{hz}&level=general&accepted_to={e}", "order": f"{act}&kind=order",
                "penalty": f"{act}&kind=penalty&kind=dual_penalty", "suspension": f"{act}&kind=suspension"}

    out = {r["sector_id"]: for_sector(r["sector_id"]) for r in table["rows"]}
    out[None] = for_sector(None)
    return out


