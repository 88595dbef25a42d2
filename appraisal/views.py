"""考核 pages: schemes and their rounds; a round's ranking (live while a draft, frozen once published), each
subject's sheet with every deduction linked to its record, the manual items scored there; printable."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core import uploads
from core.actions import run_on_page
from core.exceptions import ServiceError
from org.scope import require_read

from . import scoring, services
from .actions import STEPS
from .forms import ItemFormSet, ManualForm, RoundForm, SchemeForm
from .models import ManualScore, Round, Scheme
from .permissions import ACTIONS
from .rules import choices

KIND = "appraisal"


@login_required
def index(request):
    require_read(request.user, KIND)
    schemes = Scheme.objects.for_user(request.user).prefetch_related("rounds")
    return render(request, "appraisal/index.html", {
        "schemes": schemes, "can_set": ACTIONS.role_allows(request.user, "set_scheme")})


@login_required
def scheme_create(request):
    if not ACTIONS.role_allows(request.user, "set_scheme"):
        raise PermissionDenied("只有安委办可以制定考核方案。")
    form = SchemeForm(request.POST or None, initial={"title": f"{timezone.localdate().year}年度安全生产目标责任考核"})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "考核方案已制定，考核项目按治本攻坚方案的要求预置，可按需修改。")
            return redirect(scheme)
    return render(request, "appraisal/form.html", {"form": form, "title": "制定考核方案"})


@login_required
def scheme_detail(request, pk):
    require_read(request.user, KIND)
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    can_set = ACTIONS.role_allows(request.user, "set_scheme")
    editable = can_set and not scheme.rounds.exclude(state=Round.State.DRAFT).exists()
    rules = choices(scheme.target)
    items = scheme.items.all()
    formset = round_form = None
    if editable:
        initial = [{"title": i.title, "rule": i.rule, "each": i.each, "cap": i.cap, "veto": i.veto, "basis": i.basis}
                   for i in items]
        formset = ItemFormSet(request.POST if request.POST.get("form") == "items" else None, initial=initial,
                              prefix="item", form_kwargs={"rules": rules})
        if request.method == "POST" and request.POST.get("form") == "items" and formset.is_valid():
            rows = [(f.cleaned_data.get("title"), f.cleaned_data.get("rule"), f.cleaned_data.get("each"),
                     f.cleaned_data.get("cap"), f.cleaned_data.get("veto"), f.cleaned_data.get("basis"))
                    for f in formset if f.cleaned_data]
            try:
                services.set_items(request.user, scheme.pk, rows)
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "考核项目已保存。")
                return redirect(scheme)
    if ACTIONS.role_allows(request.user, "start"):
        round_form = RoundForm(request.POST if request.POST.get("form") == "round" else None)
        if request.method == "POST" and request.POST.get("form") == "round" and round_form.is_valid():
            data = round_form.cleaned_data
            try:
                rnd = services.start_round(request.user, scheme.pk, period=data["period"], year=data["year"],
                                           quarter=data["quarter"])
            except ServiceError as exc:
                round_form.add_error(exc.field if exc.field in round_form.fields else None, exc.message)
            else:
                messages.success(request, f"已开始{rnd.label}考核，分数按记录实时计算。")
                return redirect(rnd)
    return render(request, "appraisal/scheme.html", {
        "scheme": scheme, "items": items, "formset": formset, "round_form": round_form, "rules": dict(rules),
        "rounds": scheme.rounds.all(), "events": scheme.events.select_related("actor")})


def round_title(rnd):
    """2026年度安全生产目标责任考核结果; 2026年度…考核（2026年第三季度）结果."""
    if rnd.period == Round.Period.YEAR and rnd.label in rnd.scheme.title:
        return f"{rnd.scheme.title}结果"
    return f"{rnd.scheme.title}（{rnd.label}）结果"


def _round(request, pk):
    require_read(request.user, KIND)
    return get_object_or_404(Round.objects.for_user(request.user).select_related("scheme", "supersedes"), pk=pk)


@login_required
def round_detail(request, pk, fmt="html"):
    rnd = _round(request, pk)
    scores = scoring.scores(rnd)
    actions = [a for a in ACTIONS.available(request.user, rnd) if a in STEPS]
    show = request.GET.get("show", "")
    vetoed = [s for s in scores if s.vetoed]
    below = [s for s in scores if s.score < rnd.scheme.pass_mark]
    context = {"r": rnd, "scheme": rnd.scheme, "today": timezone.localdate(), "show": show, "total": len(scores),
               "scores": {"vetoed": vetoed, "below": below}.get(show, scores),
               "as_of": rnd.as_of or scoring.as_of(rnd), "units": rnd.scheme.target == Scheme.Target.UNITS,
               "vetoed": len(vetoed), "below": len(below), "title": round_title(rnd)}
    if fmt == "pdf":
        from core.http import file_name
        from core.pdf import pdf_response

        return pdf_response("appraisal/round_pdf.html", context, file_name(context["title"], ext="pdf"), request)
    newer = Round.objects.filter(supersedes=rnd).first()
    return render(request, "appraisal/round.html", {
        **context, "actions": actions, "newer": newer,
        "forms": {a: STEPS[a].form(initial={"version": rnd.version}) for a in actions},
        "events": rnd.events.select_related("actor")})


@login_required
def round_action(request, pk, name):
    rnd = _round(request, pk)
    return run_on_page(request, STEPS, rnd, name)


@login_required
def sheet(request, pk, kind, subject, fmt="html"):
    """One subject's 考核评分表: every item, its deductions each linked to its record, the veto."""
    rnd = _round(request, pk)
    if kind not in ("unit", "enterprise"):
        raise Http404
    score = scoring.find(rnd, kind, subject)
    if score is None:
        raise Http404
    items = list(rnd.scheme.items.all())
    manual_items = [i for i in items if i.is_manual]
    can_score = ACTIONS.allows(request.user, rnd, "manual") and manual_items
    form = ManualForm(request.POST or None, request.FILES or None, items=manual_items) if can_score else None
    if request.method == "POST":
        if not can_score:
            raise PermissionDenied("只有安委办可以在考核发布前人工评分。")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_manual(request.user, rnd.pk, item_id=data["item"], subject_id=subject,
                                    points=data["points"], reason=data["reason"],
                                    file=data["file"])
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "人工评分已记入。")
                return redirect(request.path)
    lookup = {"unit_id": subject} if kind == "unit" else {"enterprise_id": subject}
    context = {"r": rnd, "scheme": rnd.scheme, "score": score, "rows": score.by_item(items), "kind": kind,
               "as_of": rnd.as_of or scoring.as_of(rnd), "title": f"{score.name}{rnd.label}考核评分表",
               "round_title": round_title(rnd)}
    if fmt == "pdf":
        from core.http import file_name
        from core.pdf import pdf_response

        return pdf_response("appraisal/sheet_pdf.html", context, file_name(context["title"], ext="pdf"), request)
    manual = rnd.manual_scores.filter(**lookup).select_related("item") if can_score else []
    return render(request, "appraisal/sheet.html", {**context, "form": form, "manual": manual})


@login_required
def remove_manual(request, pk):
    if request.method != "POST":
        raise Http404
    entry = get_object_or_404(ManualScore.objects.for_user(request.user).select_related("round"), pk=pk)
    try:
        services.remove_manual(request.user, entry.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤销该项人工评分。")
    kind, subject = ("unit", entry.unit_id) if entry.unit_id else ("enterprise", entry.enterprise_id)
    return redirect("appraisal:sheet", pk=entry.round_id, kind=kind, subject=subject)


@login_required
def manual_file(request, pk):
    require_read(request.user, KIND)
    entry = get_object_or_404(ManualScore.objects.for_user(request.user).exclude(file=""), pk=pk)
    return uploads.serve(entry.file, entry.original_name or "佐证材料")
