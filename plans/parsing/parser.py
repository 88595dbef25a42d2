"""Parse a plan document into the structure of spec/plan.schema.json.

It reads the document's own structure — numbered headings at four levels,
attachments, inline 一是…二是… items, parenthesised responsibility notes,
阶段 sections, 报送 sentences and leading-group lists — and nothing
particular to any one county's plan.
"""

import datetime
import re
from dataclasses import dataclass, field

from . import extract, tables
from .clean import clean_lines
from .numbering import match_item, split_inline

RANK = {"attachment": 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5}
# Top-level sections whose items are work to do, and those that are not.
TASK_SECTION = re.compile(r"任务|行动|重点工作|工作内容|措施|责任分工|工作安排")
NON_TASK_SECTION = re.compile(r"保障|要求|目标|步骤|组织领导|总体|指导思想|方法|阶段|背景|原则")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}〔\d{4}〕\d+号")
DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
YEAR_RANGE = re.compile(r"[（(]\s*(\d{4})\s*[-—–~至]+\s*(\d{4})\s*年?\s*[）)]")


@dataclass
class Node:
    kind: object  # "attachment", 1..5, "inline" or "root"
    number: str = ""
    value: int = 0
    title: str = ""
    body: list = field(default_factory=list)
    children: list = field(default_factory=list)
    parent: "Node" = None
    line: int = 0

    @property
    def rank(self):
        return {"root": -1, "inline": 6}.get(self.kind, RANK.get(self.kind, 9))

    @property
    def text(self):
        return "".join(line for line in self.body if "\t" not in line)

    @property
    def attachment(self):
        """The attachment this node sits in (itself included), or None."""
        node = self
        while node is not None and node.kind != "attachment":
            node = node.parent
        return node

    def ancestors(self):
        node, out = self.parent, []
        while node is not None and node.kind != "root":
            out.append(node)
            node = node.parent
        return list(reversed(out))


def _split_title(rest):
    """'强化源头管理。深入开展…' → ('强化源头管理', full). A heading is the text before the
    first 。 when it is short; otherwise the first clause stands in as the title."""
    head, dot, _ = rest.partition("。")
    head = head.strip()
    if dot and 0 < len(head) <= 30 and "，" not in head:
        return head, rest
    if not dot and len(rest) <= 40:
        # "制定职责清单，3月底前完成（安全股牵头）": the work, without its owner note and date.
        bare = extract.strip_notes(rest).rstrip("：:；; ")
        first = re.split(r"[，,；;]", bare)[0]
        return (first if len(first) >= 6 else bare), rest
    clauses = [c for c in re.split(r"[，；：:]", rest) if c.strip()]
    # "2024年6月底前，督促…" — a clause that is only a time is no title.
    while len(clauses) > 1 and re.fullmatch(r"\s*(\d{4}\s*年.*前|即日起.*|\d{1,2}\s*月.*前)\s*", clauses[0]):
        clauses.pop(0)
    clause = clauses[0] if clauses else rest
    return (clause[:30] + ("…" if len(clause) > 30 else "")).strip(), rest


def _written_number(kind, number):
    if kind in (3, 4):
        return str(int(number))
    if kind == 1:
        return f"{number}、"
    if kind == 2:
        return f"（{number}）"
    return number


def build_tree(lines):
    root = Node("root")
    stack = [root]
    header, owners = [], []
    for line in lines:
        owners.append(stack[-1])
        item = None if "\t" in line else match_item(line)
        if item:
            kind, number, value, rest = item
            rank = RANK[kind]
            # Accept a heading only where the numbering makes sense: the next number at its
            # level, or 1 (a new list). Anything else (a stray "3." in prose) stays body text.
            siblings_parent = next((n for n in reversed(stack) if n.rank < rank), root)
            last = next((c for c in reversed(siblings_parent.children) if c.kind == kind), None)
            if kind != "attachment" and last is not None and value not in (last.value + 1, 1) \
                    and siblings_parent is stack[-1] or (kind != "attachment" and last is None and value > 3
                                                         and siblings_parent.children):
                item = None
        if not item:
            target = stack[-1]
            if target is root:
                header.append(line)
            else:
                target.body.append(line)
            continue
        while stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        title, full = _split_title(rest) if rest else ("", "")
        node = Node(kind, _written_number(kind, number) if kind != "attachment" else number, value, title,
                    [full] if full else [], parent=parent, line=len(owners) - 1)
        parent.children.append(node)
        stack.append(node)
        owners[-1] = node
    for node in root.children:
        if node.kind == "attachment" and not node.title:
            node.title = _attachment_title(node.body)
    return root, header, owners


