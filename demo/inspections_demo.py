"""Demo records for 乌审旗's field work: experts, the duty roster, inspections
(one finished with two 不符合 items turned into hazards, one waiting for the
field page), a published 双随机 draw, enforcement actions, tip-offs in every
state and two accidents — all created through the real services."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accidents import services as accident_services
from enterprises.models import Enterprise
from demo.hazards_demo import demo_photo
from org import registry
from org.models import Person
from tipoffs import services as tipoff_services

from inspections import draws, enforcement, services
from inspections.models import CheckItem

TEMPLATE_LINES = """主要负责人、安全管理人员安全生产知识和管理能力考核合格 | 《安全生产法》第二十七条
动态监控平台专人值守，违规行为及时处理 | 《道路运输车辆动态监督管理办法》第二十条
车辆按期年审、二级维护，技术档案完整 | 《道路运输车辆技术管理规定》
驾驶员、押运员持证上岗，岗前培训记录完整 | 《危险货物道路运输安全管理办法》
每月召开安全例会，隐患排查治理台账完整 | 《安全生产法》第四十一条
应急预案每半年至少演练一次 | 《生产安全事故应急条例》第八条"""
EXPERTS = [("王建国", "道路运输安全", "高级工程师", "鄂尔多斯市交通运输事务中心"),
           ("李敏", "危险货物运输", "注册安全工程师", "内蒙古安全生产协会"),
           ("赵刚", "公路桥梁与隧道", "正高级工程师", "内蒙古交通设计研究院"),
           ("孙丽", "水上交通安全", "高级船长", "乌审旗海事所")]


def _officers(unit, rng):
    """Certified officers in the enforcement unit (the 双随机 pool)."""
    people = list(Person.objects.filter(unit=unit))
    for n, name in enumerate(["白云飞", "乌日娜", "陈志强", "苏和"]):
        people.append(Person.objects.create(name=name, unit=unit, position="执法队员", phone=f"1394773{n:04d}"))
    for n, p in enumerate(people):
        p.enforcement_cert = f"1506{rng.randint(10000000, 99999999)}"
        p.save(update_fields=["enforcement_cert"])
    return people


def _on_its_days(inspection, planned, done):
    """The inspection's timeline on the days it happened (planned, then the visit and its close on the day
    done_on says), as InspectionEvent.MILESTONES holds it."""
    from inspections.models import InspectionEvent

    tz = timezone.get_current_timezone()
    for i, event in enumerate(inspection.events.order_by("id")):
        day, at = (planned, datetime.time(9)) if event.type == "planned" else (done, datetime.time(10 + i // 60, i % 60))
        InspectionEvent.objects.filter(pk=event.pk).update(created_at=datetime.datetime.combine(day, at, tzinfo=tz))


def build(users, units, today=None, seed=2025):
    rng = random.Random(seed)
    today = today or timezone.localdate()
    safety, unit_user = users["safety"], users["unit"]
    enforcement_unit = unit_user.unit
    officers = _officers(enforcement_unit, rng)
    experts = [registry.save_expert(safety, None, {"name": n, "field": f, "title": t, "employer": e,
                                                    "phone": f"1384773{i:04d}", "available": True})
               for i, (n, f, t, e) in enumerate(EXPERTS)]
    experts[0].user = users["expert"]
    experts[0].save(update_fields=["user"])
    monday = today - datetime.timedelta(days=today.weekday())
    duty_people = list(Person.objects.filter(unit__region=safety.region).order_by("id")[:10])
    for d in range(7):
        day = monday + datetime.timedelta(days=d)
        registry.add_shift(safety, date=day, start=datetime.time(8, 30), end=datetime.time(8, 30), role="leader",
                           person=duty_people[d % 3])
        registry.add_shift(safety, date=day, start=datetime.time(8, 30), end=datetime.time(8, 30), role="officer",
                           person=duty_people[3 + d % 7])

    template = services.save_template(safety, None, name="道路危险货物运输企业安全检查表",
                                      lines=TEMPLATE_LINES, note="执法检查、双随机抽查通用")
    operating = Enterprise.objects.filter(region__path__startswith=safety.region.path, status="operating")
    carriers = list(operating.filter(sectors__code="road-dangerous-goods").order_by("id")[:4])
    road = carriers[0].sectors.first().parent

    # A finished enforcement inspection: two 不符合 items became hazards.
    done = services.create_inspection(unit_user, {
        "kind": "enforcement", "title": "危险货物道路运输企业执法检查", "sector": road, "lead_unit": enforcement_unit,
        "planned_on": today - datetime.timedelta(days=6), "leader": officers[0], "members": officers[1:3],
        "experts": [experts[1]], "enterprises": carriers[:2], "template": template, "with_criteria": True,
    })
    items = list(CheckItem.objects.filter(target__inspection=done).order_by("target__order", "order"))
    failing = {1, 3}
    for n, item in enumerate(items):
        if n in failing:
            services.record_item(unit_user, item.pk, "fail", "动态监控平台夜间无人值守，3起超速报警未处理"
                                 if n == 1 else "2辆车辆逾期未进行二级维护", demo_photo(rng, "现场"))
        else:
            services.record_item(unit_user, item.pk, "pass" if n % 5 else "na")
    for item in items:
        if item.pk in {items[n].pk for n in failing}:
            services.hazard_from_item(unit_user, item.pk)
    done.refresh_from_db()
    services.complete(unit_user, done.pk, done.version, "检查2家企业，发现问题2项，已转入隐患闭环并责令限期整改。",
                      today - datetime.timedelta(days=5))
    _on_its_days(done, today - datetime.timedelta(days=6), today - datetime.timedelta(days=5))
    enforcement.record_action(unit_user, {
        "kind": "order", "enterprise": carriers[0], "inspection": done, "case_number": "乌交执责改〔2026〕31号",
        "facts": "动态监控平台夜间无人值守，超速报警未及时处理", "legal_basis": "《道路运输车辆动态监督管理办法》第三十五条",
        "decided_on": today - datetime.timedelta(days=5), "deadline": today + datetime.timedelta(days=10)})
    enforcement.record_action(unit_user, {
        "kind": "penalty", "enterprise": carriers[1], "inspection": done, "case_number": "乌交执罚〔2026〕58号",
        "facts": "使用逾期未维护车辆从事危险货物运输", "legal_basis": "《道路运输条例》第七十条",
        "decided_on": today - datetime.timedelta(days=4), "fine": Decimal("5000")})
    enforcement.record_action(unit_user, {
        "kind": "dual_penalty", "enterprise": carriers[2], "case_number": "乌交执罚〔2026〕52号",
        "facts": "未如实记录安全生产教育和培训情况", "legal_basis": "《安全生产法》第九十七条、第九十四条",
        "decided_on": today - datetime.timedelta(days=35), "fine": Decimal("30000"), "party_name": "该企业主要负责人",
        "person_fine": Decimal("8000")})
    enforcement.record_action(safety, {
        "kind": "interview", "enterprise": carriers[3], "facts": "本季度两次发生车辆超速报警未处理",
        "legal_basis": "《安全生产约谈办法》", "decided_on": today - datetime.timedelta(days=12)})

    # A planned "四不两直" visit, waiting for the field page.
    services.create_inspection(unit_user, {
        "kind": "unannounced", "title": "“四不两直”暗查暗访（客运站、危货企业）", "sector": road,
        "lead_unit": enforcement_unit, "planned_on": today, "leader": officers[3], "members": officers[3:5],
        "experts": [experts[0]], "enterprises": carriers[2:4], "places": ["乌审旗汽车客运站"],
        "template": template, "with_criteria": False,
    })

    # A published 双随机 draw with its inspections planned.
    draw = draws.make_draw(unit_user, title="2026年第四季度道路运输企业“双随机”抽查", region=safety.region,
                           sector=road, inspector_unit=enforcement_unit, enterprise_count=4, inspector_count=4,
                           seed="20261120")
    draws.publish(unit_user, draw.pk)
    draws.plan_inspections(unit_user, draw.pk, today + datetime.timedelta(days=7), template)

    _tipoffs(users, rng, safety.region, road, carriers)
    _accidents(safety, operating, road, today)


def _tipoffs(users, rng, county, road, carriers):
    unit_user = users["unit"]
    rows = [
        ("乌审旗某物流园停车场", "夜间多辆危险货物运输车停放在物流园外道路两侧，无人看管，旁边就是居民区。", False),
        ("G338线某加油站附近", "有大货车长期超载运煤，车厢加高，经常在加油站门口掉落煤块。", True),
        ("嘎鲁图镇公交站", "公交车司机边开车边看手机，乘客多次提醒不改。", False),
    ]
    made = [tipoff_services.submit({"region": county, "sector": road, "subject": subject, "description": text,
                                    "anonymous": anonymous, "reporter_name": "" if anonymous else "张先生",
                                    "reporter_phone": "" if anonymous else "13947731234"},
                                   [demo_photo(rng, "举报")], f"192.0.2.{n}")
            for n, (subject, text, anonymous) in enumerate(rows)]
    t = tipoff_services.accept(unit_user, made[0].pk, None)
    t = tipoff_services.start_verification(unit_user, t.pk, None, carriers[0])
    t = tipoff_services.substantiate(unit_user, t.pk, None, findings="现场核实有4辆危货车违规停放，已责令企业立即驶离并整改停车管理。",
                                     reply="经核查，您反映的情况属实，已责令企业整改，感谢您的监督。")
    tipoff_services.set_reward(unit_user, t.pk, None, Decimal("500"))
    t = tipoff_services.accept(unit_user, made[1].pk, None)
    tipoff_services.start_verification(unit_user, t.pk, None)
    # The third stays 待受理, so the handling list has something new on it.


def _accidents(safety, operating, road, today):
    firm = operating.filter(sectors__path__startswith=road.path).order_by("id")[5]
    tz = timezone.get_current_timezone()
    a = accident_services.record(safety, {
        "title": "一般道路运输事故（货车追尾）", "occurred_at": datetime.datetime.combine(
            today - datetime.timedelta(days=40), datetime.time(6, 20), tzinfo=tz),
        "place": "G338线K512处", "sector": road, "enterprise": firm, "summary": "重型货车雾天追尾前车，造成1人重伤。",
        "deaths": 0, "serious_injuries": 1, "direct_loss": Decimal("18.5"),
        "reported_at": datetime.datetime.combine(today - datetime.timedelta(days=40), datetime.time(6, 55),
                                                 tzinfo=tz)})
    accident_services.save_analysis(safety, a.pk, None, {
        "cause": "雾天未降低车速、未保持安全车距", "lessons": "恶劣天气预警未传达到驾驶员",
        "measures": "企业建立恶劣天气停运机制，动态监控平台推送预警", "responsibility": "驾驶员负主要责任"})
    accident_services.record(safety, {
        "title": "较大道路运输事故（客车侧翻）", "occurred_at": datetime.datetime.combine(
            today - datetime.timedelta(days=200), datetime.time(14, 5), tzinfo=tz),
        "place": "S215线K88处", "region": safety.region, "sector": road, "summary": "客车避让牲畜侧翻。",
        "deaths": 3, "serious_injuries": 6, "direct_loss": Decimal("260")})
