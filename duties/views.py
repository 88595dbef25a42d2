"""履职 pages: this year's duties with their computed state (every figure links to the records it
counts), a duty's periods and evidence, and the work records (会议、研究部署、约谈、督导 …)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.exceptions import ServiceError
from inspections.models import Inspection
from org.scope import require_read

from . import compliance, services
from .forms import DecisionTaskForm, DutyForm, WorkRecordForm
from .models import Duty, WorkRecord
from .permissions import ACTIONS


def _year(request):
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


@login_required
def board(request):
    """履职情况: each duty of the year, period by period (count / needed), and its state so far."""
    require_read(request.user, "duties")
    year, today = _year(request), timezone.localdate()
    duties = (Duty.objects.for_user(request.user).filter(active=True)
              .select_related("person", "unit", "group", "task").order_by("person__name", "unit__path", "id"))
    duties = list(duties)
    states = compliance.summaries(duties, year, today)
    rows = [{"duty": duty, "periods": states[duty.pk][0], "overall": states[duty.pk][1]} for duty in duties]
    counts = {state: sum(1 for r in rows if r["overall"] == state)
              for state in (compliance.DONE, compliance.RUNNING, compliance.SHORT)}
    return render(request, "duties/board.html", {
        "rows": rows, "year": year, "counts": counts,
        "can_create": ACTIONS.role_allows(request.user, "set_duty"),
        "can_record": ACTIONS.role_allows(request.user, "record"),
    })


@login_required
def detail(request, pk):
    """A duty's periods, and the records that count in the period chosen (the figure's list)."""
    require_read(request.user, "duties")
    duty = get_object_or_404(Duty.objects.for_user(request.user).select_related("person", "unit", "group"), pk=pk)
    year, today = _year(request), timezone.localdate()
    periods, overall = compliance.summary(duty, year, today)
    chosen = next((p for p in periods if p.key == request.GET.get("period")), None) or next(
        (p for p in reversed(periods) if p.state != "未开始"), periods[0])
    records = list(compliance.evidence(duty, chosen.start, chosen.end)[:200])
    return render(request, "duties/detail.html", {
        "duty": duty, "periods": periods, "overall": overall, "chosen": chosen, "records": records, "year": year,
        "kind": duty.evidence, "Inspection": Inspection,
    })


def _holder(request, who, pk):
    """The person or unit whose list is asked for, read through the one door."""
    from org.models import Person, Unit

    model = {"person": Person, "unit": Unit}.get(who)
    if model is None:
        from django.http import Http404

        raise Http404
    return get_object_or_404(model.objects.for_user(request.user), pk=pk)


def duties_of(holder, who):
    """A leader's duties: their own, those of the units they head and of the groups they lead; a
    unit's: its own."""
    qs = Duty.objects.filter(active=True).select_related("person", "unit", "group")
    if who == "unit":
        return qs.filter(unit=holder)
    from django.db.models import Q

    return qs.filter(Q(person=holder) | Q(unit__head=holder)
                     | Q(group__members__person=holder, group__members__role="leader")).distinct()


def yearly_tasks(user, holder, who, year, today):
    """年度任务清单: this year's ledger tasks led by the unit (or by the units the leader heads), each with
    its state today; a task without a deadline counts in the year its plan runs."""
    from django.db.models import Exists, OuterRef, Q

    from org.models import Unit
    from plans.models import Plan, ProgressReport, Task

    units = [holder] if who == "unit" else list(Unit.objects.filter(head=holder, active=True))
    in_year = Q(deadline__year=year) | Q(deadline__isnull=True, plan__period_start__year__lte=year,
                                          plan__period_end__year__gte=year)
    tasks = list(Task.objects.filter(plan__in=Plan.objects.for_user(user), lead_units__in=units).filter(in_year)
                 .annotate(moved=Exists(ProgressReport.objects.filter(task=OuterRef("pk"))))
                 .select_related("plan").distinct().order_by("deadline", "plan_id", "order"))
    for t in tasks:
        t.state = t.status(today, has_progress=t.moved)
    return tasks, units


