"""Documents written for these tests in the style of county plans — with the noise
of converted files — as .txt, .docx and .pdf, so the parser is checked on text it
has never seen and through every reader."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.parsing import UnreadableDocument, parse_file, parse_text

PLAN = """桃源县交通运输局文件
桃交安〔2025〕7号
关于印发《桃源县交通运输领域安全生产
专项整治实施方案（2025-2026年）》的通知
局属各单位：
现将方案印发给你们，请认真贯彻落实。
桃源县交通运输领域安全生产专项整治实施方案（2025-2026年）
为巩固整治成果，制定本方案。
一、工作目标
到2026年底，重大事故隐患动态清零，超限运输率控制在0.5%以内。
二、重点任务
（一）强化源头 管控
1．严把准入关。严禁为不符合标准的车辆办理道路运输证。（运输股牵头，执法大队、运管所按职责分工落实）
2．开展隐患排查。[bookmark: _Toc123]企业主要负责人每季度至少带队开展2次检查，2025年9月底前完成首轮排查，参训率达到95%。（执法大队负责）
（二）提升应急能力
3．加强应急演练。主要做法：一是企业每半年至少组织一次演练；二是客运站每月15日前报送演练记录；三是全年开展综合演练不少于4次。
（三）强化工程安全
4．推进平安工地。施工单位要每月至少开展1次自查，
2025年12月20日前完成达标
验收。（工程股牵头，质监站配合）
11．压实监理责任。监理单位按月报告。
三、实施步骤
（一）部署阶段（即日起至2025年3月）。制定方案。
（二）整治阶段（2025年4月至2026年10月）。全面整治。
（三）总结阶段（2026年11月至12月）。总结评估。
四、保障措施
（一）加强督导。各单位于每月20日前向局安全股报送工作进展，2026年11月30日前报送总结报告。
附件：
桃源县安全生产专项整治工作领导小组
组    长：周  平      县交通运输局局长
副组长：吴建国      县交通运输局副局长
        郑  红      县交通运输局副局长
成    员：王小明      县交通运输局安全股股长
领导小组办公室设在局安全股，办公室主任由王小明担任。
"""


def check(plan):
    assert plan["title"] == "桃源县交通运输领域安全生产专项整治实施方案（2025-2026年）"
    assert plan["doc_number"] == "桃交安〔2025〕7号" and plan["issuer"] == "桃源县交通运输局"
    numbers = [t["number"] for t in plan["tasks"] if t["take"]]
    # 四、保障措施's only item asks for reports (reporting duties below): shown, not ticked.
    assert [(t["number"], t["confidence"]) for t in plan["tasks"] if not t["take"]] == [("（一）", "low")]
    # 0.5% is not item 5; 11． (full-width dot, skipped numbering) stays a task; 一是… splits item 3.
    assert numbers == ["1", "2", "一是", "二是", "三是", "4", "11"], numbers
    by = {t["number"]: t for t in plan["tasks"]}
    assert by["1"]["title"] == "严把准入关" and by["1"]["path"] == ["重点任务", "强化源头管控"]
    assert by["1"]["lead_units"] == ["运输股"] and by["1"]["units"] == ["执法大队", "运管所"]
    assert by["2"]["lead_units"] == ["执法大队"] and "bookmark" not in by["2"]["text"]  # X负责: X leads
    assert by["2"]["recurrences"][0] | {"text": None} == {"text": None, "every": "quarter", "times": 2, "due_day": None}
    assert by["2"]["deadlines"] == [{"text": "2025年9月底前", "date": "2025-09-30"}]
    assert by["2"]["targets"][0]["value"] == 95
    assert by["一是"]["recurrences"][0]["every"] == "half_year"
    assert by["二是"]["recurrences"][0]["due_day"] == "15"
    assert (by["三是"]["recurrences"][0]["every"], by["三是"]["recurrences"][0]["times"]) == ("year", 4)
    assert by["4"]["deadlines"][0]["date"] == "2025-12-20"  # a sentence broken over three lines
    assert by["4"]["lead_units"] == ["工程股"] and "质监站" in by["4"]["units"]
    assert plan["phases"] == [
        {"name": "部署阶段", "start": "2025-01-01", "end": "2025-03-31"},
        {"name": "整治阶段", "start": "2025-04-01", "end": "2026-10-31"},
        {"name": "总结阶段", "start": "2026-11-01", "end": "2026-12-31"},
    ]
    duties = {(r["every"], r["due_day"], r["date"]) for r in plan["reporting"]}
    assert ("month", "20", None) in duties and (None, None, "2026-11-30") in duties
    (group,) = plan["groups"]
    assert group["name"] == "桃源县安全生产专项整治工作领导小组" and group["leader"] == "周平"
    assert [m["name"] for m in group["members"]] == ["周平", "吴建国", "郑红", "王小明", "王小明"]


def test_a_plain_text_plan():
    check(parse_text(PLAN))


def test_a_word_document(tmp_path):
    from docx import Document

    doc = Document()
    for line in PLAN.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "方案.docx"
    doc.save(path)
    check(parse_file(path))


def test_a_pdf(tmp_path):
    from weasyprint import HTML

    body = "".join(f"<p>{line.replace(' ', '&nbsp;')}</p>" for line in PLAN.splitlines())
    html = f"<html><body style='font-family: Noto Sans CJK SC; font-size: 10pt'>{body}</body></html>"
    path = tmp_path / "方案.pdf"
    HTML(string=html).write_pdf(path)
    check(parse_file(path))


def test_a_word_table_is_read_in_place(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("二、重点任务")
    doc.add_paragraph("1．开展隐患排查。全面排查。")
    doc.add_paragraph("附件1")
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["任务名称", "责任单位", "具体措施", "完成时限"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["开展隐患排查", "安全股", "全面排查重大事故隐患并建立清单", "6月底"]):
        cell.text = text
    path = tmp_path / "表格.docx"
    doc.save(path)
    plan = parse_file(path)
    assert plan["tasks"][0]["deadlines"][0]["text"] == "6月底"


def test_parse_plan_command_prints_json(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="gb18030")  # county offices still save GBK text
    out = StringIO()
    call_command("parse_plan", str(path), stdout=out)
    assert json.loads(out.getvalue())["doc_number"] == "桃交安〔2025〕7号"


def test_parse_plan_refuses_missing_and_unsupported_files(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("parse_plan", str(tmp_path / "none.docx"), stdout=StringIO())
    bad = tmp_path / "plan.xyz"
    bad.write_text("x")
    with pytest.raises(CommandError, match="不支持的文件类型"):
        call_command("parse_plan", str(bad), stdout=StringIO())


def test_a_broken_docx_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK not really a zip")
    with pytest.raises(UnreadableDocument, match="无法读取该 Word 文件"):
        parse_file(bad)