def _attachment_title(body):
    """An attachment's title: its first line(s) before any table, list or sentence —
    two lines joined when the title was broken ("…交通运输行业" / "责任措施清单")."""
    title = ""
    for line in body[:3]:
        if "\t" in line or "。" in line or len(title + line) > 60 or match_item(line):
            break
        title += line
        if re.search(r"(清单|表|方案|名单|计划|安排|台账|要点|分工)$", title):
            break
    return title


def _walk(node):
    for child in node.children:
        yield child
        yield from _walk(child)


def _top(node):
    anc = node.ancestors()
    return anc[0] if anc else node


def _in_attachment(node):
    return node.attachment is not None


# Sections that state aims, not work: items under them are tasks only when they name a unit.
AIM_SECTION = re.compile(r"目标|指导思想|总体要求|总体思路|基本原则|工作原则|背景|意义|依据|适用范围")
# Work verbs that open a task item.
ACTION = re.compile(r"^(?:[^，。]{0,12}?)(开展|加强|建立|健全|完善|落实|推进|强化|组织|督促|严格|实施|深化|提升|做好|抓好|加大|"
                    r"压实|推动|规范|整治|排查|检查|制定|编制|修订|部署|召开|报送|上报|严把|严厉|严禁|全面|持续|深入|狠抓|"
                    r"确保|指导|配合|协调|牵头|督导|巡查|治理|培训|演练|宣传|落细|聚焦|突出)")
ROLE_LINE = re.compile(r"(?:^|[。\n])\s*(?:组\s*长|副\s*组\s*长|成\s*员|办\s*公\s*室\s*主\s*任)\s*[:：]")


def _number_label(node):
    if node.kind == "inline":
        return f"“{node.number}”"
    return {1: "一级编号", 2: "二级编号", 3: "三级编号", 4: "四级编号", 5: "五级编号"}.get(node.kind, "编号") + \
        f"“{node.number}”"


def classify(node, text):
    """Is this leaf item a task? Structure decides: a numbered item that says what to do is a
    task; its section's heading only lowers the confidence. Returns (take, confidence, why)
    or None for what is no work item at all (headings, attachment index, member lists, phases)."""
    if node.kind == "attachment" or not text.strip():
        return None
    att = node.attachment
    top = _top(node)
    top_title = top.title if top is not node else ""
    section = f"{top.number}{top.title}" if top is not node else ""
    where = f"{_number_label(node)}，位于“{section}”" if section else _number_label(node)
    if att is not None and att.number == "附件" and any(
            a.kind == "attachment" and a.value for a in att.parent.children):
        return None  # "附件：1. … 2. …" lists the attachments that follow
    if ROLE_LINE.search("\n".join(node.body)) or PHASE.search(node.title):
        return None
    if node.kind == 1 and att is None:
        return None  # a body 一、 without sub-items is a section paragraph
    lead, units = extract.responsibility(text)
    # A sentence that only asks for a report becomes a reporting duty, not evidence of a task.
    work = "".join(x for x in re.split(r"(?<=[。；])", text) if not REPORT_VERB.search(x))
    recs, spans = extract.recurrences(work)
    signals = bool(lead or units) + bool(extract.deadlines(work, 2000, spans) or recs)
    if att is not None:
        if not signals and not ACTION.search(node.title) and len(node.title) < 10:
            return None  # a form's row label (1.建设领域), not work
        return True, "high" if signals or ACTION.search(text) else "medium", f"附件“{att.number}”中的{where}"
    if AIM_SECTION.search(top_title):
        return (True, "medium", where) if lead or units else (False, "low", where + "（目标类章节，默认不导入）")
    if NON_TASK_SECTION.search(top_title):
        if signals:
            return True, "medium", where + "（有责任单位或时限）"
        return False, "low", where + "（保障类章节，默认不导入）"
    if node.kind == 2 and not TASK_SECTION.search(top_title):
        return (True, "medium", where) if signals or ACTION.search(text) else (False, "low", where)
    return True, "high", where


