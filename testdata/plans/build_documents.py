"""Build the plan documents the parser tests read (liuhe-2025.docx and liuhe-2025.pdf).

They are written for the tests in the shape county bureaus use — a notice wrapping the plan,
inline 一是…二是… items, phases as a table, five groups, and an attachment whose task table
has merged cells and separate 牵头/配合 columns — and committed, so the tests read only
files in the repository. Run it again (LibreOffice makes the PDF) after changing the text:

    .venv/bin/python testdata/plans/build_documents.py
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

BODY = """柳河县交通运输局
关于印发《柳河县交通运输系统安全生产治本攻坚2025年度工作方案》的通知
局机关各股室、局属各单位：
现将《柳河县交通运输系统安全生产治本攻坚2025年度工作方案》印发给你们，请结合实际认真抓好落实。
柳河县交通运输局
2025年2月20日
柳河县交通运输系统安全生产治本攻坚2025年度工作方案
为深入推进安全生产治本攻坚三年行动，结合我县交通运输实际，制定本方案。
一、总体要求
以习近平新时代中国特色社会主义思想为指导，坚持人民至上、生命至上，到12月底，重大事故隐患动态清零。
二、重点任务
（一）压实安全生产责任。一是制定领导班子安全生产职责清单，3月底前完成（安全监督股牵头）；二是组织开展安全生产履职检查，每季度至少开展1次；三是召开安全生产形势分析会，每月至少1次。
（二）开展重大事故隐患排查整治。全面排查道路运输、公路工程、水上交通领域重大事故隐患，建立隐患清单，6月至12月集中整治。具体任务见附件1。
三、实施步骤
"""

PHASES = [("阶段", "时间", "主要工作"),
          ("动员部署", "2月20日至3月31日", "制定方案，动员部署"),
          ("排查整治", "4月1日至10月31日", "全面排查，集中整治"),
          ("巩固提升", "11月1日至12月15日", "查漏补缺，巩固成果"),
          ("总结评估", "12月16日至12月31日", "总结评估，形成报告")]

MIDDLE = """四、保障措施
（一）加强督导检查。局安全监督股每季度末组织一次督导检查，12月底前形成督导报告。
（二）强化考核问责。将任务完成情况纳入年度考核，由办公室牵头，安全监督股配合，次年1月10日前完成考核。
（三）加强经费保障。计划财务股负责落实安全生产专项经费，6月底前拨付到位。
（四）加强信息报送。各单位于每月20日前向局安全监督股报送工作进展。
五、组织机构
（一）领导小组
组长：刘志强    局长
副组长：陈  明    副局长
成员：王刚 李娜 赵磊
（二）工作专班
组长：陈  明    副局长
成员：安全监督股、运输管理股、交通运输综合行政执法大队
（三）督导检查组
组长：孙建华    副局长
成员：周涛、吴敏
（四）专家技术组
组长：郑华    高级工程师
成员：冯军、褚亮
（五）领导小组办公室
办公室主任：王刚    安全监督股股长
附件：1．柳河县交通运输系统重大事故隐患排查整治任务清单
2．柳河县交通运输系统安全培训和应急演练工作安排
附件1
柳河县交通运输系统重大事故隐患排查整治任务清单
"""

TASK_HEADER = ("序号", "重点领域", "工作任务", "具体措施", "牵头单位", "配合单位", "完成时限")
# None in 重点领域 continues the merged cell above; a 1-tuple spans the whole row.
TASK_ROWS = [
    ("1", "道路运输", "开展“两客一危”企业隐患排查", "对全县“两客一危”企业逐户排查，建立隐患台账", "运输管理股", "交通运输综合行政执法大队", "6月底前"),
    ("2", None, "整治农村客运安全隐患", "排查农村客运线路途经临水临崖路段，落实安全防护措施", "运输管理股", "交通运输综合行政执法大队、各乡镇交管站", "9月底前"),
    ("3", None, "开展超限超载治理", "加强源头监管和路面执法，严厉打击超限超载违法行为", "交通运输综合行政执法大队", "公路事业发展中心", "12月底前"),
    ("4", "公路工程", "开展平安工地建设", "推进在建项目平安工地建设全覆盖，组织达标考评", "工程建设股", "质量安全监督站", "11月底前"),
    ("5", None, "整治施工现场重大隐患", "重点整治深基坑、高边坡、隧道施工等重大隐患", "质量安全监督站", "工程建设股", "全年"),
    ("6", "水上交通", "开展渡口渡船专项检查", "对全县渡口渡船开展专项检查，消除安全隐患", "地方海事所", "交通运输综合行政执法大队", "每季度末"),
    ("7", "水上交通", "开展重大事故隐患排查整治", "全面排查道路运输、公路工程、水上交通领域重大事故隐患，按“一单四制”整改", "安全监督股", "局属各单位", "12月底前"),
    ("综合治理",),
    ("8", "综合治理", "建立重大事故隐患数据库", "将排查出的重大事故隐患全部录入数据库，实行动态管理", "安全监督股", "各股室", "次年1月10日前"),
]

TAIL = """附件2
柳河县交通运输系统安全培训和应急演练工作安排
1．组织全员安全生产培训，参训率达到100%，11月底前完成。（人事股牵头，各单位配合）
2．每半年至少开展一次应急演练，检验应急预案。（安全监督股负责）
3．开展“安全生产月”宣传活动，6月底前完成。（办公室负责）
"""


def add_table(doc, rows):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        if len(values) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, len(rows[0]) - 1))
            merged.text = values[0]
            continue
        for c, value in enumerate(values):
            if value is None:
                continue
            table.cell(r, c).text = value
    # Merge each run of None under the cell above it (the 重点领域 column).
    for c in range(len(rows[0])):
        top = None
        for r, values in enumerate(rows):
            if len(values) > 1 and values[c] is None and top is not None:
                table.cell(top, c).merge(table.cell(r, c))
            elif len(values) > 1:
                top = r


def build_docx(path):
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.styles["Normal"].font.name = "Noto Sans CJK SC"
    for part, table in ((BODY, PHASES), (MIDDLE, (TASK_HEADER, *TASK_ROWS)), (TAIL, None)):
        for line in part.strip("\n").splitlines():
            doc.add_paragraph(line)
        if table:
            add_table(doc, table)
    doc.save(path)


def main():
    docx = HERE / "liuhe-2025.docx"
    build_docx(docx)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(HERE), str(docx)],
                   check=True, capture_output=True, timeout=180)
    print(docx, HERE / "liuhe-2025.pdf")


if __name__ == "__main__":
    sys.exit(main())
