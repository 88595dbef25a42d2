"""履职 in the demo county (issue 21): the duties the sample plans put on 乌审旗's leaders, units and
leading group, and this year's records that prove them — some done, some short — all entered
through the services.

- 局长 呼日亚图 and 分管副局长 罗玉斌 each lead a safety inspection every quarter (the Qinshui plan's
  "每季度带队…至少开展1次"); 罗玉斌 missed the second quarter.
- The bureau's 党组 studies safety every month (党组会议); one month this year was missed.
- The 安委会 (the leading group) meets every quarter.
- The 执法大队 hands in its monthly reports on time (counted from its reporting slots).
- The 年度应急演练计划: four drills the bureau organises itself; the spring one held, one overdue.
"""

import datetime

from django.utils import timezone

from duties import services
from duties.models import Duty, WorkRecord
from enterprises.models import Enterprise
from inspections import services as inspection_services
from org.models import Person, Unit, WorkingGroup
from safety import services as safety_services

from .inspections_demo import _on_its_days


def _quarters_so_far(today):
    return [q for q in range(4) if datetime.date(today.year, 3 * q + 1, 1) <= today]


def build(users, today=None):
    today = today or timezone.localdate()
    safety = users["safety"]
    region = safety.region
    bureau = Unit.objects.get(region=region, kind=Unit.Kind.BUREAU)
    enforcement = Unit.objects.get(region=region, name="交通运输综合行政执法大队")
    chief = Person.objects.get(unit__region=region, name="呼日亚图")
    deputy = Person.objects.get(unit__region=region, name="罗玉斌")
    group = WorkingGroup.objects.filter(region=region).order_by("id").first()

    for person, title in ((chief, "每季度带队开展安全生产检查"), (deputy, "每季度带队开展分管领域安全生产检查")):
        services.create_duty(safety, title=title, person=person, evidence=Duty.Evidence.LED_INSPECTION,
                             every="quarter", times=1, text="带队对重大事故隐患排查整治情况开展检查，每季度至少1次。")
    services.create_duty(safety, title="党组每月专题学习研究安全生产", unit=bureau, evidence=Duty.Evidence.WORK,
                         record_kind=WorkRecord.Kind.PARTY, every="month", times=1)
    if group is not None:
        services.create_duty(safety, title="领导小组（安委会）每季度召开会议", group=group, evidence=Duty.Evidence.WORK,
                             record_kind=WorkRecord.Kind.ANWEIHUI, every="quarter", times=1)
    services.create_duty(safety, title="按时报送月度工作情况和统计报表", unit=enforcement, evidence=Duty.Evidence.REPORT,
                         every="quarter", times=1)

    # Leader-led inspections: one per quarter so far, except the deputy's second quarter.
    operating = Enterprise.objects.filter(region__path__startswith=region.path, status="operating",
                                          sectors__code="road-passenger").order_by("id")
    targets = list(operating[:6])
    sector = targets[0].sectors.get(code="road-passenger")
    for q in _quarters_so_far(today):
        for n, person in enumerate((chief, deputy)):
            if person is deputy and q == 1:
                continue
            day = min(datetime.date(today.year, 3 * q + 2, 10 + 5 * n), today)
            inspection = inspection_services.create_inspection(safety, {
                "kind": "supervisory", "title": f"{person.name}带队安全生产督导检查（第{'一二三四'[q]}季度）",
                "sector": sector, "lead_unit": bureau, "planned_on": day, "leader": person, "members": [],
                "enterprises": [targets[(2 * q + n) % len(targets)]], "with_criteria": False})
            inspection_services.complete(safety, inspection.pk, inspection.version,
                                         "督导检查企业安全生产主体责任落实情况，问题已交办整改。", day)
            _on_its_days(inspection, day, day)

    # 党组 study every month but one; the 安委会 every past quarter.
    for month in range(1, today.month + 1):
        held = datetime.date(today.year, month, min(8, today.day) if month == today.month else 8)
        if month == 5 or held > today:
            continue
        services.create_work_record(safety, kind=WorkRecord.Kind.PARTY, held_on=held, unit=bureau, host=chief,
                                    title=f"党组会议专题学习安全生产（{month}月）", attendees=[chief, deputy],
                                    minutes="学习习近平总书记关于安全生产的重要论述，研究部署本月安全生产重点工作。")
    if group is not None:
        for q in _quarters_so_far(today):
            held = datetime.date(today.year, 3 * q + 1, 20)
            if held > today:
                continue
            services.create_work_record(safety, kind=WorkRecord.Kind.ANWEIHUI, held_on=held, unit=bureau, group=group,
                                        host=chief, title=f"安委会第{'一二三四'[q]}季度全体会议",
                                        attendees=[chief, deputy],
                                        decisions="1. 开展重大事故隐患专项排查整治；2. 加强“两客一危”动态监控。")

    # The bureau's own drills: the year's plan, the first held against it, one overdue.
    service_centre = Unit.objects.get(region=region, name="交通运输综合服务中心")
    plan = [(3, "客运站火灾疏散演练", "evacuation", service_centre),
            (6, "危险货物运输车辆泄漏应急处置演练", "special", enforcement),
            (9, "防汛抢险综合应急演练", "comprehensive", bureau),
            (12, "冬季冰雪道路保通桌面推演", "tabletop", bureau)]
    items = [safety_services.plan_drill(safety, year=today.year, month=m, scenario=s, kind=k, organiser=u)
             for m, s, k, u in plan]
    held = min(datetime.date(today.year, 3, 18), today)
    safety_services.record_drill(safety, {
        "organiser": service_centre, "sector": sector, "plan_item": items[0], "kind": "evacuation", "held_on": held,
        "scenario": "客运站火灾疏散演练", "participants": 65,
        "evaluation": "疏散用时4分30秒，较上次缩短40秒；广播系统一处音箱无声，已报修。"})
    if today.month > 9:
        safety_services.record_drill(safety, {
            "organiser": bureau, "sector": sector, "plan_item": items[2], "kind": "comprehensive",
            "held_on": datetime.date(today.year, 9, 12), "scenario": "防汛抢险综合应急演练", "participants": 120,
            "evaluation": "各单位响应及时，物资调拨顺畅；通信保障需加强。"})