def _task_dict(node, year, number=None, title=None, text=None):
    text = text if text is not None else node.text
    recs, spans = extract.recurrences(text)
    lead, units = extract.responsibility(text)
    return {
        "number": number if number is not None else node.number,
        "path": [a.title for a in node.ancestors()] + ([node.title] if number is not None else []),
        "title": title if title is not None else node.title,
        "text": text,
        "lead_units": lead,
        "units": units,
        "deadlines": extract.deadlines(text, year, spans),
        "recurrences": recs,
        "targets": extract.targets(extract.strip_notes(text)),
        "measures": "",
    }


def tasks_of(root, year):
    out = []
    for node in _walk(root):
        if node.children and any(c.kind != "attachment" for c in node.children):
            continue
        verdict = classify(node, node.text)
        if verdict is None:
            continue
        take, confidence, why = verdict
        att = node.attachment
        extra = {"_pos": node.line, "take": take, "confidence": confidence, "why": why,
                 "source": "attachment" if att else "body",
                 "attachment": f"{att.number} {att.title}".strip() if att else None}
        parts = split_inline(node.text)
        if len(parts) > 1:
            for number, part in parts:
                if number is None:
                    continue
                title, _ = _split_title(part)
                out.append(_task_dict(node, year, number=number, title=title, text=part) |
                           extra | {"why": f"“{number}”，{why}"})
        else:
            out.append(_task_dict(node, year) | extra)
    return out


def _owner_node(lines_nodes, index):
    return lines_nodes[index] if index < len(lines_nodes) else None


def table_tasks(lines, owners, tasks, year):
    """Tasks from the plan's task tables. A row that restates a body task becomes that task's
    measure (its deadlines and owners fill what the body left out); the others are tasks of
    their own, with their path 附件N title › group › item."""
    out = []
    for start, roles, rows in tables.tables_in(lines):
        node = owners[start]
        att = node.attachment if node is not None else None
        path = [a.title for a in node.ancestors()] + [node.title] if node is not None and node.kind != "root" else []
        for n, item in enumerate(tables.rows_of(roles, rows), start=1):
            text = "；".join(item["measures"]) or item["task"]
            deadlines = [d for when in item["deadlines"] for d in _when(when, year)]
            match = next((t for t in tasks if t["source"] == "body" and tables.restates(t, item)), None)
            if match is not None:
                measures = [m for m in item["measures"] if tables.chinese(m) not in tables.chinese(match["text"])]
                if measures:
                    match["measures"] = "\n".join(filter(None, [match.get("measures", "")] + measures))
                for d in deadlines:
                    if d not in match["deadlines"]:
                        match["deadlines"].append(d)
                if not match["lead_units"] and not match["units"]:
                    match["lead_units"], match["units"] = item["lead"], item["units"]
                match["why"] += "；附件表格有对应行（作为具体措施）"
                continue
            title = item["task"] or _split_title(text)[0]
            recs, spans = extract.recurrences(text)
            recs += [r for when in item["deadlines"] for r in extract.recurrences(when)[0]]
            where = f"{att.number}" if att else "正文"
            out.append({
                "_pos": start + n,
                "number": item["number"] or str(n),
                "path": [p for p in path if p] + ([item["group"]] if item["group"] else []),
                "title": title[:60],
                "text": text if not item["task"] or item["task"] in text else f"{item['task']}。{text}",
                "lead_units": item["lead"], "units": item["units"],
                "deadlines": deadlines or extract.deadlines(text, year, spans),
                "recurrences": recs,
                "targets": extract.targets(text),
                "measures": "",
                "take": True, "confidence": "high" if item["lead"] or item["units"] or deadlines else "medium",
                "why": f"{where}任务表第{n}行" + (f"（序号{item['number']}）" if item["number"] else ""),
                "source": "attachment" if att else "body",
                "attachment": f"{att.number} {att.title}".strip() if att else None,
            })
    return out