@login_required
def duty_list(request, who, pk, fmt="html"):
    """领导干部安全生产职责清单 (or a unit's): each duty with this year's state and the records that
    prove it — on screen and as the PDF the bureau posts."""
    require_read(request.user, "duties")
    holder = _holder(request, who, pk)
    year, today = _year(request), timezone.localdate()
    rows = []
    duties = list(duties_of(holder, who).filter(pk__in=Duty.objects.for_user(request.user)))
    states = compliance.summaries(duties, year, today)
    for duty in duties:
        periods, overall = states[duty.pk]
        start, end = periods[0].start, min(periods[-1].end, today)
        records = list(compliance.in_order(duty, start, end)[:50]) if start <= today else []
        rows.append({"duty": duty, "periods": periods, "overall": overall, "records": records})
    title = f"{holder.name}安全生产职责清单（{year}年）"
    tasks, units = yearly_tasks(request.user, holder, who, year, today)
    context = {"holder": holder, "who": who, "rows": rows, "year": year, "title": title, "today": today,
               "tasks": tasks, "task_units": units}
    if fmt == "pdf":
        from core.http import file_name
        from core.pdf import pdf_response

        return pdf_response("duties/list_pdf.html", context, file_name(title, ext="pdf"), request)
    return render(request, "duties/list.html", context)


@login_required
def create_duty(request):
    if not ACTIONS.role_allows(request.user, "set_duty"):
        raise PermissionDenied("只有安委办可以设定职责。")
    form = DutyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            duty = services.create_duty(
                request.user, title=data["title"], text=data["text"], person=data["person"], unit=data["unit"],
                group=data["group"], evidence=data["evidence"], record_kind=data["record_kind"],
                every=data["every"], times=data["times"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已设定职责“{duty.title}”。")
            return redirect("duties:detail", pk=duty.pk)
    return render(request, "duties/form.html", {"form": form, "title": "设定职责"})


@login_required
def record_list(request):
    require_read(request.user, "duties")
    qs = WorkRecord.objects.for_user(request.user).select_related("unit", "group", "host")
    kind = request.GET.get("kind", "")
    if kind in WorkRecord.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "duties/records.html", {
        "page": page, "kinds": WorkRecord.Kind.choices, "kind": kind,
        "can_record": ACTIONS.role_allows(request.user, "record"),
    })


@login_required
def create_record(request):
    if not ACTIONS.role_allows(request.user, "record"):
        raise PermissionDenied("无权登记履职记录。")
    form = WorkRecordForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.create_work_record(
                request.user, kind=data["kind"], held_on=data["held_on"], title=data["title"], unit=data["unit"],
                group=data["group"], host=data["host"], attendees=list(data["attendees"]), minutes=data["minutes"],
                decisions=data["decisions"], files=data["files"] or [])
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "履职记录已登记。")
            return redirect("duties:record", pk=record.pk)
    return render(request, "duties/form.html", {"form": form, "title": "登记履职记录"})


@login_required
def record_detail(request, pk):
    require_read(request.user, "duties")
    record = get_object_or_404(WorkRecord.objects.for_user(request.user).select_related("unit", "group", "host"),
                               pk=pk)
    can_task = ACTIONS.role_allows(request.user, "decision_task")
    form = DecisionTaskForm(request.POST or None, user=request.user) if can_task else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有安委办可以把议定事项列入台账。")
        if form.is_valid():
            data = form.cleaned_data
            try:
                task = services.task_from_decision(request.user, record.pk, plan_id=data["plan"].pk,
                                                   title=data["title"], lead_unit=data["lead_unit"],
                                                   deadline=data["deadline"])
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"已列入台账：{task.title}（{data['lead_unit'].name}）。")
                return redirect("duties:record", pk=record.pk)
    return render(request, "duties/record.html", {
        "r": record, "events": record.events.select_related("actor"), "form": form,
        "tasks": record.tasks.select_related("plan").prefetch_related("lead_units"), "files": record.files.all(),
    })


@login_required
def record_file(request, pk):
    """A work record's file, served only to those who can read the record."""
    from core import uploads

    from .models import WorkRecordFile

    require_read(request.user, "duties")
    kept = get_object_or_404(WorkRecordFile.objects.for_user(request.user), pk=pk)
    return uploads.serve(kept.file, kept.original_name)
