"""The level above 乌审旗 (issue 19 #4): 鄂尔多斯市交通运输局 with its safety office's account
("city"), a second county (鄂托克前旗) that has not reported, and the city's notice asking each
county bureau for its monthly 调度统计表 by the 25th.

乌审旗 has handed in every past month: the earlier ones accepted, one returned and corrected,
the latest waiting for the city to check it. Submitted and checked through the services, then
back-dated to the days they would have happened (the services stamp "now").
"""

import datetime

from django.utils import timezone

from org.models import Region, Unit, User
from org.roles import Role
from plans import services as plan_services
from plans.models import DutyEvent, Plan, ReportingDuty, Slot
from reports import services as report_services
from reports.models import Submission, SubmissionEvent

from . import data as D

SIGN = {"head": "呼日亚图", "filler": "刘志刚", "phone": "04778612345"}


def _at(day, hour=16, minute=30):
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(when, timezone.now())


def build(regions, users):
    city = regions["150600"]
    qianqi = Region.objects.create(code="150623", name="鄂托克前旗", level=Region.Level.COUNTY, parent=city, abbr="EQ")
    bureau = Unit.objects.create(name="鄂尔多斯市交通运输局", short_name="市交通运输局", kind=Unit.Kind.BUREAU, region=city)
    office = Unit.objects.create(name="安全监督科", kind=Unit.Kind.OFFICE, region=city, parent=bureau)
    qianqi_bureau = Unit.objects.create(name="鄂托克前旗交通运输局", kind=Unit.Kind.BUREAU, region=qianqi)
    wushen_bureau = Unit.objects.get(region=regions["150626"], kind=Unit.Kind.BUREAU)
    name = dict((u, p) for u, _r, p in D.CITY_USERS)["city"]
    officer = User(username="city", role=Role.SAFETY_OFFICE, region=city, unit=office, last_name=name)
    officer.set_password(D.DEMO_PASSWORD)
    officer.save()

    # The notice took effect three months ago (whatever day the demo is built), and runs to the year's end.
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=80)).replace(day=1)
    issued = start - datetime.timedelta(days=12)
    plan = Plan.objects.create(
        title="鄂尔多斯市交通运输局关于按月报送交通运输系统安全生产督查情况统计表的通知", issuer="鄂尔多斯市交通运输局",
        doc_number=f"鄂交发〔{issued.year}〕58号", issued_on=issued, period_start=start,
        period_end=datetime.date(today.year, 12, 31), region=city, created_by=officer)
    duty = ReportingDuty.objects.create(
        plan=plan, text="各旗区交通运输局每月25日前报送本地区交通运输系统安全生产督查情况统计表（1月至当月累计数）",
        to="市交通运输局安全监督科", every=ReportingDuty.Every.MONTH, due_day="25", kind=ReportingDuty.Kind.FORM,
        form="yunxi-2023")
    duty.units.set([wushen_bureau, qianqi_bureau])
    plan_services.generate_slots(duty)

    # 乌审旗 hands in each past month; 鄂托克前旗 has not reported yet.
    safety = users["safety"]
    past = list(Slot.objects.filter(duty=duty, unit=wushen_bureau, due_date__lt=today).order_by("due_date"))
    for n, slot in enumerate(past):
        handed = slot.due_date - datetime.timedelta(days=2)
        first = report_services.submit_dispatch(safety, slot.pk, **SIGN)
        _backdate(first, slot, _at(handed))
        if n == len(past) - 1:
            continue  # the latest waits for the city
        if n == len(past) - 2:
            returned = report_services.return_submission(
                officer, first.pk, "“交通安全”行重大隐患已整改数与隐患台账不一致，请核对后更正。")
            _backdate_review(returned, _at(handed + datetime.timedelta(days=1), 10))
            second = report_services.submit_dispatch(safety, slot.pk, **SIGN, reason="按隐患台账核对，更正已整改数。")
            _backdate(second, None, _at(handed + datetime.timedelta(days=1), 15))
            first = second
        accepted = report_services.accept_submission(officer, first.pk, "")
        _backdate_review(accepted, _at(handed + datetime.timedelta(days=2), 9))
    return officer


def _backdate(submission, slot, when):
    Submission.objects.filter(pk=submission.pk).update(submitted_at=when)
    SubmissionEvent.objects.filter(submission=submission, type__in=["submitted", "corrected"]).update(created_at=when)
    if slot is not None:
        Slot.objects.filter(pk=slot.pk).update(submitted_at=when)
        DutyEvent.objects.filter(data__slot=slot.pk, type="submitted").update(created_at=when)


def _backdate_review(submission, when):
    Submission.objects.filter(pk=submission.pk).update(reviewed_at=when)
    SubmissionEvent.objects.filter(submission=submission, type__in=["accepted", "returned"]).update(created_at=when)
