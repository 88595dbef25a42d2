"""Plan import (upload → review → confirm), the ledger, tasks, the calendar of
what is due, and the 责任措施清单."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from core.actions import run_on_page
from core.exceptions import ServiceError
from core.models import ImportBatch
from org.models import Unit
from org.scope import require_read

from . import review, services
from .models import Plan, ProgressReport, ReportingDuty, Slot, Task
from .actions import SLOT_STEPS, TASK_STEPS
from .filters import SlotFilter, TaskFilter
from .forms import OnsiteAssessForm, ProgressForm, SelfAssessForm, TaskEditForm
from .permissions import IMPORTERS, SLOT_ACTIONS, available_task_actions





class UploadForm(forms.Form):
    file = forms.FileField(label="方案文件（.docx、.doc、.wps、.pdf、.txt）")



def _nav(request):
    """What the ledger's navigation offers this user (plans/_nav.html)."""
    return {"can_import": request.user.role in IMPORTERS}


@login_required
def plan_list(request):
    require_read(request.user, "plans")
    plans = Plan.objects.for_user(request.user).annotate(n_tasks=Count("tasks"))
    return render(request, "plans/list.html", {"plans": plans, **_nav(request)})


@login_required
def upload(request):
    services.require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.parse_upload(request.user, form.cleaned_data["file"])
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("plans:review", pk=batch.pk)
    return render(request, "plans/upload.html", {"form": form})


@login_required
def review_view(request, pk):
    """核对方案: the parsed plan as a draft the reviewer edits (应用 / 添加任务 keep the draft;
    确认并保存 imports it once every unit name is decided)."""
    services.require_importer(request.user)
    batch = get_object_or_404(ImportBatch.objects.for_user(request.user), pk=pk, kind="plan",
                              status=ImportBatch.Status.PENDING)
    draft = review.draft_of(batch.rows[0])
    parent_id = ""
    if request.method == "POST":
        draft = review.apply_edits(draft, request.POST)
        batch.rows = [draft]
        batch.save(update_fields=["rows"])
        parent_id = request.POST.get("parent", "")
        if request.POST.get("action") == "save":
            mapping, undecided = review.resolve_units(request.user, draft)
            parent = Plan.objects.for_user(request.user).filter(pk=parent_id).first() if parent_id.isdigit() else None
            if undecided:
                messages.error(request, "以下单位名称尚未对应：" + "、".join(undecided) +
                               "。请在“单位对应”中选择系统中的单位、“新建单位”或“不关联”。")
            else:
                try:
                    plan = services.commit_import(request.user, batch, review.chosen(draft), mapping, parent)
                except ServiceError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, f"已保存方案“{plan.title}”：任务 {plan.tasks.count()} 项。")
                    for warning in plan.import_warnings:
                        messages.warning(request, warning)
                    return redirect("plans:ledger", pk=plan.pk)
        elif request.POST.get("action") == "add":
            messages.info(request, "已在任务列表末尾添加一项空白任务，请填写后保存。")
    units = Unit.objects.for_user(request.user).filter(active=True).order_by("path")
    return render(request, "plans/review.html", {
        "batch": batch, "p": draft, "tasks": list(enumerate(draft["tasks"])),
        "duties": list(enumerate(draft["reporting"])),
        "groups": [(k, g, review.member_lines(g)) for k, g in enumerate(draft["groups"])],
        "unit_rows": list(enumerate(review.unit_rows(request.user, draft))),
        "units": units, "parents": [u for u in units if u.region_id == request.user.region_id],
        "unit_kinds": Unit.Kind.choices, "every_choices": ReportingDuty.Every.choices,
        "kind_choices": ReportingDuty.Kind.choices, "sources": review.SOURCES,
        "progress": review.progress(draft), "plans": Plan.objects.for_user(request.user), "parent_id": parent_id,
    })


def _task_rows(tasks, today):
    rows = []
    for t in tasks:
        rows.append({"t": t, "status": t.status(today, has_progress=t.has_progress),
                     "lead": [u.name for u in t.lead_units.all()], "units": [u.name for u in t.units.all()]})
    return rows


def _tasks_qs(request):
    latest = ProgressReport.objects.filter(task=OuterRef("pk"))
    return (Task.objects.for_user(request.user).select_related("plan", "phase")
            .prefetch_related("lead_units", "units")
            .annotate(has_progress=Exists(latest), last_percent=Max("progress__percent")))


@login_required
def ledger(request, pk):
    require_read(request.user, "plans")
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    qs = TaskFilter(request.GET, _tasks_qs(request).filter(plan=plan)).qs
    today = timezone.localdate()
    rows = _task_rows(qs.order_by("order"), today)
    every = [r["status"] for r in _task_rows(_tasks_qs(request).filter(plan=plan), today)]  # read once
    counts = {s: every.count(s) for s in Task.Status.values}
    return render(request, "plans/ledger.html", {
        "plan": plan, "rows": rows, "phases": plan.phases.all(), "counts": counts,
        "units": Unit.objects.for_user(request.user).filter(Q(led_tasks__plan=plan) | Q(tasks__plan=plan)).distinct(),
        "statuses": Task.Status.choices, "today": today, **_nav(request),
    })


@login_required
def my_tasks(request):
    require_read(request.user, "plans")
    today = timezone.localdate()
    rows = _task_rows(_tasks_qs(request).filter(completed_at__isnull=True).order_by("deadline", "order")[:300], today)
    return render(request, "plans/my_tasks.html", {"rows": rows, **_nav(request)})


