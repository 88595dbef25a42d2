"""Plan documents the parser had never been tuned on, in the shapes other counties use
(testdata/plans, built by build_documents.py): the counts are exact.

- liuhe-2025 (.docx and the same document as .pdf): a notice wrapping the plan, inline
  一是…二是… items, phases as a table, a 保障措施 section whose items carry owners and dates,
  five groups, attachment 1 a task table with merged cells and 牵头/配合 columns (one row
  restates a body task), attachment 2 a numbered list.
- shimen-2025.txt: a title broken over two lines and no year but the closing date, labelled
  owners (责任单位：…；配合单位：…), phases as 第N阶段 lines, a column-aligned text table, the
  member list in an attachment with names separated by single spaces.
"""

import json
import shutil
import subprocess
from io import StringIO

import jsonschema
import pytest
from django.core.management import call_command

from core.testing import PLAN_DOCUMENTS, PLAN_SCHEMA
from plans.parsing import UnreadableDocument, parse_file


def taken(plan):
    return [t for t in plan["tasks"] if t["take"]]


def by_title(plan, title):
    (hit,) = [t for t in plan["tasks"] if t["title"] == title]
    return hit


@pytest.fixture(scope="module", params=["liuhe-2025.docx", "liuhe-2025.pdf"])
def liuhe(request):
    return parse_file(PLAN_DOCUMENTS / request.param)


@pytest.fixture(scope="module")
def shimen():
    return parse_file(PLAN_DOCUMENTS / "shimen-2025.txt")


def test_liuhe_title_block(liuhe):
    assert liuhe["title"] == "柳河县交通运输系统安全生产治本攻坚2025年度工作方案"  # not the notice line
    assert (liuhe["issuer"], liuhe["issued_on"], liuhe["doc_number"]) == ("柳河县交通运输局", "2025-02-20", None)


def test_liuhe_every_task_from_body_and_attachments(liuhe):
    tasks = taken(liuhe)
    assert len(tasks) == 17
    assert [t["number"] for t in tasks if t["source"] == "body"] == ["一是", "二是", "三是", "（二）", "（一）", "（二）",
                                                                      "（三）"]
    # Attachment 1's table rows, then attachment 2's numbered list: in document order.
    attached = [t for t in tasks if t["source"] == "attachment"]
    assert [t["number"] for t in attached] == ["1", "2", "3", "4", "5", "6", "8", "1", "2", "3"]
    # Row 7 restates body task (二): it is that task's measure, not a second task.
    two = by_title(liuhe, "开展重大事故隐患排查整治")
    assert two["source"] == "body" and "一单四制" in two["measures"] and "附件表格有对应行" in two["why"]
    # The one item that only asks for reports is shown, unticked, with its reason.
    (left,) = [t for t in liuhe["tasks"] if not t["take"]]
    assert left["title"] == "加强信息报送" and left["confidence"] == "low" and "保障" in left["why"]


def test_liuhe_attachment_table_rows(liuhe):
    row = by_title(liuhe, "整治农村客运安全隐患")
    assert row["path"] == ["柳河县交通运输系统重大事故隐患排查整治任务清单", "道路运输"]  # merged 重点领域 cell
    assert row["lead_units"] == ["运输管理股"]
    assert row["units"] == ["交通运输综合行政执法大队", "各乡镇交管站"]
    assert row["deadlines"] == [{"text": "9月底前", "date": "2025-09-30"}]
    assert row["attachment"].startswith("附件1") and row["confidence"] == "high"
    overload = by_title(liuhe, "开展超限超载治理")
    assert "严厉打击超限超载违法行为" in overload["text"]  # a cell broken over a page stays one measure
    assert by_title(liuhe, "整治施工现场重大隐患")["deadlines"] == [{"text": "全年", "date": "2025-12-31"}]
    assert by_title(liuhe, "开展渡口渡船专项检查")["recurrences"][0]["every"] == "quarter"
    database = by_title(liuhe, "建立重大事故隐患数据库")
    assert database["path"][-1] == "综合治理" and database["deadlines"][0]["date"] == "2026-01-10"  # 次年


def test_liuhe_owners_and_dates_in_the_body(liuhe):
    assert by_title(liuhe, "制定领导班子安全生产职责清单")["lead_units"] == ["安全监督股"]
    assessment = by_title(liuhe, "强化考核问责")  # 由办公室牵头，安全监督股配合，次年1月10日前
    assert (assessment["lead_units"], assessment["units"]) == (["办公室"], ["安全监督股"])
    assert assessment["deadlines"][0]["date"] == "2026-01-10" and assessment["confidence"] == "medium"
    assert by_title(liuhe, "加强经费保障")["lead_units"] == ["计划财务股"]  # X负责落实…
    drill = by_title(liuhe, "每半年至少开展一次应急演练")
    assert drill["lead_units"] == ["安全监督股"] and drill["recurrences"][0]["every"] == "half_year"


def test_liuhe_phases_from_a_table(liuhe):
    assert liuhe["phases"] == [
        {"name": "动员部署阶段", "start": "2025-02-20", "end": "2025-03-31"},
        {"name": "排查整治阶段", "start": "2025-04-01", "end": "2025-10-31"},
        {"name": "巩固提升阶段", "start": "2025-11-01", "end": "2025-12-15"},
        {"name": "总结评估阶段", "start": "2025-12-16", "end": "2025-12-31"},
    ]


