"""企业主体责任 in the demo county (issue 21 §4): the demo enterprise and five other carriers record their
主要负责人's monthly checks, 安全承诺, 责任制 and 应急预案 through their own accounts (the five have no
password: they exist so the records have a real author). This month some have checked and some not; one
plan waits for the unit's 备案 (on its 待办), one was filed, one returned. The supervising unit carries the
duty 督促企业主要负责人每月带队检查, counted from these records."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from duties import services as duty_services
from enterprises.models import Enterprise
from obligations import services
from obligations.models import Filing
from org.models import Unit, User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _months_back(today, n):
    first = today.replace(day=1)
    for _ in range(n):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def build(users, today=None):
    today = today or timezone.localdate()
    own = users["enterprise"]
    carrier = own.enterprise
    peers = list(Enterprise.objects.filter(region__parent=carrier.region.parent, status=Enterprise.Status.OPERATING,
                                           sectors__in=carrier.sectors.all()).exclude(pk=carrier.pk)
                 .distinct().order_by("id")[:5])
    accounts = [own]
    for n, firm in enumerate(peers, 1):
        account = User(username=f"qiye{n}", role="enterprise", enterprise=firm, region=firm.region,
                       last_name=firm.name[:30])
        account.set_unusable_password()
        account.save()
        accounts.append(account)
    checklist = services.CHECKLIST[:5]
    for n, account in enumerate(accounts):
        principal = account.enterprise.contacts.filter(role="principal").first()
        leader = principal.name if principal else "主要负责人"
        # The last two months: all but one checked; this month: the first half so far.
        for back in (2, 1, 0):
            month = _months_back(today, back)
            if (back and n == 4) or (back == 0 and n % 2):
                continue
            day = min(month.replace(day=8 + n), today) if back else today
            services.record_self_check(account, checked_on=day, leader=leader, members="安全管理人员、车队长",
                                       summary="按清单逐项检查，未发现问题。",
                                       items=[{"text": t, "result": "pass"} for t in checklist])
            if back == 0 and n == 3:
                continue  # checked, but this month's pledge not yet
            services.record_filing(account, kind=Filing.Kind.PLEDGE, title=f"{month:%Y年%-m月}安全承诺书", dated=day,
                                   files=[_pdf("安全承诺书.pdf")])
        if n != 5:
            services.record_filing(account, kind=Filing.Kind.RESPONSIBILITY, title="全员安全生产责任制",
                                   dated=_months_back(today, 10), files=[_pdf("全员安全生产责任制.pdf")])
        if n < 4:
            services.record_filing(account, kind=Filing.Kind.TRAINING, title="从业人员月度安全教育", hours=4,
                                   people=20 + n, dated=_months_back(today, 1).replace(day=15),
                                   files=[_pdf("培训签到表.pdf")])
        if n < 3:
            plan = services.record_filing(account, kind=Filing.Kind.EMERGENCY_PLAN, title="生产安全事故应急预案",
                                          dated=_months_back(today, 3), files=[_pdf("应急预案.pdf")])
            officer = next(u for u in (users["unit"], users["unit2"], users["safety"])
                           if Filing.objects.for_user(u).filter(pk=plan.pk).exists())
            if n == 1:
                services.confirm_filing(officer, plan.pk, plan.version, "预案要素齐全，同意备案。")
            elif n == 2:
                services.return_filing(officer, plan.pk, plan.version, "未附应急资源调查和风险评估报告，请补充后重新报送。")
    unit = Unit.objects.filter(active=True).supervising(carrier).order_by("path").first()
    if unit is not None:
        duty_services.create_duty(users["safety"], title="督促企业主要负责人每月带队检查", unit=unit,
                                  evidence="enterprise_check", every="month", times=1,
                                  text="所监管的道路运输企业主要负责人每月至少带队开展1次安全检查（一张网·自查自改自报）")