def _when(text, year):
    found = extract.deadlines(text, year)
    if not found and year and re.fullmatch(r"\s*(全年|年内|长期|持续推进|常态化)\s*", text):
        found = [{"text": text.strip(), "date": datetime.date(year, 12, 31).isoformat()}]
    return found


# --- document metadata --------------------------------------------------------------


def _meta(lines, header):
    head_text = "\n".join(header[:40])
    all_text = "\n".join(lines)
    doc_number = (DOC_NUMBER.search(head_text) or DOC_NUMBER.search(all_text[:3000]))
    joined_head = "".join(header[:12])
    title = _title(header)
    issuer = None
    m = re.search(r"^(.{2,20}?(?:局|委员会|人民政府|政府|办公室|厅|委))(?:文件|关于)", joined_head)
    if m:
        issuer = m.group(1)
    else:
        for line in header:
            if re.fullmatch(r".{2,20}(?:局|委员会|人民政府|厅)", line):
                issuer = line
                break
    issued = None
    for line in header + lines[:0]:
        d = DATE_LINE.match(line)
        if d:
            issued = datetime.date(*map(int, d.groups()))
    if issued is None:
        for line in lines[-15:]:
            d = DATE_LINE.match(line)
            if d:
                issued = datetime.date(*map(int, d.groups()))
    if issuer is None:  # the signature above the closing date: 桃源县交通运输局 / 2025年3月1日
        for prev, line in zip(lines[-12:], lines[-11:]):
            if DATE_LINE.match(line) and re.fullmatch(r".{2,30}(?:局|委员会|人民政府|政府|办公室|厅|委|中心)", prev):
                issuer = prev
    period = None
    years = YEAR_RANGE.search(title or "") or YEAR_RANGE.search(joined_head)
    if years:
        period = {"start": f"{years.group(1)}-01-01", "end": f"{years.group(2)}-12-31"}
    year = None
    titled = re.search(r"(20\d{2})\s*(?:年度?|—|-)", title or "")
    if period:
        year = int(period["start"][:4])
    elif titled:
        year = int(titled.group(1))
    elif issued:
        year = issued.year
    elif doc_number:
        year = int(re.search(r"〔(\d{4})〕", doc_number.group(0)).group(1))
    else:
        # No year anywhere in the header: the first year the text mentions, else this year.
        y = re.search(r"(20\d{2})\s*年", all_text)
        year = int(y.group(1)) if y else datetime.date.today().year
    return {
        "title": re.sub(r"[《》]", "", title or "").strip(),
        "issuer": issuer,
        "doc_number": doc_number.group(0) if doc_number else None,
        "issued_on": issued.isoformat() if issued else None,
        "period": period,
    }, year, issued


TITLE_END = re.compile(r"(方案|计划|要点|安排|意见|办法|细则|清单|规划|措施|部署)(?:[（(][^（）()]{2,20}[）)])?$")
NOTICE = re.compile(r"关于印发\s*《?(.+?)》?\s*的通知$")


def _title(header):
    """The plan's title: a title line (two joined when broken), else X of 关于印发《X》的通知.
    Never a paragraph: a line with a full stop or longer than 80 characters is no title."""
    def usable(line):
        return len(line) <= 80 and "。" not in line and not line.endswith(("：", ":")) and \
            not DOC_NUMBER.search(line) and not DATE_LINE.match(line) and "印发" not in line

    lines = header[:30]
    found = None
    for i, line in enumerate(lines):
        if not usable(line) or not TITLE_END.search(line) or "通知" in line:
            continue
        found = line
        prev = lines[i - 1] if i else ""
        # A title broken over two lines: "…治本攻坚" / "三年行动方案（2024—2026年）".
        if prev and usable(prev) and not TITLE_END.search(prev) and len(prev) < 40 and \
                not re.search(r"(文件|局|委员会|政府|办公室|通知|：)$", prev) and len(prev + line) <= 80 and \
                not re.search(r"^[（(]", prev):
            found = prev + line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and re.fullmatch(r"[（(]\s*\d{4}\s*[-—–至]+\s*\d{4}\s*年?\s*[）)]", nxt):
            found = line + nxt
    if found:
        return found
    joined = "".join(header[:12])
    quoted = re.search(r"印发\s*《(.+?)》", joined)
    if quoted:
        return quoted.group(1)
    for line in lines:
        notice = NOTICE.search(line)
        if notice:
            return notice.group(1)
    return next((line for line in lines if usable(line) and not re.search(r"(文件|局)$", line)
                 and len(line) >= 6), header[0] if header else "")