def test_liuhe_five_groups_by_their_own_headings(liuhe):
    assert [(g["name"], g["leader"]) for g in liuhe["groups"]] == [
        ("领导小组", "刘志强"), ("工作专班", "陈明"), ("督导检查组", "孙建华"), ("专家技术组", "郑华"),
        ("领导小组办公室", None)]
    lead = liuhe["groups"][0]["members"]
    assert [(m["role"], m["name"], m["position"]) for m in lead] == [
        ("组长", "刘志强", "局长"), ("副组长", "陈明", "副局长"), ("成员", "王刚", None), ("成员", "李娜", None),
        ("成员", "赵磊", None)]
    assert [m["name"] for m in liuhe["groups"][1]["members"] if m["role"] == "成员"] == [
        "安全监督股", "运输管理股", "交通运输综合行政执法大队"]
    assert liuhe["groups"][4]["members"] == [{"name": "王刚", "role": "办公室主任", "position": "安全监督股股长"}]
    assert [(r["every"], r["due_day"], r["to"]) for r in liuhe["reporting"]] == [("month", "20", "局安全监督股")]


def test_shimen_title_year_and_tasks(shimen):
    assert shimen["title"] == "石门镇交通运输安全生产专项整治工作方案"  # two lines, not the first paragraph
    assert (shimen["issuer"], shimen["issued_on"]) == ("石门镇人民政府", "2025-02-28")
    tasks = taken(shimen)
    assert len(tasks) == 10
    assert [t["title"] for t in tasks if t["path"] == ["保障措施"]] == ["落实工作经费", "强化督查考核", "加强宣传引导"]
    first = tasks[0]
    assert first["title"] == "开展农村道路隐患排查" and first["path"] == ["整治内容", "道路交通安全整治"]
    assert (first["lead_units"], first["units"]) == (["镇交管站"], ["镇派出所", "各村委会"])
    assert first["deadlines"] == [{"text": "6月底前", "date": "2025-06-30"}]  # the year from the closing date
    assert tasks[1]["lead_units"] == ["镇交管站"]  # 由镇交管站负责
    assert by_title(shimen, "强化督查考核")["deadlines"][0]["date"] == "2026-01-10"
    rows = [t for t in tasks if t["source"] == "attachment"]
    assert [(t["title"], t["lead_units"], t["units"], t["deadlines"][0]["date"]) for t in rows] == [
        ("排查农村公路临水临崖路段", ["镇交管站"], [], "2025-12-31"),
        ("整治校车和接送学生车辆", ["镇交管站"], ["镇中心学校"], "2025-08-31"),
        ("加强节假日客流高峰疏导", ["镇派出所"], [], "2025-12-31"),
    ]


def test_shimen_phases_and_group(shimen):
    assert shimen["phases"] == [
        {"name": "宣传发动阶段", "start": "2025-03-01", "end": "2025-03-15"},
        {"name": "集中整治阶段", "start": "2025-03-16", "end": "2025-10-31"},
        {"name": "总结提升阶段", "start": "2025-11-01", "end": "2025-11-30"},
    ]
    (group,) = shimen["groups"]
    assert group["name"] == "石门镇交通运输安全生产专项整治领导小组"
    assert [(m["role"], m["name"]) for m in group["members"]] == [
        ("组长", "李国华"), ("副组长", "张伟"), ("成员", "王芳"), ("成员", "刘洋"), ("成员", "陈静")]


@pytest.mark.parametrize("name", ["liuhe-2025.docx", "liuhe-2025.pdf", "shimen-2025.txt"])
def test_schema_and_table_format(name):
    out = StringIO()
    call_command("parse_plan", str(PLAN_DOCUMENTS / name), stdout=out)
    jsonschema.Draft202012Validator(json.loads(PLAN_SCHEMA.read_text())).validate(json.loads(out.getvalue()))
    table = StringIO()
    call_command("parse_plan", str(PLAN_DOCUMENTS / name), "--format", "table", stdout=table)
    lines = table.getvalue().splitlines()
    assert lines[0].startswith("方案名称：") and "项任务" in lines[2]
    assert sum(1 for line in lines if line.startswith(("是\t", "否\t"))) == len(json.loads(out.getvalue())["tasks"])


def test_a_scanned_pdf_is_refused(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 200), "white").save(path)
    with pytest.raises(UnreadableDocument, match="没有文字层"):
        parse_file(path)


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (make deps installs libreoffice-writer-nogui)")
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_formats_through_libreoffice(tmp_path, suffix):
    """A .doc (and the same bytes named .wps, as WPS Office saves them) reads like the .docx."""
    subprocess.run([OFFICE, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path),
                    str(PLAN_DOCUMENTS / "liuhe-2025.docx")], check=True, capture_output=True, timeout=180)
    path = tmp_path / "liuhe-2025.doc"
    if suffix == ".wps":
        path = path.rename(tmp_path / "liuhe-2025.wps")
    plan = parse_file(path)
    assert plan["title"] == "柳河县交通运输系统安全生产治本攻坚2025年度工作方案"
    assert len(taken(plan)) == 17 and len(plan["groups"]) == 5 and len(plan["phases"]) == 4


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (make deps installs libreoffice-writer-nogui)")
def test_a_file_libreoffice_cannot_read_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.doc"
    bad.write_bytes(b"\x00" * 64)
    with pytest.raises(UnreadableDocument, match="LibreOffice 无法转换该文件"):
        parse_file(bad)
