"""履职 in the demo county (issue 21): the duties the sample plans put on 乌审旗's leaders, units and
leading group, and this year's records that prove them — some done, some short — all entered
through the services.

- 局长 呼日亚图 and 分管副局长 罗玉斌 each lead a safety inspection every quarter (the Qinshui plan's
  "每季度带队…至少开展1次"); 罗玉斌 missed the second quarter.
- The bureau's 党组 studies safety every month (党组会议); one month this year was missed.
- The 安委会 (the leading group) meets every quarter.
- The 执法大队 hands in its monthly reports on time (counted from its reporting slots).
- The 年度应急演练计划: four drills the bureau organises itself; the spring one held, one overdue.
- 总结评估 begun: the 执法大队's 自查自评 of the first tasks it leads (up to three); the 专班's 现场评估 of two
  (one 属实, one not).
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

    # 应急物资 and 救援队伍, entered as the office would: through the register's import.
    from safety.emergency import supply_importer, team_importer

    store, depot = "旗交通运输局应急物资储备库（嘎鲁图镇）", "农村公路养护站物资仓库（图克镇）"
    keeper, roads = "交通运输综合服务中心", "农村公路建设养护服务中心"
    supplies = [
        ("编织袋", "防汛抢险", 20000, "条", store, keeper), ("砂石料", "防汛抢险", 300, "立方米", depot, roads),
        ("救生衣", "防汛抢险", 120, "件", store, keeper), ("冲锋舟", "救援器材", 2, "艘", store, keeper),
        ("融雪剂", "除冰融雪", 80, "吨", depot, roads), ("防滑链", "除冰融雪", 60, "副", depot, roads),
        ("装载机", "除冰融雪", 3, "台", depot, roads), ("灭火器", "消防器材", 200, "具", store, keeper),
        ("应急照明灯", "通信照明", 40, "台", store, keeper), ("卫星电话", "通信照明", 4, "部", store, keeper),
        ("反光背心", "防护用品", 300, "件", store, keeper), ("警示锥", "其他", 500, "个", depot, roads),
    ]
    phones = ["13947700101", "13947700202"]
    rows = [(n + 2, {"物资名称": name, "类别": cat, "数量": qty, "计量单位": measure, "存放地点": where,
                     "管理单位": unit, "联系人": "白彦鹏" if unit == keeper else "哈斯托娅",
                     "联系电话": phones[unit == roads], "盘点日期": f"{today.year}-{min(today.month, 10):02d}-15"})
            for n, (name, cat, qty, measure, where, unit) in enumerate(supplies)]
    parsed, errors = supply_importer.parse(safety, rows)
    assert not errors, errors
    supply_importer.commit(safety, parsed)
    teams = [
        ("乌审旗交通运输应急抢险队", "专业救援队伍", 35, "朝格查", "13947700303", "嘎鲁图镇", "装载机3台、应急指挥车1辆",
         "交通运输综合行政执法大队"),
        ("农村公路养护抢险分队", "兼职救援队伍", 24, "哈斯托娅", "13947700404", "图克镇", "平地机2台、除雪车2辆",
         "农村公路建设养护服务中心"),
        ("客运站应急疏散队", "兼职救援队伍", 18, "白彦鹏", "13947700505", "乌审旗汽车站", "担架4副、应急照明",
         "交通运输综合服务中心"),
        ("蓝天救援队乌审旗分队", "社会救援力量", 40, "王海军", "13947700606", "嘎鲁图镇", "冲锋舟2艘、无人机3架", ""),
        ("乌审旗危货运输企业联防队", "社会救援力量", 30, "张宏伟", "13947700707", "苏力德苏木", "堵漏器材、吸附棉", ""),
        ("旗消防救援大队联络组", "专业救援队伍", 12, "李刚", "13947700808", "嘎鲁图镇", "消防车4辆", ""),
    ]
    rows = [(n + 2, {"队伍名称": a, "类型": b, "人数": c, "负责人": d, "联系电话": e, "驻地": f, "主要装备": g,
                     "所属单位": h}) for n, (a, b, c, d, e, f, g, h) in enumerate(teams)]
    parsed, errors = team_importer.parse(safety, rows)
    assert not errors, errors
    team_importer.commit(safety, parsed)
    _assessments(users)


def _assessments(users):
    """总结评估 begun: the 执法大队 has assessed three of the tasks it leads; the 专班 found one as stated,
    one overstated, and has yet to visit the third."""
    from plans import services as plan_services
    from plans.models import Plan, Task
    from plans.permissions import assessing_unit

    unit, safety = users["unit"], users["safety"]
    tasks = [t for t in Task.objects.filter(plan__in=Plan.objects.for_user(unit)).prefetch_related("lead_units")
             .order_by("deadline", "pk") if assessing_unit(unit, t)][:3]
    marks = [("done", 95, "已按方案完成，台账、照片齐全。", True, "done", 92, "现场核验属实。"),
             ("done", 90, "已完成专项整治，整改到位。", False, "mostly", 70, "现场抽查2家企业仍有问题未整改，自评偏高。"),
             ("mostly", 80, "主体工作已完成，个别企业整改中。", None, None, None, None)]
    for task, (done, score, text, verified, onsite, onsite_score, remark) in zip(tasks, marks):
        plan_services.self_assess(unit, task.pk, completion=done, score=score, text=text)
        if verified is not None:
            plan_services.onsite_assess(safety, task.pk, completion=onsite, score=onsite_score, text=remark,
                                        verified=verified)

