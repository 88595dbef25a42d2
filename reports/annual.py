"""年度安全生产工作总结（初稿）: the year's figures, each one query over the user's scope,
filled into the standard outline (一、基本情况 二、主要做法和成效 三、存在的问题 四、下一步工作打算) as .docx.
The draft states figures; the office writes the narrative around them."""

import datetime
import io
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accidents.models import Accident
from enterprises.models import Enterprise
from inspections.models import EnforcementAction
from plans.models import Task
from risks.models import RiskPoint
from safety import coverage
from safety.models import Attendee, Drill, Training
from tipoffs.models import TipOff

from . import dispatch


def figures(user, year, today=None):
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    table = dispatch.compute(user, start, end)["total"]
    firms = Enterprise.objects.for_user(user).aggregate(
        operating=Count("id", filter=Q(status="operating")), key=Count("id", filter=Q(status="operating",
                                                                                      is_two_plus_one=True)))
    actions = EnforcementAction.objects.for_user(user).filter(decided_on__gte=start, decided_on__lte=end).aggregate(
        total=Count("id"), penalty=Count("id", filter=Q(kind__in=["penalty", "dual_penalty"])),
        suspension=Count("id", filter=Q(kind="suspension")), interview=Count("id", filter=Q(kind="interview")),
        fines=Sum("fine"), person_fines=Sum("person_fine"))
    tips = TipOff.objects.for_user(user).filter(submitted_at__date__gte=start, submitted_at__date__lte=end).aggregate(
        total=Count("id"), substantiated=Count("id", filter=Q(state="substantiated")),
        rewards=Sum("reward_amount"))
    accidents = Accident.objects.for_user(user).filter(occurred_at__date__gte=start, occurred_at__date__lte=end) \
        .aggregate(total=Count("id"), deaths=Sum("deaths"), injuries=Sum("serious_injuries"), loss=Sum("direct_loss"))
    trainings = Training.objects.for_user(user).filter(end_on__gte=start, end_on__lte=end)
    attended = Attendee.objects.filter(training__in=trainings).aggregate(
        total=Count("id"), passed=Count("id", filter=Q(passed=True)))
    risks = RiskPoint.objects.for_user(user).filter(active=True).aggregate(
        total=Count("id"), major=Count("id", filter=Q(level="major")), larger=Count("id", filter=Q(level="larger")))
    tasks = Task.objects.for_user(user).filter(plan__period_start__lte=end).aggregate(
        total=Count("id"), done=Count("id", filter=Q(completed_at__date__lte=end)),
        overdue=Count("id", filter=Q(completed_at__isnull=True, deadline__lt=end)))
    board = coverage.board(user)
    fines = (actions["fines"] or Decimal(0)) + (actions["person_fines"] or Decimal(0))
    return {
        "year": year, "start": start, "end": end, "dispatch": table, "firms": firms, "actions": actions,
        "fines_wan": (fines / 10000).quantize(Decimal("0.01")), "tips": tips, "accidents": accidents,
        "trainings": trainings.count(), "attended": attended, "drills": Drill.objects.for_user(user).filter(
            held_on__gte=start, held_on__lte=end).count(), "risks": risks, "tasks": tasks,
        "coverage": [(r.target.name, r.percent, r.reached) for r in board],
    }


def _pct(v):
    return "—" if v is None else f"{v}%"


def summary_docx(f, bureau, area):
    """The outline with the figures filled in, as .docx bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "仿宋", Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{bureau}{f['year']}年度安全生产工作总结（初稿）")
    run.bold, run.font.size = True, Pt(20)
    t, a, d = f["dispatch"], f["actions"], f["accidents"]

    def section(heading, *paragraphs):
        p = doc.add_paragraph()
        p.add_run(heading).bold = True
        for text in paragraphs:
            doc.add_paragraph(text).paragraph_format.first_line_indent = Pt(28)

    section(
        "一、基本情况",
        f"截至{f['end']:%Y年%-m月%-d日}，{area}共有在营交通运输生产经营单位{f['firms']['operating']}家，其中"
        f"“两客一危”企业{f['firms']['key']}家；登记在册安全风险点{f['risks']['total']}个，其中重大风险{f['risks']['major']}个、"
        f"较大风险{f['risks']['larger']}个。",
        f"全年组织督查组{t['teams']}个、督查人员{t['people']}人次，督查检查单位{t['units']}家；排查重大事故隐患{t['major']}项、"
        f"已整改{t['major_done']}项，整改率{_pct(t['major_rate'])}；排查其他隐患{t['general']}项、已整改{t['general_done']}项，"
        f"整改率{_pct(t['general_rate'])}。",
        f"全年发生生产安全事故{d['total']}起，死亡{d['deaths'] or 0}人，重伤{d['injuries'] or 0}人，直接经济损失"
        f"{d['loss'] or 0}万元。",
    )
    section(
        "二、主要做法和成效",
        f"（一）严格监管执法。全年实施执法措施{a['total']}项，其中行政处罚{a['penalty']}起、停产停业整顿{a['suspension']}起、"
        f"约谈{a['interview']}次，罚款合计{f['fines_wan']}万元；责令限期整改{t['order']}家。",
        f"（二）畅通群众监督。受理群众举报{f['tips']['total']}件，查实{f['tips']['substantiated']}件，发放举报奖励"
        f"{f['tips']['rewards'] or 0}元。",
        f"（三）提升安全素质。组织培训{f['trainings']}期、参训{f['attended']['total']}人次、考核合格{f['attended']['passed']}人次；"
        f"企业开展应急演练{f['drills']}次。",
        "（四）推进全覆盖目标。" + "；".join(f"{name}完成{_pct(p)}{'（已达标）' if ok else ''}"
                                    for name, p, ok in f["coverage"]) + "。" if f["coverage"] else "（四）推进全覆盖目标。",
        f"（五）落实工作台账。方案任务{f['tasks']['total']}项，已完成{f['tasks']['done']}项，逾期未完成{f['tasks']['overdue']}项。",
    )
    section("三、存在的问题", "（根据上述数据和日常检查情况填写：隐患整改不及时、重点领域风险管控薄弱、基层监管力量不足等。）")
    section("四、下一步工作打算", "（围绕治本攻坚三年行动目标，结合本年存在的问题填写。）")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
