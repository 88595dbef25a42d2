"""企业履责 pages. An enterprise account: this month's own duties at a glance, with one button each (带队
检查, 安全承诺, 责任制, 应急预案, 培训). A supervising unit: per enterprise what is missing this month,
every figure a link to the list it counts; the plans waiting for its 备案."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core import uploads
from core.actions import run_on_page
from core.exceptions import ServiceError
from enterprises.models import Enterprise
from org.scope import require_read

from . import services, status
from .actions import STEPS
from .forms import FilingForm, ItemFormSet, SelfCheckForm
from .models import Filing, FilingFile, SelfCheck, SelfCheckItem
from .permissions import ACTIONS

KIND = "obligations"


def _month(request):
    value = request.GET.get("month", "")
    today = timezone.localdate()
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)
    return month if datetime.date(2000, 1, 1) <= month <= today else today.replace(day=1)


@login_required
def home(request):
    """主体责任: the enterprise's own month (the bureau's staff are sent to their board)."""
    require_read(request.user, KIND)
    if not request.user.enterprise_id:
        return redirect("obligations:board")
    month = _month(request)
    rows = status.rows(Enterprise.objects.for_user(request.user), month)
    return render(request, "obligations/mine.html", {
        "row": rows[0] if rows else None, "month": month,
        "checks": SelfCheck.objects.for_user(request.user).prefetch_related("items")[:12],
        "filings": Filing.objects.for_user(request.user)[:30],
        "kinds": Filing.Kind, "can_check": ACTIONS.role_allows(request.user, "self_check"),
    })


@login_required
def board(request):
    """企业履责: the supervising unit's enterprises, what each still owes this month."""
    require_read(request.user, KIND)
    if request.user.enterprise_id:
        return redirect("obligations:home")
    month = _month(request)
    firms = Enterprise.objects.for_user(request.user).filter(status=Enterprise.Status.OPERATING)
    rows = status.rows(firms, month)
    show = request.GET.get("missing", "")
    counts = {name: sum(1 for r in rows if name in r.missing)
              for name in (status.CHECK, status.PLEDGE, status.RESPONSIBILITY, status.PLAN)}
    if show in counts:
        rows = [r for r in rows if show in r.missing]
    waiting = Filing.objects.for_user(request.user).filter(state=Filing.State.SUBMITTED).count()
    return render(request, "obligations/board.html", {
        "rows": rows, "month": month, "counts": counts, "show": show, "total": firms.count(), "waiting": waiting,
    })


