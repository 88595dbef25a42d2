"""Demo hazards for load_demo: created and driven through the real services,
then back-dated (discovery, deadlines, close-out) so the county has a history
for the statistics and 动态清零 to show."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from PIL import Image, ImageDraw

from enterprises.models import Enterprise

from hazards import services
from hazards.models import Criterion, Hazard, HazardEvent, State

TITLES = {
    "road": [("车辆逾期未检仍在运营", "DY-G2"), ("驾驶员疲劳驾驶未及时纠正", "DY-G3"), ("动态监控平台值守记录缺失", None),
             ("车辆灭火器过期", None), ("安全生产培训记录不全", None)],
    "urban": [("网约车平台车辆与实际不符", "DY-T1"), ("公交车安全锤缺失", None), ("场站消防通道堆放杂物", None)],
    "highway": [("5类桥梁未封闭交通", "GL-1"), ("服务区消防设施损坏", None), ("护栏缺失", None)],
    "construction": [("危大工程未编制专项施工方案", "GC-3"), ("高处作业未系安全带", None), ("临时用电不规范", None)],
    "water": [("浮桥救生设备不足", None), ("渡口安全警示标志缺失", None)],
    "other": [("消防器材过期", None), ("安全出口指示灯损坏", None)],
}
FINAL = [State.CLOSED] * 10 + [State.RECTIFYING] * 5 + [State.AWAITING_ACCEPTANCE, State.REPORTED, State.REPORTED,
                                                          State.PENDING_CONFIRMATION, State.CONFIRMED]


def demo_photo(rng, label):
    img = Image.new("RGB", (480, 360), (rng.randint(90, 200), rng.randint(90, 200), rng.randint(90, 200)))
    ImageDraw.Draw(img).rectangle([40, 40, 440, 320], outline=(255, 255, 255), width=6)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return SimpleUploadedFile(f"{label}.jpg", buf.getvalue(), content_type="image/jpeg")


def _family(enterprise):
    path = {s.code for s in enterprise.sectors.all()} | {a.code for s in enterprise.sectors.all() for a in s.ancestors()}
    for key in ("construction", "highway", "urban", "water", "road"):
        if key in path:
            return key
    return "other"


def _backdate(h, discovered, deadline, closed=None):
    """Spread the hazard's timeline from its discovery to its closing (or a few weeks on) and set every
    milestone column from its event (HazardEvent.MILESTONES), so the two never disagree: one clock."""
    events = list(h.events.order_by("id"))
    end = closed or min(timezone.localdate(), discovered + datetime.timedelta(days=20))
    span = (end - discovered).days
    at = {}
    for i, e in enumerate(events):
        day = discovered + datetime.timedelta(days=span * i // max(len(events) - 1, 1))
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + i // 6, (i % 6) * 10)))
        HazardEvent.objects.filter(pk=e.pk).update(created_at=when)
        at[e.type] = when  # the last event of each type
    columns = {"discovered_on": discovered, "deadline": deadline, "original_deadline": deadline}
    for type, column in HazardEvent.MILESTONES.items():
        if type in at:
            is_date = isinstance(Hazard._meta.get_field(column), models.DateField) and not isinstance(
                Hazard._meta.get_field(column), models.DateTimeField)
            columns[column] = timezone.localtime(at[type]).date() if is_date else at[type]
    confirmed_at = Hazard.objects.filter(pk=h.pk).values_list("office_confirmed_at", flat=True).get()
    if confirmed_at and "confirmed" not in at and "verified" in at:
        columns["office_confirmed_at"] = at["verified"]  # the safety office verified and confirmed at once
    Hazard.objects.filter(pk=h.pk).update(**columns)


def build(users, county_enterprises, today, count=36, seed=2024):
    rng = random.Random(seed)
    crit = {c.code: c for c in Criterion.objects.all()}
    safety, unit, unit2, expert = users["safety"], users["unit"], users["unit2"], users["expert"]
    plan = {"plan_goal": "消除隐患，恢复安全生产条件", "plan_measures": "制定整改清单，落实专人逐项整改", "plan_funds": 0,
            "plan_materials": "整改所需设备和材料", "plan_organization": "企业安全生产管理机构，主要负责人牵头",
            "plan_safety": "整改期间设置警戒，落实应急预案", "shutdown": "partial"}
    enterprises = [e for e in county_enterprises if e.status == Enterprise.Status.OPERATING]
    made = []
    for i in range(count):
        e = enterprises[i % len(enterprises)] if i % 9 else users["enterprise"].enterprise
        family = _family(e)
        title, code = rng.choice(TITLES[family])
        major = code is not None and rng.random() < 0.6
        final = FINAL[i % len(FINAL)]
        verifier = unit2 if family in ("highway", "construction") else (unit if family in ("road", "urban", "water")
                                                                       else safety)
        reporter = users["enterprise"] if e == users["enterprise"].enterprise else verifier
        discovered = today - datetime.timedelta(days=rng.randint(20, 1000))
        h = services.report_hazard(reporter, {
            "discovered_on": discovered,
            "title": title, "description": f"{e.name}：{title}，现场检查发现。", "level": "major" if major else "general",
            "criterion": crit.get(code) if major else None, "enterprise": e, "sector": e.sectors.first(),
            "source": rng.choice(["supervision", "enforcement", "self_report", "tip_off"]),
            "latitude": e.latitude, "longitude": e.longitude, "address": e.address,
        }, [demo_photo(rng, "整改前")])
        deadline = discovered + datetime.timedelta(days=rng.choice([15, 30, 60]))
        if final != State.REPORTED:
            services.verify(verifier, h.pk, None, level=h.level, deadline=today + datetime.timedelta(days=30),
                            supervising_unit=verifier.unit)
        if major and final != State.REPORTED and final != State.PENDING_CONFIRMATION:
            services.confirm(safety, h.pk, None, "同意认定")
            if final != State.CONFIRMED:
                services.start_rectifying(safety, h.pk, None, plan={
                    **plan, "plan_funds": rng.choice([1.5, 3, 8, 12.5]), "plan_deadline": today})
        if final in (State.AWAITING_ACCEPTANCE, State.CLOSED):
            services.submit_for_acceptance(verifier, h.pk, None, [demo_photo(rng, "整改后")], "已按要求完成整改")
        if final == State.CLOSED:
            if major and rng.random() < 0.5:
                services.cosign(expert, h.pk, "整改措施落实到位，同意验收")
            services.accept(verifier, h.pk, None, "现场复查合格")
            services.close(verifier, h.pk, None, "同意销号")
            closed = min(today - datetime.timedelta(days=1), discovered + datetime.timedelta(days=rng.randint(5, 90)))
            _backdate(h, discovered, deadline, closed)
        else:
            # Some open hazards are overdue; the rest still have time.
            open_deadline = deadline if rng.random() < 0.4 else today + datetime.timedelta(days=rng.randint(3, 45))
            _backdate(h, discovered, open_deadline if final != State.REPORTED else None)
        made.append(Hazard.objects.get(pk=h.pk))
    listed = [h for h in made if h.is_major and h.state in (State.RECTIFYING, State.CONFIRMED)][:2]
    for n, h in enumerate(listed, start=1):
        services.open_supervision(safety, h.pk, level="county", doc_number=f"乌交督〔{today.year}〕{n}号",
                                  issuing_unit="乌审旗交通运输局", signatory="呼日亚图",
                                  planned_date=today + datetime.timedelta(days=30),
                                  requirements="按“五到位”要求限期整改，完成后申请现场复查。")
    from hazards import tally

    tally.rebuild()  # _backdate wrote dates past the services
    return made
