"""Every download is named in Chinese after what it is, and says so the way browsers read
(issue 18 #6): RFC 6266/5987 `filename*=UTF-8''…` with an ASCII fallback.

The downloads are found in the URL configuration (every route ending in .xlsx, .pdf or
.docx, and the export pages), so a new download joins the test by itself."""

import re
from urllib.parse import unquote

import pytest
from django.urls import get_resolver
from django.utils import timezone

from hazards.models import Hazard, State
from org.models import User
from plans.models import Plan
from reports.models import Submission
from tests.test_authorization_matrix import _walk

pytestmark = pytest.mark.django_db

DOWNLOAD = re.compile(r"\.(xlsx|pdf|docx)$|export/?$")
HEADER = re.compile(r"^(attachment|inline); filename\*=UTF-8''([^;]+); filename=\"([\x20-\x7e]+)\"$")


def download_routes():
    return sorted({p for p in _walk(get_resolver().url_patterns) if DOWNLOAD.search(p) and "(?P<format>" not in p})


def concrete(route):
    """The route with real demo records in it."""
    hazard = {
        "notice": Hazard.objects.filter(state=State.RECTIFYING).first(),
        "supervision": Hazard.objects.filter(supervisions__isnull=False).first(),
        "closeout": Hazard.objects.filter(state=State.CLOSED).first(),
        "placard": Hazard.objects.filter(state=State.RECTIFYING).first(),
    }
    pk = "1"
    for kind, record in hazard.items():
        if route.endswith(f"{kind}.pdf"):
            pk = record.pk
    if route.startswith(("plans/", "reports/evaluation")):
        pk = Plan.objects.filter(region__code="150626").first().pk  # the county's own plan
    if route.startswith("reports/received"):
        from reports.upward import received_duties

        duty = received_duties(User.objects.get(username="safety")).first()
        return f"/reports/received/{duty.pk}/{duty.slots.order_by('due_date').first().due_date:%Y-%m-%d}.xlsx"
    if route.startswith("duties/list"):
        from org.models import Person

        return f"/duties/list/person/{Person.objects.get(name='呼日亚图').pk}.pdf"
    if route.startswith("enterprises/<int:pk>"):
        from enterprises.models import Enterprise

        pk = Enterprise.objects.order_by("pk").first().pk
    if route.endswith("record.pdf"):
        from inspections.models import Target

        target = Target.objects.order_by("pk").first()
        return f"/inspections/{target.inspection_id}/targets/{target.pk}/record.pdf"
    if route.endswith("order.pdf"):
        from inspections.models import EnforcementAction

        return f"/inspections/actions/{EnforcementAction.objects.filter(kind='order').first().pk}/order.pdf"
    if route.startswith("appraisal/rounds"):
        from appraisal.models import Round
        from appraisal.scoring import subjects

        rnd = Round.objects.filter(scheme__target="units").order_by("pk").first()
        if "<str:kind>" in route:
            return f"/appraisal/rounds/{rnd.pk}/unit/{subjects(rnd.scheme)[0].pk}.pdf"
        return f"/appraisal/rounds/{rnd.pk}.pdf"
    if route.startswith("reports/submissions"):
        pk = Submission.objects.order_by("-pk").first().pk  # the one this test submits
    return "/" + re.sub(r"<(?:\w+:)?\w+>", str(pk), route)


def test_the_walk_finds_every_kind_of_download():
    routes = download_routes()
    assert len(routes) >= 16, routes
    assert {"hazards/export.xlsx", "hazards/<int:pk>/notice.pdf", "reports/annual.docx",
            "reports/dispatch.xlsx"} <= set(routes)


def test_every_download_is_named_in_chinese_after_what_it_is(demo_db, client):
    from plans.models import Slot
    from reports.services import submit_dispatch

    unit = User.objects.get(username="unit")
    slot = (Slot.objects.for_user(unit).filter(submitted_at__isnull=True, duty__kind="form")
            .order_by("due_date").first())
    submission = submit_dispatch(unit, slot.pk, head="朝格查", filler="郝广峰", phone="13947731234")
    safety, auditor = User.objects.get(username="safety"), User.objects.get(username="auditor")
    names, bad = {}, []
    for route in download_routes():
        path = concrete(route)
        client.force_login(auditor if route.startswith("audit/") else safety)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        header = response.get("Content-Disposition", "")
        match = HEADER.match(header)
        if not match:
            bad.append((path, header))
            continue
        name = unquote(match.group(2))
        stem = name.rsplit(".", 1)[0]
        if not re.search(r"[\u4e00-\u9fff]", stem) or re.search(r"[A-Za-z]", stem.replace("WS-", "")):
            bad.append((path, name))
        assert match.group(3).rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1], header
        names[route] = name
    assert bad == []
    today = timezone.localdate()
    notice = Hazard.objects.filter(state=State.RECTIFYING).first()
    # The issue's own examples.
    assert names["hazards/export.xlsx"] == f"乌审旗隐患排查治理台账_{today:%Y-%m-%d}.xlsx"
    months = f"{today.year}年1-{today.month}月" if today.month > 1 else f"{today.year}年1月"
    assert names["reports/dispatch.xlsx"] == f"乌审旗调度统计表_{months}.xlsx"
    assert names["hazards/<int:pk>/notice.pdf"] == f"隐患整改通知书_{notice.number}.pdf"
    assert names["reports/annual.docx"] == f"乌审旗{today.year}年度安全生产工作总结.docx"
    assert names["reports/submissions/<int:pk>.xlsx"].startswith(f"{unit.unit.name}调度统计表_")
    assert names["reports/submissions/<int:pk>.xlsx"].endswith(f"_第{submission.version}版.xlsx")
    assert names["reports/received/<int:duty_pk>/<str:due>.xlsx"] == f"乌审旗调度统计表汇总_{today.year}年1月.xlsx"
    assert names["duties/list/<str:who>/<int:pk>.pdf"] == f"呼日亚图安全生产职责清单（{today.year}年）.pdf"


@pytest.mark.parametrize("start, end, label", [
    ("2026-01-01", "2026-11-30", "2026年1-11月"),
    ("2026-11-01", "2026-11-30", "2026年11月"),
    ("2025-11-01", "2026-02-28", "2025年11月-2026年2月"),
    ("2026-03-05", "2026-04-10", "2026-03-05至2026-04-10"),
])
def test_periods_read_as_a_clerk_writes_them(start, end, label):
    import datetime

    from core.http import span_label

    assert span_label(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)) == label


def test_a_name_loses_what_no_file_system_takes():
    from core.http import file_name

    assert file_name("某公司/分公司隐患台账", "", None, "2026-11-30", ext="xlsx") == "某公司分公司隐患台账_2026-11-30.xlsx"
