"""Reports: the 调度统计表 on screen, as .xlsx and as PDF — one computation for all three."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.utils import timezone

from core.actions import run_on_page
from core.excel import xlsx_response
from core.http import download, file_name, span_label
from core.exceptions import ServiceError
from core.forms import DATE
from org.models import Region
from org.roles import Role
from org.scope import home_region, owner_name, require_read
from plans.models import ReportingDuty, Plan, Slot

from . import annual, dispatch, evaluation, periodic, ranking, services
from .exports import dispatch_xlsx
from .models import Submission

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




@login_required
def index(request):
    require_read(request.user, "reports")
    return render(request, "reports/index.html")


def _table(request):
    today = timezone.localdate()
    start, end = dispatch.month_to_date(today)
    form = PeriodForm(request.GET or None, user=request.user, initial={"start": start, "end": end})
    region = None
    if request.GET and form.is_valid():
        start, end, region = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["region"]
    return form, dispatch.compute(request.user, start, end, region), region


def region_name(request, region):
    area = region or home_region(request.user)
    return area.name if area else ""


def _names(request, region):
    """The table's title and 填报单位 (the bureau whose seal it carries, not the 股室 preparing it)."""
    from org.models import reporting_unit_name

    area = region or home_region(request.user)
    return f"{area.name if area else ''}交通运输系统安全生产督查情况统计表", reporting_unit_name(request.user, region)


def preparing_office(request):
    """The 股室 that prepared a table under its bureau's name, for the footer."""
    unit = request.user.unit if request.user.unit_id else None
    return unit.name if unit is not None and unit.seal != unit else ""


@login_required
def dispatch_view(request, fmt="html"):
    require_read(request.user, "reports")
    form, table, region = _table(request)
    title, unit = _names(request, region)
    if fmt == "xlsx":
        return xlsx_response(dispatch_xlsx(table, title, unit, {"office": preparing_office(request)}),
                             file_name(f"{region_name(request, region)}调度统计表", span_label(table["start"], table["end"]),
                                       ext="xlsx"))
    context = {"form": form, "t": table, "title": title, "unit": unit, "all_rows": [*table["rows"], table["total"]],
               "period": dispatch.period_label(table["start"], table["end"]), "columns": table["columns"],
               "links": links(table), "today": timezone.localdate(), "office": preparing_office(request),
               **layout(table)}
    if fmt == "pdf":
        from core.pdf import pdf_response

        return pdf_response("reports/dispatch_pdf.html", context, file_name(
            f"{region_name(request, region)}调度统计表", span_label(table["start"], table["end"]), ext="pdf"), request)
    return render(request, "reports/dispatch.html", context)


def links(table):
    """For each row (by its label; 合计 too) and column, the list URL whose count is the figure: the
    period and region, and the row as the form's rules select it (org.rows.link_params)."""
    from urllib.parse import urlencode

    from org.rows import link_params

    s, e = table["start"].isoformat(), table["end"].isoformat()
    region = f"&region={table['region'].pk}" if table["region"] else ""
    rows = [{"label": r["label"], "rule": r["rule"]} for r in table["rows"]]

    def for_row(params):
        sec = f"&{urlencode(params)}" if params else ""
        hz = f"/hazards/?discovered_from={s}&discovered_to={e}&rejected=false{sec}{region}"
        ins = f"/inspections/?status=completed&done_from={s}&done_to={e}{sec}{region}"
        act = f"/inspections/actions/?decided_from={s}&decided_to={e}{sec}{region}"
        return {"teams": ins, "people": ins, "units": ins, "major": f"{hz}&level=major",
                "general": f"{hz}&level=general", "major_done": f"{hz}&level=major&accepted_to={e}",
                "general_done": f"{hz}&level=general&accepted_to={e}", "order": f"{act}&kind=order",
                "penalty": f"{act}&kind=penalty&kind=dual_penalty", "suspension": f"{act}&kind=suspension"}

    out = {r["label"]: for_row(link_params(rows, i)) for i, r in enumerate(rows)}
    out[table["total"]["label"]] = for_row({})
    return out


