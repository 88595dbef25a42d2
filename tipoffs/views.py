"""群众举报: the public pages (no login) and the handling pages (scoped)."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import uploads
from core.actions import run_on_page
from core.exceptions import ServiceError
from core.http import client_address
from org.scope import readable

from . import forms, services
from .filters import TipOffFilter
from .models import TipOff, TipOffPhoto
from .actions import STEPS
from .permissions import ACTIONS

LOOKUPS_PER_10_MIN = 30


# --- public -----------------------------------------------------------------------------


def public_form(request):
    form = forms.PublicTipOffForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            photos = data.pop("photos")
            try:
                tipoff = services.submit(data, photos, client_address(request))
            except services.Throttled as exc:
                form.add_error(None, exc.message)
                status = 429
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 400
            else:
                request.session["tipoff_receipt"] = tipoff.code
                return redirect("tipoffs_public:receipt", code=tipoff.code)
        else:
            status = 400
    return render(request, "tipoffs/public_form.html", {"form": form}, status=status)


def _lookup_allowed(request):
    key = f"tipoff-lookup:{services.source_hash(client_address(request))}"
    count = cache.get_or_set(key, 0, 600)
    if count >= LOOKUPS_PER_10_MIN:
        return False
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 600)
    return True


def public_lookup(request):
    form = forms.LookupForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        return redirect("tipoffs_public:progress", code=code[:16] or "-")
    return render(request, "tipoffs/public_lookup.html", {"form": form})


def _public_view(request, code, template, status=200):
    if not _lookup_allowed(request):
        return render(request, "tipoffs/public_lookup.html", {
            "form": forms.LookupForm(), "error": "查询过于频繁，请10分钟后再试。"}, status=429)
    tipoff = TipOff.objects.filter(code=code.upper()).only(
        "code", "state", "submitted_at", "accepted_at", "due_on", "concluded_at", "reply").first()
    if tipoff is None:
        return render(request, "tipoffs/public_lookup.html", {
            "form": forms.LookupForm(initial={"code": code}), "error": "未找到该回执码，请核对后重新输入。"},
            status=404)
    return render(request, template, {"t": tipoff, "public_state": tipoff.public_state,
                                      "concluded": not tipoff.is_open}, status=status)


def public_receipt(request, code):
    # The receipt page is shown once, right after submission, to the browser that submitted.
    if request.session.get("tipoff_receipt") != code:
        return redirect("tipoffs_public:progress", code=code)
    return _public_view(request, code, "tipoffs/public_receipt.html")


def public_progress(request, code):
    return _public_view(request, code, "tipoffs/public_progress.html")


# --- handling -----------------------------------------------------------------------------




@login_required
def tipoff_list(request):
    qs = TipOffFilter(request.GET, readable(TipOff, request.user).select_related(
        "sector", "handling_unit", "region").defer("findings")).qs
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "tipoffs/list.html", {"page": page, "states": TipOff.State.choices})


@login_required
def detail(request, pk):
    t = get_object_or_404(readable(TipOff, request.user).select_related("sector", "region", "handling_unit", "enterprise", "hazard"),
                          pk=pk)
    name, phone = t.reporter_for(request.user)
    version = {"version": t.version}
    return render(request, "tipoffs/detail.html", {
        "t": t, "reporter_name": name, "reporter_phone": phone, "sees_reporter": t.handled_by(request.user),
        "photos": t.photos.all(), "events": t.events.select_related("actor"),
        "actions": ACTIONS.available(request.user, t), "public_state": t.public_state,
        "accept_form": forms.AcceptForm(user=request.user, initial={**version, "handling_unit": t.handling_unit_id}),
        "decline_form": forms.ReplyForm(initial=version),
        "verify_form": forms.VerifyForm(user=request.user, initial=version),
        "conclude_form": forms.ConcludeForm(initial={**version, "title": f"群众举报：{t.subject}"[:120],
                                                    "level": "general"}),
        "reward_form": forms.RewardForm(initial={**version, "reward_amount": t.reward_amount,
                                                 "reward_paid_on": t.reward_paid_on}),
    })



@login_required
@require_POST
def action(request, pk, name):
    t = get_object_or_404(readable(TipOff, request.user), pk=pk)
    return run_on_page(request, STEPS, t, name)


@login_required
def photo(request, pk):
    """Tip-off photos are served only to users who can see the tip-off."""
    p = get_object_or_404(TipOffPhoto.objects.for_user(request.user), pk=pk)
    return uploads.serve(p.file, "举报照片")
