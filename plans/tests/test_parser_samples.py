"""parse_plan on the three sample plans: schema-valid JSON with the tasks,
deadlines, recurrences, phases, reporting duties and groups each one holds."""

import json
from io import StringIO

import jsonschema
import pytest
from django.core.management import call_command

from core.testing import PLAN_SCHEMA, SAMPLES


def parse(name):
    out = StringIO()
    call_command("parse_plan", str(SAMPLES / name), stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def schema():
    return json.loads(PLAN_SCHEMA.read_text())


@pytest.fixture(scope="module")
def qinshui():
    return parse("qinshui-2024-plan.txt")


@pytest.fixture(scope="module")
def wushen():
    return parse("wushen-2024-plan.txt")


@pytest.fixture(scope="module")
def yunxi():
    return parse("yunxi-2023-plan.txt")


def taken(plan):
    """The tasks the review screen offers ticked; the others are shown unticked, never hidden."""
    return [t for t in plan["tasks"] if t["take"]]


def task(plan, number, path_part=None):
    hits = [t for t in taken(plan) if t["number"] == number and (path_part is None or
                                                                   any(path_part in p for p in t["path"]))]
    assert len(hits) == 1, (number, path_part, [t["path"] for t in hits])
    return hits[0]


@pytest.mark.parametrize("name", ["qinshui-2024-plan.txt", "wushen-2024-plan.txt", "yunxi-2023-plan.txt"])
def test_output_is_valid_against_the_schema(schema, name):
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(parse(name))


def test_qinshui_metadata_and_tasks(qinshui):
    assert qinshui["title"] == "沁水县交通运输安全生产治本攻坚三年行动方案（2024—2026年）"
    assert (qinshui["issuer"], qinshui["doc_number"]) == ("沁水县交通运输局", "沁交发〔2024〕14号")
    assert qinshui["period"] == {"start": "2024-01-01", "end": "2026-12-31"}
    assert [t["number"] for t in taken(qinshui)] == [str(n) for n in range(1, 30)] + ["（一）"]
    # 保障措施 (一) commits the task forces to a monthly study: taken, with less confidence; its
    # other items only exhort (or only ask for reports, which become reporting duties): shown unticked.
    guarantee = [t for t in qinshui["tasks"] if t["path"] == ["保障措施"]]
    assert [(t["number"], t["take"], t["confidence"]) for t in guarantee] == [
        ("（一）", True, "medium"), ("（二）", False, "low"), ("（三）", False, "low"), ("（四）", False, "low"),
        ("（五）", False, "low")]
    assert all(t["source"] == "body" and t["why"] for t in qinshui["tasks"])
    assert not any("阶段" in t["title"] for t in qinshui["tasks"])  # 方法步骤's phases are phases
    t1 = task(qinshui, "1")
    assert t1["path"] == ["主要任务", "开展领导干部安全生产履职能力建设行动"]
    assert [(r["every"], r["times"]) for r in t1["recurrences"]] == [("month", 1), ("half_year", 1)]
    t5 = task(qinshui, "5")
    assert t5["title"] == "强化重大事故隐患排查整治"
    assert [(r["every"], r["times"]) for r in t5["recurrences"]] == [("quarter", 1), ("month", 1)]
    assert task(qinshui, "10")["deadlines"] == [{"text": "2025年底前", "date": "2025-12-31"}]
    assert task(qinshui, "13")["targets"][0]["value"] == 100
    assert [(r["every"], r["times"]) for r in task(qinshui, "15")["recurrences"]] == [("year", 1), ("half_year", 1)]
    assert task(qinshui, "17")["deadlines"][0]["date"] == "2024-06-30"
    assert task(qinshui, "18")["title"].startswith("督促生产经营单位")  # not the date clause
    assert task(qinshui, "20")["deadlines"][0]["date"] == "2024-12-31"


def test_qinshui_phases(qinshui):
    assert qinshui["phases"] == [
        {"name": "动员部署阶段", "start": "2024-01-01", "end": "2024-02-29"},
        {"name": "集中攻坚阶段", "start": "2024-03-01", "end": "2025-12-31"},
        {"name": "治本提升阶段", "start": "2026-01-01", "end": "2026-09-30"},
        {"name": "总结评估阶段", "start": "2026-10-01", "end": "2026-12-31"},
    ]


def test_qinshui_reporting_duties(qinshui):
    by = {(r["every"], r["due_day"], r["date"]): r for r in qinshui["reporting"]}
    assert by[("year", "12-03", None)]["to"] == "县安委办、市交通运输局"
    assert "年度工作总结" in by[("year", "12-03", None)]["text"]
    assert "评估报告" in by[(None, None, "2026-10-20")]["text"]


def test_qinshui_task_forces(qinshui):
    names = [g["name"] for g in qinshui["groups"]]
    assert names[:5] == ["道路（水上）运输工作专班", "公路运营工作专班", "公路工程建设工作专班", "城市客运工作专班",
                         "铁路沿线工作专班"]
    eng = qinshui["groups"][2]
    assert eng["leader"] == "张海潮"
    assert [m["name"] for m in eng["members"] if m["role"] == "副组长"] == ["丁沁斌", "张广林", "张子良"]
    units = [m["name"] for m in eng["members"] if m["role"] == "成员"]
    assert units == ["县交通运输综合行政执法队", "工程一股", "工程二股", "工程三股", "技术股", "规划股"]
    assert any(g["name"].endswith("专项领导组") and g["leader"] == "分管副县长" for g in qinshui["groups"])


def test_wushen_tasks_follow_the_document_numbering(wushen):
    assert wushen["title"] == "乌审旗交通运输系统安全生产治本攻坚三年行动方案(2024-2026年)"
    assert wushen["issued_on"] == "2024-03-18" and wushen["doc_number"] is None
    assert len(taken(wushen)) == 18
    # (四)'s items continue the numbering of (三): 7. and 8.
    seven = task(wushen, "7")
    assert seven["path"] == ["主要任务", "开展安全科技支撑和基础治理行动"] and seven["title"] == "提升安全生产智能化管控能力"
    # A (一) paragraph with no numbered items is itself a task under 主要任务, but not under 保障措施.
    assert task(wushen, "（二）")["deadlines"] == [{"text": "2024年底前", "date": "2024-12-31"}]
    assert not any("保障措施" in t["path"] for t in taken(wushen))
    assert len([t for t in wushen["tasks"] if "保障措施" in t["path"] and t["confidence"] == "low"]) == 5
    drills = task(wushen, "3", "从业人员安全素质能力提升行动")
    assert drills["recurrences"][0]["every"] == "half_year" and drills["recurrences"][0]["times"] == 1


def test_wushen_leading_group_has_every_member(wushen):
    (group,) = wushen["groups"]
    assert group["name"] == "乌审旗交通运输系统安全生产治本攻坚三年行动领导小组"
    assert group["leader"] == "呼日亚图"
    people = [(m["role"], m["name"]) for m in group["members"]]
    assert len([p for p in people if p[0] == "副组长"]) == 7 and len([p for p in people if p[0] == "成员"]) == 10
    assert ("副组长", "高兵") in people  # "高  兵" with inner spaces joined
    assert ("办公室主任", "刘志刚") in people
    assert group["members"][0]["position"] == "旗交通运输局党组书记、局长"
    report = wushen["reporting"][0]
    assert report["to"] == "旗局安监和运输服务股" and report["every"] is None


def test_yunxi_notes_split_into_lead_and_other_units(yunxi):
    assert yunxi["doc_number"] == "岳云交发〔2023〕15号"
    t = task(yunxi, "2", "全面提升安全监管效能")
    assert t["lead_units"] == ["局安全监督股"]
    assert t["units"] == ["交通质量和安全监督站", "区道路运输服务中心", "交通运输综合行政执法大队"]
    first = task(yunxi, "（一）")
    assert first["lead_units"] == ["局机关党支部", "安全监督股"] and first["units"] == ["局属各单位"]
    nature = task(yunxi, "6", "深化交通运输专项整治")
    assert "区公路建设养护中心" in nature["units"] and "交通运输综合行政执法大队" in nature["units"]
    duty = task(yunxi, "2", "压紧压实责任")
    assert duty["lead_units"] == ["局安全监督股"] and "法定代表人" not in duty["units"]


def test_yunxi_deadlines_come_from_the_measures_table(yunxi):
    first = task(yunxi, "1", "全面提升安全监管效能")
    assert {"text": "5月至8月", "date": "2023-08-31"} in first["deadlines"]
    assert any(d["date"] == "2023-12-31" for d in task(yunxi, "1", "提升本质安全水平")["deadlines"])
    assert task(yunxi, "1", "全面提升安全监管效能")["recurrences"][0] == {
        "text": "全年完成至少一轮次", "every": "year", "times": 1, "due_day": None}


def test_yunxi_monthly_reports(yunxi):
    monthly = {r["due_day"]: r for r in yunxi["reporting"] if r["every"] == "month" and r["due_day"]}
    assert set(monthly) == {"16", "23"}
    assert monthly["23"]["to"] == "局安全监督股" and "调度统计表" in monthly["23"]["text"]
    assert len(taken(yunxi)) == 18
    # Every row of attachment 1's 责任措施清单 restates a body task: no row became a second task.
    assert not any(t["source"] == "attachment" for t in yunxi["tasks"])
    assert "附件表格有对应行" in task(yunxi, "1", "全面提升安全监管效能")["why"]