class SubmitForm(forms.Form):
    slot = forms.ModelChoiceField(label="报送事项", queryset=None)
    head = forms.CharField(label="单位负责人", max_length=40)
    filler = forms.CharField(label="填表人", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=30)
    reason = forms.CharField(label="更正原因（重新报送时填写）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["slot"].queryset = (Slot.objects.for_user(user).select_related("duty", "unit")
                                        .filter(duty__kind="form")
                                        .filter(due_date__gte=today - datetime.timedelta(days=62),
                                                due_date__lte=today + datetime.timedelta(days=62))
                                        .order_by("due_date", "unit__path"))
        self.fields["slot"].label_from_instance = (
            lambda s: f"{s.unit.name} · {s.period} · {s.duty.text[:24]}（{s.due_date:%m-%d}截止，{s.status().label}）")


@login_required
def submit(request):
    """报送调度统计表 into a slot, with 单位负责人 / 填表人 sign-off."""
    require_read(request.user, "reports")
    form = SubmitForm(request.POST or None, user=request.user, initial={"slot": request.GET.get("slot")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            submission = services.submit_dispatch(request.user, d["slot"].pk, head=d["head"], filler=d["filler"],
                                                  phone=d["phone"], reason=d["reason"])
        except (ServiceError, PermissionDenied) as exc:
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None,
                           getattr(exc, "message", None) or str(exc))
        else:
            messages.success(request, f"已报送第 {submission.version} 版调度统计表。")
            return redirect(submission)
    recent = Submission.objects.for_user(request.user).select_related("slot__duty", "unit", "submitted_by")[:20]
    return render(request, "reports/submit.html", {"form": form, "recent": recent})


@login_required
def submission_view(request, pk, fmt="html"):
    require_read(request.user, "reports")
    s = get_object_or_404(Submission.objects.for_user(request.user).select_related("slot__duty__plan__region", "unit"),
                          pk=pk)
    table = stored_table(s)
    title = ((s.figures.get("form") or {}).get("title") or "{地区}交通运输系统安全生产督查情况统计表").replace(
        "{地区}", s.unit.region.name)
    if fmt == "xlsx":
        body = dispatch_xlsx(table, title, s.unit.name, {"head": s.head, "filler": s.filler, "phone": s.phone,
                                                         "date": f"{timezone.localtime(s.submitted_at):%Y年%-m月%-d日}"})
        return xlsx_response(body, file_name(
            f"{s.unit.name}调度统计表", span_label(s.period_start, s.period_end), f"第{s.version}版", ext="xlsx"))
    from org.models import reporting_unit_name
    from plans.permissions import sends

    from .permissions import available_actions, is_latest

    versions = Submission.objects.filter(slot=s.slot).order_by("-version")
    return render(request, "reports/submission.html", {
        "s": s, "t": table, "all_rows": [*table["rows"], table["total"]], "columns": table["columns"], **layout(table),
        "title": title, "period": dispatch.period_label(s.period_start, s.period_end), "versions": versions,
        "links": None, "actions": available_actions(request.user, s), "latest": is_latest(s),
        "receiver": s.slot.duty.to or reporting_unit_name(request.user, s.slot.duty.plan.region),
        "events": s.events.select_related("actor").order_by("created_at", "id"),
        "can_correct": sends(request.user, s.slot)})


def layout(table):
    """The header rows and the units row of a table's form, for the page and the PDF."""
    from .engine import header

    top, bottom = header(table["columns"])
    return {"header_top": top, "header_bottom": bottom, "units_row": table.get("units_row", True)}


def stored_table(submission):
    """The frozen figures back in the shape the templates and the .xlsx writer take."""
    f = submission.figures
    # The columns it was counted with (older submissions: the sector-tree form's).
    columns = ([(c["key"], c["label"], c["unit"]) for c in f["columns"]] if f.get("columns") else dispatch.COLUMNS)
    return {"start": submission.period_start, "end": submission.period_end, "region": None,
            "rows": [{**r, "sector_id": r.get("sector_id")} for r in f["rows"]], "total": f["total"],
            "columns": columns, "units_row": (f.get("form") or {}).get("units_row", True)}


@login_required
def ranking_view(request, fmt="html"):
    """晾晒通报: units ranked for a period; as a PDF notice to publish."""
    require_read(request.user, "reports")
    today = timezone.localdate()
    first = today.replace(day=1)
    form = PeriodForm(request.GET or None, user=request.user, initial={"start": first, "end": today})
    start, end = first, today
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    rows = ranking.ranking(request.user, start, end, today)
    area = home_region(request.user)
    context = {"form": form, "rows": rows, "start": start, "end": end, "today": today,
               "bureau": f"{area.name}交通运输局" if area else "", "bottom": [r for r in rows if r["flagged"]]}
    if fmt == "pdf":
        from core.pdf import pdf_response

        return pdf_response("reports/ranking_pdf.html", context, file_name(
            f"{area.name if area else ''}晾晒通报", span_label(start, end), ext="pdf"), request)
    return render(request, "reports/ranking.html", context)


class QuarterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label="期间", coerce=int, empty_value=None, required=False,
                                     choices=[("", "全年"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")])


def _quarter_period(request):
    today = timezone.localdate()
    last_quarter = (today.month - 1) // 3 or 4
    default = {"year": today.year if last_quarter != 4 or today.month > 3 else today.year - 1,
               "quarter": last_quarter}
    form = QuarterForm(request.GET or None, initial=default)
    year, quarter = default["year"], default["quarter"]
    if request.GET and form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    if quarter:
        start, end = periodic.quarter_range(year, quarter)
    else:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return form, year, quarter, start, min(end, today)


@login_required
def hazard_stats(request, fmt="html"):
    """季度/年度隐患排查治理统计 (原安监总局令第16号)."""
    require_read(request.user, "reports")
    form, year, quarter, start, end = _quarter_period(request)
    table = periodic.hazard_statistics(request.user, start, end)
    label = f"{year}年{'第' + '一二三四'[quarter - 1] + '季度' if quarter else '全年'}"
    if fmt == "xlsx":
        from core.excel import new_workbook, write_table

        wb = new_workbook("隐患排查治理统计")
        rows = [[r["sector"], *[("—" if r[k] is None else float(r[k]) if not isinstance(r[k], int) else r[k])
                                for k, _ in periodic.COLUMNS]] for r in [*table["rows"], table["total"]]]
        write_table(wb.active, ["行业领域", *[label for _, label in periodic.COLUMNS]], rows)
        return xlsx_response(wb, file_name(f"{owner_name(request.user)}隐患排查治理统计", label, ext="xlsx"))
    return render(request, "reports/hazard_stats.html", {
        "form": form, "t": table, "label": label, "due": periodic.due_date(year, quarter),
        "rows": [*table["rows"], table["total"]], "columns": periodic.COLUMNS, "start": start, "end": end})


@login_required
def annual_docx(request):
    """年度工作总结初稿 (.docx) with the year's figures filled in."""
    require_read(request.user, "reports")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year:
        year = today.year
    area = home_region(request.user)
    name = area.name if area else ""
    body = annual.summary_docx(annual.figures(request.user, year, today), f"{name}交通运输局", name)
    return download(body, file_name(f"{name}{year}年度安全生产工作总结", ext="docx"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@login_required
def evaluation_xlsx(request, plan_pk):
    """三年行动评估数据包 for one plan."""
    require_read(request.user, "reports")
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=plan_pk)
    return xlsx_response(evaluation.pack(request.user, plan), file_name(
        f"{owner_name(request.user)}三年行动评估数据包", timezone.localdate(), ext="xlsx"))


# --- 报表格式: the issued forms as data (issue 19) ---------------------------------------------


@login_required
def forms_list(request):
    """The forms, and the form each 统计报表 duty takes (the safety office picks it)."""
    from .models import ReportForm
    from .permissions import FORM_ACTIONS

    require_read(request.user, "reports")
    if request.method == "POST":
        try:
            if request.POST.get("copy"):
                copy = services.copy_form(request.user, int(request.POST["copy"]))
                messages.success(request, f"已复制为“{copy.name}”，可修改后保存。")
                return redirect("reports:form_edit", copy.pk)
            duty = services.assign_form(request.user, int(request.POST.get("duty") or 0), request.POST.get("form"))
            messages.success(request, f"“{duty.text[:30]}”今后按所选格式报送。")
        except (ServiceError, PermissionDenied, ValueError) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc) or "参数有误。")
        return redirect("reports:forms")
    duties = (ReportingDuty.objects.for_user(request.user).filter(kind=ReportingDuty.Kind.FORM)
              .select_related("plan").order_by("plan_id", "id"))
    return render(request, "reports/forms.html", {
        "forms": ReportForm.objects.all(), "duties": duties,
        "can_copy": FORM_ACTIONS.role_allows(request.user, "copy"),
        "can_assign": FORM_ACTIONS.role_allows(request.user, "assign")})


def _posted_definition(post):
    """Rows and columns as the editor posts them: row-N-label / row-N-kind / row-N-sectors /
    row-N-themes; col-KEY-on / col-KEY-order (columns sorted by their order numbers)."""
    from .engine import MEASURES

    rows = []
    for n in range(int(post.get("row_count") or 0) + 1):
        label = post.get(f"row-{n}-label")
        if label is None or post.get(f"row-{n}-delete"):
            continue
        kind = post.get(f"row-{n}-kind")
        rule = {"other": True} if kind == "other" else {
            "sectors": post.getlist(f"row-{n}-sectors"), "themes": post.getlist(f"row-{n}-themes")}
        if not label.strip() and kind != "other" and not any(rule.values()):
            continue  # the empty row offered for adding one
        rows.append({"label": label, "rule": rule})

    def order(key):
        try:
            return int(post.get(f"col-{key}-order") or 99)
        except ValueError:
            return 99

    columns = sorted((k for k in MEASURES if post.get(f"col-{k}-on")), key=lambda k: (order(k), list(MEASURES).index(k)))
    return rows, columns


@login_required
def form_edit(request, pk):
    """Edit a copied form: rows (name and rule), columns (which and in what order), title; 预览
    counts this year's table with the definition as typed, without saving it."""
    from org.models import Sector, Theme

    from .engine import MEASURES
    from .models import ReportForm
    from .permissions import FORM_ACTIONS

    require_read(request.user, "reports")
    form = get_object_or_404(ReportForm.objects.for_user(request.user), pk=pk)
    can_edit = FORM_ACTIONS.role_allows(request.user, "edit") and not form.shipped
    rows, columns, preview, error = form.resolved_rows(), list(form.columns), None, None
    name, title, units_row = form.name, form.title, form.units_row
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("随附的报表格式按原样保留，请先复制再修改；只有安委办可以修改。")
        rows, columns = _posted_definition(request.POST)
        name, title = request.POST.get("name", ""), request.POST.get("title", "")
        units_row = bool(request.POST.get("units_row"))
        try:
            if "preview" in request.POST:
                rows, columns = services.check_definition(rows, columns)
                draft = ReportForm(code=form.code, name=name, title=title, rows=rows, columns=columns,
                                   units_row=units_row)
                today = timezone.localdate()
                preview = dispatch.compute(request.user, datetime.date(today.year, 1, 1), today, form=draft)
            else:
                services.save_form(request.user, form.pk, name=name, title=title, rows=rows, columns=columns,
                                   units_row=units_row)
                messages.success(request, "报表格式已保存。")
                return redirect("reports:form_edit", form.pk)
        except ServiceError as exc:
            error = exc.message
    order = {k: i for i, k in enumerate(columns, start=1)}
    context = {
        "f": form, "name": name, "title": title, "units_row": units_row, "can_edit": can_edit, "error": error,
        "rows": rows, "row_count": len(rows), "sectors": Sector.objects.filter(active=True).order_by("path"),
        "themes": Theme.objects.filter(active=True),
        "columns": [{"key": k, "label": m.label, "unit": m.unit, "on": k in order, "order": order.get(k, "")}
                    for k, m in sorted(MEASURES.items(), key=lambda kv: order.get(kv[0], 99))],
        "events": form.events.select_related("actor").order_by("-created_at")[:20],
    }
    if preview:
        context.update({"t": preview, "all_rows": [*preview["rows"], preview["total"]],
                        "table_columns": preview["columns"], **layout(preview),
                        "preview_title": ReportForm(title=title).title_for(region_name(request, None))})
    return render(request, "reports/form_edit.html", context)


# --- 收到的报表: the office a duty reports to (issue 19 #4) ---------------------------------


@login_required
def received(request):
    """What comes to this office: each 统计报表 duty of its region's plans, period by period, with
    every unit's slot on time / late / missing and its table 待审核 / 已接收 / 已退回."""
    from . import upward

    require_read(request.user, "reports")
    today = timezone.localdate()
    duties = [(duty, upward.periods(request.user, duty, today)) for duty in upward.received_duties(request.user)]
    return render(request, "reports/received.html", {"duties": duties, "today": today})


def _received_period(request, duty_pk, due):
    from . import upward

    duty = get_object_or_404(upward.received_duties(request.user), pk=duty_pk)
    try:
        due_date = datetime.date.fromisoformat(due)
    except ValueError:
        raise Http404 from None
    today = timezone.localdate()
    period = next((p for p in upward.periods(request.user, duty, today) if p.due_date == due_date), None)
    if period is None:
        raise Http404
    table = upward.summed(duty, period.slots)
    start, end = services.period_for(period.slots[0])
    live = dispatch.compute(request.user, start, end, form=table["form"])
    table["start"], table["end"] = start, end
    return duty, period, table, live


@login_required
def received_period(request, duty_pk, due, fmt="html"):
    """One period of a duty: the units' tables and the summed table of the accepted ones, checked
    against the live recount over the office's region; as .xlsx the summed table in the duty's form,
    under the office's bureau (the table it sends up in turn)."""
    from org.models import reporting_unit_name

    from . import upward

    require_read(request.user, "reports")
    duty, period, table, live = _received_period(request, duty_pk, due)
    area = home_region(request.user)
    title = table["form"].title_for(area.name if area else "")
    unit = reporting_unit_name(request.user, area)
    if fmt == "xlsx":
        return xlsx_response(dispatch_xlsx(table, title, unit, {"office": preparing_office(request)}),
                             file_name(f"{area.name}调度统计表汇总", period.period, ext="xlsx"))
    diffs = upward.differences(table, live)
    counted = table["counted"]
    state, review = request.GET.get("state"), request.GET.get("review")
    return render(request, "reports/received_period.html", {
        "duty": duty, "p": period, "slots": period.filtered(state, review), "filtered": bool(state or review),
        "filter_label": (dict(Slot.Status.choices).get(state) or dict(Submission.Review.choices).get(review) or ""),
        "counted": [(s, counted[s.pk]) for s in period.slots if s.pk in counted],
        "uncounted": [s for s in period.slots if s.pk not in counted], "t": table, "all_rows": [*table["rows"], table["total"]],
        "columns": table["columns"], **layout(table), "title": title, "unit": unit, "diffs": diffs,
        "period": dispatch.period_label(table["start"], table["end"]),
        "links": links(live) if not diffs else None, "today": timezone.localdate()})


@login_required
@require_POST
def submission_action(request, pk, name):
    from .actions import SUBMISSION_STEPS

    require_read(request.user, "reports")
    s = get_object_or_404(Submission.objects.for_user(request.user), pk=pk)
    return run_on_page(request, SUBMISSION_STEPS, s, name)
