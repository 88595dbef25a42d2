"""Demo records for 双重预防 and people's capacity in 乌审旗: risk points for the
"两客一危" and construction firms, this year's key-people training (most passed),
an officers' rotation training, drills, and the seven 全覆盖 targets of the Wushen
plan ("实现7个全覆盖", due by the end of June 2026) — all through the services."""

import datetime
import random

from django.utils import timezone

from enterprises.models import Contact, Enterprise
from org.models import Person, Sector
from risks import services as risk_services

from safety import coverage, services
from safety.models import Training

RISKS = [
    ("危险货物装卸区", "罐车泄漏引发火灾爆炸", "阀门老化；静电接地不良", "lec", {"l": "3", "e": "6", "c": "40"}),
    ("车辆运行", "驾驶员疲劳驾驶引发追尾", "长途夜间行车；动态监控报警处置不及时", "lec", {"l": "3", "e": "6", "c": "15"}),
    ("停车场", "车辆火灾", "电气线路老化；消防器材不足", "matrix", {"l": 2, "s": 4}),
    ("维修车间", "机械伤害", "防护罩缺失；违章操作", "lec", {"l": "1", "e": "6", "c": "7"}),
    ("高处作业", "高处坠落", "临边防护缺失；安全带未系挂", "matrix", {"l": 3, "s": 5}),
    ("桥梁施工", "支架坍塌", "地基承载力不足；未按方案搭设", "lec", {"l": "1", "e": "3", "c": "100"}),
]
# The unit each target is on (责任单位), by demo login: its 待办 holds the target once it is overdue.
TARGET_UNITS = ["unit", "safety", "unit", "unit", "safety", "unit2", "unit"]
TARGETS = [
    # (name, population, rule, sector code, two_plus_one_only, share marked/covered)
    ("危险货物道路运输电子运单全覆盖", "enterprises", "marked", "road-dangerous-goods", False, 0.9),
    ("交通运输企业主要负责人、安全管理人员安全生产知识培训全覆盖", "enterprises", "key_people_trained", None, False, None),
    ("“两客一危”车辆动态监控主动防御系统全覆盖", "enterprises", "marked", None, True, 0.75),
    ("“两客一危”企业接入鄂尔多斯智慧安全监管平台全覆盖", "enterprises", "marked", None, True, 1.0),
    ("安全监管专业队伍培训全覆盖", "officers", "officer_trained", None, False, None),
    ("全旗公路项目平安工地建设全覆盖", "enterprises", "marked", "construction", False, 0.5),
    ("全旗国省干线非现场执法点位建设全覆盖", "items", "item_done", None, False, None),
]
POINTS = ["G338线K512+300", "G338线K540+000", "S215线K88+500", "S313线K23+000", "G242线K105+200",
          "S216线K40+800", "嘎鲁图镇出入口", "无定河镇出入口"]


def build(users, today=None, seed=2026):
    rng = random.Random(seed)
    today = today or timezone.localdate()
    safety, unit_user, enterprise_user = users["safety"], users["unit"], users["enterprise"]
    county = safety.region
    firms = list(Enterprise.objects.filter(region__path__startswith=county.path, status="operating")
                 .prefetch_related("sectors").order_by("id"))
    risky = [e for e in firms if e.is_two_plus_one or e.sectors.filter(code="construction").exists()]
    for n, e in enumerate(risky):
        author = enterprise_user if e.pk == enterprise_user.enterprise_id else (
            users["unit2"] if e.sectors.filter(code="construction").exists() else unit_user)
        for work_unit, event, factors, method, values in rng.sample(RISKS, 2):
            risk_services.create_point(author, {
                "enterprise": e, "work_unit": work_unit, "event": event, "factors": factors, "method": method,
                **values, "measures": "落实岗位责任制，每日巡查，每月专项检查，纳入隐患排查台账",
                "responsible": "安全管理人员"})

    year_start = datetime.date(today.year, 1, 1)
    contacts = list(Contact.objects.filter(enterprise__in=firms).order_by("id"))
    held = min(today, datetime.date(today.year, 4, 20))
    key = services.record_training(safety, {
        "kind": Training.Kind.KEY_PEOPLE, "title": f"{today.year}年交通运输企业主要负责人和安全管理人员安全生产知识培训",
        "start_on": held - datetime.timedelta(days=2), "end_on": held, "hours": 24, "place": "乌审旗交通运输局会议室",
        "note": "安全生产法律法规、重大事故隐患判定标准、双重预防机制，结业考核"}, contacts[: int(len(contacts) * 0.85)])
    services.set_results(safety, key.pk, {a.pk: rng.random() < 0.9 for a in key.attendees.all()})
    officers = list(Person.objects.filter(unit__region=county).exclude(enforcement_cert="").order_by("id"))
    rotation = services.record_training(safety, {
        "kind": Training.Kind.ENFORCEMENT, "title": f"{today.year}年安全监管执法人员轮训",
        "start_on": held, "end_on": held + datetime.timedelta(days=1), "hours": 16}, people=officers[:-2])
    services.set_results(safety, rotation.pk, {a.pk: True for a in rotation.attendees.all()})

    kinds = ["comprehensive", "special", "onsite", "tabletop", "evacuation"]
    for e in risky:
        for k in range(rng.randint(0, 3)):
            services.record_drill(safety, {
                "enterprise": e, "kind": kinds[(e.pk + k) % len(kinds)],
                "held_on": today - datetime.timedelta(days=rng.randint(10, 400)), "participants": rng.randint(8, 60),
                "scenario": rng.choice(["车辆火灾应急处置", "危险货物泄漏处置", "乘客疏散", "恶劣天气停运"]),
                "evaluation": "预案可操作，响应及时；通讯联络需加强"})

    for order, (name, population, rule, sector_code, key_only, share) in enumerate(TARGETS):
        target = services.save_target(safety, None, {
            "name": name, "population": population, "rule": rule, "two_plus_one_only": key_only,
            "sector": Sector.objects.get(code=sector_code) if sector_code else None, "counted_from": year_start,
            "target_percent": 100, "deadline": datetime.date(2026, 6, 30), "unit": users[TARGET_UNITS[order]].unit})
        target.order = order
        target.save(update_fields=["order"])
        if rule == "marked":
            population_qs = coverage.population(target)
            for e in population_qs.order_by("id"):
                if rng.random() < share:
                    services.mark(safety, target.pk, e, today - datetime.timedelta(days=rng.randint(5, 200)),
                                  "现场核查/平台截图")
        if rule == "item_done":
            for n, point in enumerate(POINTS):
                item = services.add_item(safety, target.pk, f"{point}非现场执法点")
                if n < 5:
                    services.complete_item(safety, item.pk, today - datetime.timedelta(days=30 * n + 3))