@login_required
def task_detail(request, pk):
    require_read(request.user, "plans")
    task = get_object_or_404(_tasks_qs(request), pk=pk)
    form = ProgressForm(initial={"period": f"{timezone.localdate():%Y-%m}"})
    actions = available_task_actions(request.user, task)
    edit_form = TaskEditForm(user=request.user, task=task) if "edit" in actions else None
    return render(request, "plans/task.html", {
        "actions": actions,
        "task": task, "status": task.status(has_progress=task.has_progress), "form": form, "edit_form": edit_form,
        "progress": task.progress.select_related("unit", "submitted_by").prefetch_related("attachments"),
        "events": task.events.select_related("actor").order_by("-created_at"),
        "assessments": task.assessments.select_related("unit", "created_by").prefetch_related("files"),
        "self_form": SelfAssessForm() if "self_assess" in actions else None,
        "onsite_form": OnsiteAssessForm() if "onsite_assess" in actions else None,
    })


@login_required
@require_POST
def task_action(request, pk, name):
    require_read(request.user, "plans")
    task = get_object_or_404(Task.objects.for_user(request.user), pk=pk)
    return run_on_page(request, TASK_STEPS, task, name, back=reverse("plans:task", args=[task.pk]))


@login_required
def progress_file(request, pk):
    """Progress attachments are served only to those who can see the task."""

    from .models import ProgressAttachment

    require_read(request.user, "plans")
    att = get_object_or_404(ProgressAttachment.objects.for_user(request.user), pk=pk)
    return uploads.serve(att.file, att.original_name)


@login_required
def assessment_file(request, pk):
    """A 自查自评's evidence, served only to those who can see the task."""
    from .models import AssessmentFile

    require_read(request.user, "plans")
    kept = get_object_or_404(AssessmentFile.objects.for_user(request.user), pk=pk)
    return uploads.serve(kept.file, kept.original_name)


@login_required
def calendar_view(request):
    """What is due: reporting slots and task deadlines, from 7 days ago to 60 days ahead."""
    require_read(request.user, "plans")
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=7), today + datetime.timedelta(days=60)
    flt = SlotFilter(request.GET or None, Slot.objects.for_user(request.user))
    filtered = flt.is_bound and any(request.GET.get(k) for k in flt.filters)
    if filtered:
        # A figure's link (本年逾期未报送期次): exactly the slots it counts, no task deadlines.
        slots = flt.qs if flt.is_valid() else Slot.objects.none()
        tasks = Task.objects.none()
    else:
        slots = Slot.objects.for_user(request.user).filter(due_date__range=(start, end))
        tasks = (Task.objects.for_user(request.user).filter(deadline__range=(start, end), completed_at__isnull=True)
                 .select_related("plan").order_by("deadline"))
    # A form slot's latest table and what the office it went to made of it.
    slots = (slots.with_review().select_related("duty", "unit").prefetch_related("documents")
             .order_by("due_date", "unit__name"))
    days = {}
    for s in slots:
        days.setdefault(s.due_date, {"slots": [], "tasks": []})["slots"].append((s, s.status(today)))
    for t in tasks:
        days.setdefault(t.deadline, {"slots": [], "tasks": []})["tasks"].append(t)
    return render(request, "plans/calendar.html", {
        "days": sorted(days.items()), "today": today, **_nav(request), "filter": flt, "filtered": filtered,
        "slot_count": sum(len(d["slots"]) for d in days.values()),
        "can_submit": SLOT_ACTIONS.role_allows(request.user, "submit"),
        "can_revoke": SLOT_ACTIONS.role_allows(request.user, "revoke"),
    })


@login_required
def slot_document(request, pk):
    """A file handed in for a reporting slot, as stored (type checked at upload)."""
    from core import uploads

    from .models import SlotDocument

    require_read(request.user, "plans")
    doc = get_object_or_404(SlotDocument.objects.for_user(request.user), pk=pk)
    return uploads.serve(doc.file, doc.original_name)


@login_required
@require_POST
def slot_action(request, pk, name):
    require_read(request.user, "plans")
    slot = get_object_or_404(Slot.objects.for_user(request.user), pk=pk)
    return run_on_page(request, SLOT_STEPS, slot, name, back="plans:calendar")


# --- 责任措施清单 (attachment 1 of the Yunxi sample) --------------------------------------------


def measures_rows(plan, user):
    rows = []
    tasks = (Task.objects.for_user(user).filter(plan=plan).prefetch_related("lead_units", "units")
             .order_by("order"))
    for t in tasks:
        lead, units = [u.name for u in t.lead_units.all()], [u.name for u in t.units.all()]
        duty = "、".join(lead) + ("牵头" if lead else "") + ("，" if lead and units else "") + \
            ("、".join(units) + "落实" if units else "")
        rows.append({"project": t.path[-1] if t.path else "", "task": t.title, "units": duty or "—",
                     "measures": t.measures or t.text, "deadline": t.deadline_text or (
                         f"{t.deadline:%Y年%-m月%-d日}" if t.deadline else ("长期坚持" if not t.rrule else t.recurrence_text))})
    return rows


def _measures_name(request, plan, ext):
    from core.http import file_name

    return file_name(plan.title[:60], "责任措施清单", ext=ext)


@login_required
def measures(request, pk, fmt="html"):
    require_read(request.user, "plans")
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    rows = measures_rows(plan, request.user)
    if fmt == "xlsx":
        from .exports import measures_xlsx

        from core.excel import xlsx_response

        return xlsx_response(measures_xlsx(plan, rows), _measures_name(request, plan, "xlsx"))
    if fmt == "pdf":
        from core.pdf import pdf_response

        return pdf_response("plans/measures_pdf.html", {"plan": plan, "rows": rows},
                            _measures_name(request, plan, "pdf"), request)
    return render(request, "plans/measures.html", {"plan": plan, "rows": rows})


