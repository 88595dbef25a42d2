"""Official documents of a hazard, printable A4 PDFs: 隐患整改通知书, 挂牌督办通知书, 销号单."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.pdf import pdf_response

from . import events as ev
from .models import State
from org.scope import readable

from .models import Hazard
from core.http import file_name


def _hazard(request, pk):
    return get_object_or_404(
        readable(Hazard, request.user).select_related("enterprise", "sector", "region", "criterion", "supervising_unit", "supervisor"),
        pk=pk,
    )


@login_required
def rectification_notice(request, pk):
    """隐患整改通知书: issued once the hazard is verified."""
    h = _hazard(request, pk)
    if h.state in (State.REPORTED, State.REJECTED):
        raise Http404("隐患尚未核查，不能出具整改通知书。")
    verified = h.events.filter(type=ev.VERIFIED).order_by("created_at").first()
    return pdf_response("hazards/pdf/notice.html", {
        "h": h, "issuer": h.bureau_name, "issued_on": timezone.localtime(verified.created_at).date() if verified else None,
    }, file_name("隐患整改通知书", h.number, ext="pdf"), request)


@login_required
def supervision_notice(request, pk):
    h = _hazard(request, pk)
    sup = h.supervisions.order_by("-opened_at").first()
    if sup is None:
        raise Http404("该隐患没有挂牌督办记录。")
    return pdf_response("hazards/pdf/supervision.html", {"h": h, "s": sup, "issuer": h.bureau_name},
                        file_name("挂牌督办通知书", h.number, ext="pdf"), request)


@login_required
def closeout_sheet(request, pk):
    """销号单: the record of who rectified, who accepted and who closed."""
    h = _hazard(request, pk)
    if h.state != State.CLOSED:
        raise Http404("隐患尚未销号。")
    steps = {e.type: e for e in h.events.select_related("actor").order_by("created_at")}
    experts = h.events.filter(type=ev.EXPERT_SIGNED).select_related("actor")
    return pdf_response("hazards/pdf/closeout.html", {
        "h": h, "issuer": h.bureau_name, "submitted": steps.get(ev.SUBMITTED), "accepted": steps.get(ev.ACCEPTED),
        "closed": steps.get(ev.CLOSED), "experts": experts,
    }, file_name("隐患销号单", h.number, ext="pdf"), request)


PLACARD_SALT = "hazards.placard"


def placard_token(hazard):
    """The signed part of a placard's public address: the hazard's id, unforgeable (a guessed id opens nothing)."""
    from django.core.signing import Signer

    return Signer(salt=PLACARD_SALT).sign(str(hazard.pk))


@login_required
def placard(request, pk):
    """隐患公示牌: posted at the hazard's place (A4, or ?size=a6), its code opening the public progress page."""
    from django.urls import reverse

    from core import qr

    h = _hazard(request, pk)
    if h.state in (State.REPORTED, State.REJECTED):
        raise Http404("隐患尚未核查，不能打印公示牌。")
    path = reverse("hazard_public", args=[placard_token(h)])
    return pdf_response("hazards/pdf/placard.html", {
        "h": h, "issuer": h.bureau_name, "code": qr.data_uri(path),
        "size": "A6" if request.GET.get("size") == "a6" else "A4",
    }, file_name("隐患公示牌", h.number, ext="pdf"), request)


def public(request, token):
    """The public page of a posted placard: number, level, place, deadline, state and the supervising unit —
    nothing private (no description, photos, people or phones). No sign-in."""
    from django.core.signing import BadSignature, Signer
    from django.shortcuts import render

    try:
        pk = int(Signer(salt=PLACARD_SALT).unsign(token))
    except (BadSignature, ValueError):
        raise Http404("公示信息不存在。") from None
    h = get_object_or_404(Hazard.objects.select_related("enterprise", "region", "supervising_unit")
                          .exclude(state__in=(State.REPORTED, State.REJECTED)), pk=pk)
    return render(request, "hazards/public.html", {"h": h, "issuer": h.bureau_name})