# --- phases -------------------------------------------------------------------------------

PHASE = re.compile(r"([\u4e00-\u9fa5]{2,10}阶段)\s*[（(]([^（）()]{2,40})[）)]")
_POINT = re.compile(r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?\s*(底|末)?")


def _phase_point(text, year, end, today_start):
    text = text.strip()
    if re.match(r"即日|印发之日|发文之日", text):
        return today_start, year
    m = _POINT.search(text)
    if not m:
        return None, year
    y = int(m.group(1)) if m.group(1) else year
    if y is None:
        return None, year
    month = int(m.group(2))
    if m.group(3):
        return datetime.date(y, month, int(m.group(3))), y
    return (extract.month_end(y, month) if end else datetime.date(y, month, 1)), y


_WHEN = r"(?:即日起?|印发之日起?|发文之日起?|(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:上旬|中旬|下旬|底|末|份)?)"
_SPAN = rf"{_WHEN}\s*(?:至|—|–|~|-|到)+\s*{_WHEN}|(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月(?:份|底|末)?"
# 第一阶段：宣传发动（3月）/ 宣传发动阶段：2025年3月1日至15日 / 1.排查整治阶段（4月至10月）
STEP = re.compile(rf"^(?:第([一二三四五六七八九十]+)阶段\s*[:：]?\s*)?([\u4e00-\u9fa5]{{2,10}}?)(阶段)?\s*"
                  rf"[（(：:，,]?\s*({_SPAN})")


def _phase(name, span, year, issued):
    left, _, right = re.split(r"(至|—|–|~|-|到)", span, maxsplit=1) if re.search(r"至|—|–|~|-|到", span) \
        else (span, "", span)
    right = right.lstrip("至—–~-到")
    start, y = _phase_point(left, year, False, issued)
    # "3月1日至15日": the end takes the start's month.
    if start and re.fullmatch(r"\s*\d{1,2}\s*日\s*", right or ""):
        right = f"{start.month}月{right}"
    end, _ = _phase_point(right or left, y, True, issued)
    if start is None and end is None:
        return None
    return {"name": name if name.endswith("阶段") else name + "阶段",
            "start": start.isoformat() if start else None, "end": end.isoformat() if end else None}


def phases_of(lines, year, issued, period=None):
    """Every phase of the document, in order: 阶段 headings or sentences with their dates, and
    rows of a table whose header has a 阶段 column and a 时间 column."""
    if issued is None and period:
        issued = datetime.date.fromisoformat(period["start"])
    out, seen = [], set()

    def add(phase):
        if phase and phase["name"] not in seen:
            seen.add(phase["name"])
            out.append(phase)

    columns = None
    for line in lines:
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            names = [i for i, c in enumerate(cells) if re.fullmatch(r"(实施)?阶段|步骤|阶段名称", c)]
            whens = [i for i, c in enumerate(cells) if re.search(r"时间|起止|时限|日期", c)]
            if names and whens:
                columns = (names[0], whens[0])
                continue
            if columns and max(columns) < len(cells) and cells[columns[0]] and cells[columns[1]]:
                add(_phase(cells[columns[0]], cells[columns[1]], year, issued))
            continue
        columns = None
        item = match_item(line)
        rest = item[3] if item and item[0] != "attachment" else line
        for m in PHASE.finditer(rest):
            add(_phase(m.group(1), m.group(2), year, issued))
        m = STEP.match(rest)
        if m and (m.group(1) or m.group(3)):
            add(_phase(m.group(2), m.group(4), year, issued))
    return out


# --- reporting duties -------------------------------------------------------------------------

# "企业自查上报" names a channel, "举报" is the public's: neither is a duty to report upward.
REPORT_VERB = re.compile(r"(?<!自查)(?<!举)(?:报送|上报|提交)")
_BODY = r"(?:股|局|办|中心|委员会|政府|领导小组|办公室|大队|站|厅|委)"
_UNIT = rf"[^，。；（(将于前、报送不]{{2,40}}{_BODY}"
REPORT_TO = re.compile(
    rf"(?:向|提交(?:至|给|到)?|报送(?:至|给|到)?|上报(?:至|给|到)?)\s*({_UNIT}(?:[、和]{_UNIT})*)"
)
OPEN_ENDED = re.compile(r"(?<!不)(?:及时|定期|按时|随时)")


def reporting_of(lines, year):
    duties = []
    for line in lines:
        if "\t" in line:
            continue
        line_to = REPORT_TO.search(line)
        for sentence in re.split(r"(?<=[。；])", line):
            if not REPORT_VERB.search(sentence):
                continue
            recs, spans = extract.recurrences(sentence)
            dates = extract.deadlines(sentence, year, spans)
            to = REPORT_TO.search(sentence) or line_to
            to = to.group(1) if to else None
            points = sorted([(sentence.find(r["text"]), "r", r) for r in recs] +
                            [(sentence.find(d["text"]), "d", d) for d in dates], key=lambda x: x[0])
            first = points[0][0] if points else len(sentence)
            lead = sentence[:first]
            if REPORT_VERB.search(lead) and OPEN_ENDED.search(lead) and to:
                # "及时向…报送推进情况，于每年…前报送…": the open-ended duty before the dated ones.
                text = re.split(r"[，,]\s*于?$", lead.strip("、，；。 于"))[0]
                duties.append({"text": text, "to": to, "date": None, "every": None, "due_day": None})
            if not points:
                continue
            for i, (pos, kind, item) in enumerate(points):
                end = points[i + 1][0] if i + 1 < len(points) else len(sentence)
                clause = sentence[pos:end].strip("、，；。 于")
                if not REPORT_VERB.search(sentence[pos:]):
                    continue
                duties.append({
                    "text": clause, "to": to,
                    "date": item["date"] if kind == "d" else None,
                    "every": item["every"] if kind == "r" else None,
                    "due_day": item["due_day"] if kind == "r" else None,
                })
    return duties


# --- leading groups -----------------------------------------------------------------------------

# Labels are often spread out to align columns: "组    长：", "副 组 长：".
ROLE = re.compile(r"^(组\s*长|副\s*组\s*长|成\s*员|办\s*公\s*室\s*主\s*任)\s*[:：]\s*(.*)$", re.S)
GROUP_NAME = re.compile(r"(领导小组|领导组|工作专班|专班|工作组|指挥部|办公室|[\u4e00-\u9fa5]{2,8}组)$")
UNIT_WORDS = re.compile(r"股|局|队|中心|站|办|所|单位|公司|委员会")


# A position begins with where it sits: 县交通运输局…, 旗…, 市…, 局…
_POSITION_START = "县市旗区省州盟乡镇局"
_POSITION_END = re.compile(r"(长|主任|书记|员|干部|负责人|同志)$")


def _split_person(token):
    """'吴建国县交通运输局副局长' → ('吴建国', '县交通运输局副局长') when the gap was lost."""
    if len(token) > 5 and _POSITION_END.search(token):
        for n in (2, 3, 4):
            if token[n] in _POSITION_START:
                return token[:n], token[n:]
    return token, None


def _is_member_line(line):
    if "\t" in line:
        return len(line.split("\t")[0]) <= 5
    name, position = _split_person(line)
    return position is not None and len(line) <= 40 and "，" not in line and "。" not in line


def _members(role, content):
    content = content.strip()
    if not content:
        return []
    if "\t" in content:
        cells = [c for c in content.split("\t") if c]
        return [{"name": cells[0], "role": role, "position": cells[-1] if len(cells) > 1 else None}]
    name, position = _split_person(content)
    if position:
        return [{"name": name, "role": role, "position": position}]
    suffix = None
    m = re.search(r"(负责人、业务骨干|负责人|主要负责同志|业务骨干)$", content)
    if m and UNIT_WORDS.search(content[: m.start()]):
        suffix, content = m.group(1), content[: m.start()].rstrip("、")
    out = []
    for token in re.split(r"[、，,]", content):
        token = token.strip()
        if token:
            out.append({"name": token, "role": role, "position": suffix})
    return out


def _group_heading(line):
    """A line that names a group: '（三）督导检查组', '一、道路（水上）运输工作专班'."""
    item = match_item(line)
    text = item[3] if item and item[0] != "attachment" else line
    text = re.sub(r"(成员)?(名单|名册)$", "", text.rstrip("：:。"))
    return text if GROUP_NAME.search(text) and len(text) <= 50 and "，" not in text else None


def groups_of(lines, root):
    groups, current, heading = [], None, None
    for i, line in enumerate(lines):
        if "\t" not in line and _group_heading(line) and not ROLE.match(line):
            heading = i
        m = ROLE.match(line)
        if m:
            role = re.sub(r"\s", "", m.group(1))
            content = m.group(2).strip()
            if current is None or (heading is not None and heading > current["_from"]) or (
                    role == "组长" and any(x["role"] == "组长" for x in current["members"])):
                current = {"name": _group_name(lines, i), "leader": None, "members": [], "_from": i}
                groups.append(current)
            current["members"] += _members(role, content)
            current["_role"] = role
            continue
        if current is not None and _is_member_line(line):
            current["members"] += _members(current["_role"], line)
            continue
        d = re.search(r"办公室主任由\s*([\u4e00-\u9fa5]{2,4}?)\s*(?:同志)?担任", line)
        if d and current is not None:
            current["members"].append({"name": d.group(1), "role": "办公室主任", "position": None})
        if current is not None and (len(line) > 40 or "。" in line or match_item(line)):
            current = None
    for line in lines:  # groups described in prose: 成立…领导组，组长由…担任
        m = re.search(r"成立([^，。；]{4,40}?(?:领导小组|领导组|工作专班))[^。]*?组长由([^，。；]{2,20}?)担任", line)
        if m and not any(g["name"].endswith(m.group(1)) or m.group(1).endswith(g["name"]) for g in groups):
            groups.append({"name": m.group(1), "leader": m.group(2),
                           "members": [{"name": m.group(2), "role": "组长", "position": None}]})
    for g in groups:
        g.pop("_role", None)
        g.pop("_from", None)
        leader = next((x["name"] for x in g["members"] if x["role"] == "组长"), None)
        g["leader"] = g["leader"] or leader
    return groups


def _group_name(lines, i):
    """The title above a member list: a heading or title line ending in 领导小组/专班…,
    joined with the short line before it when the title was broken in two."""
    for j in range(i - 1, max(i - 6, -1), -1):
        line = lines[j]
        item = match_item(line)
        text = re.sub(r"(成员)?(名单|名册)$", "", item[3] if item else line)
        if GROUP_NAME.search(text) and len(text) <= 50:
            prev = lines[j - 1] if j > 0 else ""
            if not item and prev and len(prev) < 30 and not re.search(r"[。：:，；]$", prev) \
                    and not match_item(prev) and len(prev + text) <= 50:
                return prev + text
            return text
    return "领导小组"


# --- entry point -------------------------------------------------------------------------------


def parse_text(text):
    lines = clean_lines(text)
    root, header, owners = build_tree(lines)
    meta, year, issued = _meta(lines, header)
    sections = [{"number": n.number, "title": n.title, "level": n.rank if n.kind != "attachment" else 0}
                for n in _walk(root) if n.kind in ("attachment", 1, 2) or n.children]
    tasks = tasks_of(root, year)
    tasks += table_tasks(lines, owners, tasks, year)
    tasks.sort(key=lambda t: t.pop("_pos"))  # document order: body, then each attachment in turn
    return {
        **meta,
        "sections": sections,
        "tasks": tasks,
        "phases": phases_of(lines, year, issued, meta["period"]),
        "reporting": reporting_of(lines, year),
        "groups": groups_of(lines, root),
    }


def parse_file(path):
    from .reader import read_document

    return parse_text(read_document(path))