@login_required
def check_list(request):
    """The 带队检查 a figure counts: of one enterprise, of one month."""
    require_read(request.user, KIND)
    qs = SelfCheck.objects.for_user(request.user).select_related("enterprise")
    month = request.GET.get("month", "")
    if month:
        start, end = status.month_bounds(_month(request))
        qs = qs.filter(checked_on__range=(start, end))
    for key, lookup in (("start", "checked_on__gte"), ("end", "checked_on__lte")):
        try:
            qs = qs.filter(**{lookup: datetime.date.fromisoformat(request.GET.get(key, ""))})
        except ValueError:
            pass
    if request.GET.get("enterprise", "").isdigit():
        qs = qs.filter(enterprise=request.GET["enterprise"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "obligations/checks.html", {"page": page, "month": month})


@login_required
def check_detail(request, pk):
    require_read(request.user, KIND)
    check = get_object_or_404(SelfCheck.objects.for_user(request.user).select_related("enterprise"), pk=pk)
    items = check.items.select_related("hazard")
    return render(request, "obligations/check.html", {"check": check, "items": items,
                                                     "events": check.events.select_related("actor")})


@login_required
def check_create(request):
    if not ACTIONS.role_allows(request.user, "self_check"):
        raise PermissionDenied("只有企业账号可以登记本企业的带队检查。")
    principal = Enterprise.objects.get(pk=request.user.enterprise_id).contacts.filter(role="principal").first()
    form = SelfCheckForm(request.POST or None, initial={"leader": principal.name if principal else ""})
    items = ItemFormSet(request.POST or None, request.FILES or None,
                        initial=[{"text": t} for t in services.CHECKLIST], prefix="item")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = form.cleaned_data
        rows = [f.cleaned_data for f in items if f.cleaned_data]
        try:
            check = services.record_self_check(request.user, checked_on=data["checked_on"], leader=data["leader"],
                                               members=data["members"], summary=data["summary"], items=rows,
                                               key=request.POST.get("key", ""))
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            found = check.items.filter(hazard__isnull=False).count()
            messages.success(request, f"带队检查已登记{f'，{found} 项不符合已转为本企业隐患' if found else ''}。")
            return redirect(check)
    return render(request, "obligations/check_form.html", {"form": form, "items": items})


@login_required
def filing_list(request):
    """The papers a figure counts: of one enterprise, of one kind, in one state."""
    require_read(request.user, KIND)
    qs = Filing.objects.for_user(request.user).select_related("enterprise")
    if request.GET.get("enterprise", "").isdigit():
        qs = qs.filter(enterprise=request.GET["enterprise"])
    if request.GET.get("kind") in Filing.Kind.values:
        qs = qs.filter(kind=request.GET["kind"])
    if request.GET.get("state") in Filing.State.values:
        qs = qs.filter(state=request.GET["state"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "obligations/filings.html", {
        "page": page, "kinds": Filing.Kind.choices, "states": Filing.State.choices,
        "kind": request.GET.get("kind", ""), "state": request.GET.get("state", "")})


@login_required
def filing_create(request):
    if not ACTIONS.role_allows(request.user, "file"):
        raise PermissionDenied("只有企业账号可以上传本企业的履责材料。")
    kind = request.GET.get("kind") if request.GET.get("kind") in Filing.Kind.values else Filing.Kind.PLEDGE
    today = timezone.localdate()
    titles = {Filing.Kind.PLEDGE: f"{today:%Y年%-m月}安全承诺书", Filing.Kind.RESPONSIBILITY: "全员安全生产责任制",
              Filing.Kind.EMERGENCY_PLAN: "生产安全事故应急预案", Filing.Kind.TRAINING: ""}
    form = FilingForm(request.POST or None, request.FILES or None, initial={"kind": kind, "title": titles[kind]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing = services.record_filing(request.user, kind=data["kind"], title=data["title"], dated=data["dated"],
                                            note=data["note"], hours=data["hours"], people=data["people"],
                                            files=data["files"])
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已报送备案，待监管单位确认。" if filing.state == Filing.State.SUBMITTED else "已上传。")
            return redirect(filing)
    return render(request, "obligations/filing_form.html", {"form": form})


@login_required
def filing_detail(request, pk):
    require_read(request.user, KIND)
    filing = get_object_or_404(Filing.objects.for_user(request.user).select_related("enterprise", "reviewed_by"), pk=pk)
    actions = [a for a in ACTIONS.available(request.user, filing) if a in STEPS]
    forms = {a: STEPS[a].form(initial={"version": filing.version}) for a in actions}
    return render(request, "obligations/filing.html", {
        "f": filing, "actions": actions, "forms": forms, "files": filing.files.all(),
        "events": filing.events.select_related("actor")})


@login_required
def filing_action(request, pk, name):
    filing = get_object_or_404(Filing.objects.for_user(request.user), pk=pk)
    return run_on_page(request, STEPS, filing, name)


@login_required
def filing_file(request, pk):
    require_read(request.user, KIND)
    kept = get_object_or_404(FilingFile.objects.for_user(request.user), pk=pk)
    return uploads.serve(kept.file, kept.original_name)


@login_required
def item_photo(request, pk):
    require_read(request.user, KIND)
    item = get_object_or_404(SelfCheckItem.objects.for_user(request.user).exclude(photo=""), pk=pk)
    return uploads.serve(item.photo, f"检查照片{pk}.{item.photo.name.rsplit('.', 1)[-1]}")
