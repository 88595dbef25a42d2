"""三年行动评估数据包 (per plan), as one .xlsx with a sheet per theme:
任务完成情况 (every task: lead units, deadline, status), 目标 (the plan's targets and the
coverage board), 隐患 (found / closed per year of the plan, 重大 and 一般), 动态清零 (the 重大
stock open when the plan began, how much of it is cleared, and the increment since)."""

import datetime

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from core import stats
from core.excel import new_workbook, workbook_bytes, write_table
from hazards import metrics
from hazards.models import Hazard, State
from plans.models import ProgressReport, Task
from safety import coverage


def latest_assessments(task):
    """The task's current 自查自评 and 现场评估 (the latest of each), from its prefetched assessments."""
    own = onsite = None
    for a in task.assessments.all():  # newest first
        if a.kind == "self" and own is None:
            own = a
        elif a.kind == "onsite" and onsite is None:
            onsite = a
    return own, onsite


def gap(own, onsite):
    """What the evaluation found between the unit's word and the 专班's: the score difference, or why
    there is none yet."""
    if own is None:
        return "未自评"
    if onsite is None:
        return "未现场评估"
    words = [] if onsite.verified else ["自评不属实"]
    if own.score != onsite.score:
        words.append(f"评估较自评{'低' if onsite.score < own.score else '高'} {abs(own.score - onsite.score)} 分")
    return "；".join(words) or "一致"


def pack(user, plan, today=None):
    today = today or timezone.localdate()
    start = plan.period_start or datetime.date(today.year, 1, 1)
    wb = new_workbook("任务完成情况")
    tasks = (Task.objects.for_user(user).filter(plan=plan).prefetch_related("lead_units", "assessments__unit")
             .annotate(has_progress=Exists(ProgressReport.objects.filter(task=OuterRef("pk"))))
             .order_by("order", "id"))
    rows, counts, by_unit = [], {}, {}
    for t in tasks:
        status = t.status(today, t.has_progress)
        counts[status.label] = counts.get(status.label, 0) + 1
        own, onsite = latest_assessments(t)
        rows.append([t.number, t.title, "、".join(u.name for u in t.lead_units.all()), t.deadline or t.deadline_text
                     or t.recurrence_text, status.label,
                     timezone.localtime(t.completed_at).date() if t.completed_at else None,
                     own.get_completion_display() if own else "未自评", own.score if own else None,
                     ("属实" if onsite.verified else "不属实") if onsite else "未评估",
                     onsite.get_completion_display() if onsite else None, onsite.score if onsite else None,
                     gap(own, onsite)])
        for unit in t.lead_units.all():
            line = by_unit.setdefault(unit.name, {"tasks": 0, "self": [], "onsite": [], "false": 0})
            line["tasks"] += 1
            if own:
                line["self"].append(own.score)
            if onsite:
                line["onsite"].append(onsite.score)
                line["false"] += not onsite.verified
    write_table(wb.active, ["序号", "任务", "牵头单位", "时限", "状态", "完成日期", "自评完成情况", "自评得分",
                            "现场核验", "评估完成情况", "评估得分", "差距"], rows,
                widths={"任务": 50, "牵头单位": 30, "差距": 30})
    ws = wb.active
    ws.append([])
    for label, n in counts.items():
        ws.append(["", f"{label}：{n} 项"])

    def mean(values):
        return round(sum(values) / len(values), 1) if values else None

    write_table(wb.create_sheet("按单位"), ["牵头单位", "牵头任务", "已自评", "自评均分", "已现场评估", "评估均分",
                                            "自评不属实"],
                [[name, v["tasks"], len(v["self"]), mean(v["self"]), len(v["onsite"]), mean(v["onsite"]), v["false"]]
                 for name, v in sorted(by_unit.items())], widths={"牵头单位": 30})

    targets = wb.create_sheet("目标")
    target_rows = [[t.text, t.value, t.unit] for t in plan.targets.all()]
    target_rows += [[f"全覆盖：{r.target.name}", r.percent, "%"] for r in coverage.board(user)]
    write_table(targets, ["目标", "当前值", "单位"], target_rows, widths={"目标": 60})

    hazards = Hazard.objects.for_user(user).exclude(state=State.REJECTED)
    found = {(int(r["y"]), r["level"]): r["n"] for r in hazards.filter(discovered_on__gte=start)
             .annotate(y=stats.year_of("discovered_on")).values("y", "level").annotate(n=Count("id"))}
    closed = {(int(r["y"]), r["level"]): r["n"] for r in hazards.filter(stats.on_or_after("closed_at", start))
              .annotate(y=stats.year_of("closed_at")).values("y", "level").annotate(n=Count("id"))}
    years = range(start.year, today.year + 1)
    write_table(wb.create_sheet("隐患"), ["年度", "发现重大", "销号重大", "发现一般", "销号一般"],
                [[y, found.get((y, "major"), 0), closed.get((y, "major"), 0), found.get((y, "general"), 0),
                  closed.get((y, "general"), 0)] for y in years])

    rows_, _ = metrics.clearance(Hazard.objects.for_user(user), start, today)
    c = rows_[0]
    write_table(wb.create_sheet("动态清零"), ["项目", "数量"], [
        [f"{start:%Y年%-m月%-d日}前发现、仍未销号的重大隐患（存量）", c["stock"]],
        ["其中已销号", c["stock_cleared"]], ["其中仍未销号", c["stock_open"]],
        [f"{start:%Y年%-m月%-d日}以来新发现的重大隐患（增量）", c["increment"]], ["增量中仍未销号", c["increment_open"]],
        ["存量是否清零", "是" if c["stock_zero"] else "否"],
        ["动态清零（存量全部销号且增量无未销号）", c["state"]]], widths={"项目": 50})
    return workbook_bytes(wb)
