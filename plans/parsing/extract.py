"""What a sentence of a plan commits someone to: absolute deadlines,
recurrences, measurable targets, and lead/other units in parenthesised notes."""

import calendar
import datetime
import re

from .numbering import cn_to_int

NUM = r"(\d+|[一二两三四五六七八九十]+)"
# Words may sit between 至少 and the count: 至少组织从业人员开展一次.
VERB = r"[^，。；\d]{0,10}?"


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _int(text):
    return cn_to_int(text)


# --- recurrences -------------------------------------------------------------------

_RECURRENCES = [
    # (regex, every, how to read times / due_day)
    (re.compile(r"每年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?前"), "year", "month_day"),
    (re.compile(r"每月\s*(\d{1,2})\s*日?前"), "month", "day"),
    (re.compile(r"每(?:周|星期)([一二三四五六日天])"), "week", "weekday"),
    (re.compile(rf"每(?:个)?(日|天|周|星期|月|季度|季|半年|年|年度)[^，。；]{{0,20}}?(?:至少|不少于)\s*{VERB}{NUM}\s*(?:次|轮次|轮|项|回)"),
     None, "times"),
    (re.compile(rf"每(?:个)?(半年|季度|月|年|周|星期)[^，。；至不]{{0,12}}?{NUM}\s*(?:次|轮)"), None, "times"),
    (re.compile(rf"全年[^，。；]{{0,20}}?(?:至少|不少于)\s*{VERB}{NUM}\s*(?:次|轮次|轮|项)"), "year", "times_only"),
    (re.compile(r"(?:每月|月度)(?:按时|定期)"), "month", None),
    (re.compile(r"(?:每季度|按季度)(?:按时|定期)"), "quarter", None),
    (re.compile(r"每(季度|月|半年|年)(?:末|底)"), None, "period_end"),
]
_EVERY = {"日": "day", "天": "day", "周": "week", "星期": "week", "月": "month", "季度": "quarter", "季": "quarter",
          "半年": "half_year", "年": "year", "年度": "year"}


def recurrences(text):
    found, spans = [], []
    for pattern, every, kind in _RECURRENCES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            spans.append((m.start(), m.end()))
            item = {"text": m.group(0), "every": every, "times": None, "due_day": None}
            if kind == "month_day":
                item["due_day"] = f"{int(m.group(1)):02d}-{int(m.group(2)):02d}"
            elif kind == "day":
                item["due_day"] = f"{int(m.group(1)):02d}"
            elif kind == "weekday":
                item["due_day"] = str("一二三四五六日".find(m.group(1).replace("天", "日")) + 1)
            elif kind == "times":
                item["every"] = _EVERY[m.group(1)]
                item["times"] = _int(m.group(2))
            elif kind == "period_end":
                item["every"] = _EVERY[m.group(1)]
            elif kind == "times_only":
                item["times"] = _int(m.group(1))
            found.append((m.start(), item))
    return [item for _, item in sorted(found, key=lambda x: x[0])], spans


# --- absolute deadlines ---------------------------------------------------------------

_DEADLINES = [
    (re.compile(r"(?:次年|翌年|下一?年度?)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*前?"), "next_md"),
    (re.compile(r"(?:次年|翌年|下一?年度?)\s*(\d{1,2})\s*月\s*(?:底|末)\s*前?"), "next_m_end"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*前?"), "ymd"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末)\s*前?"), "ym_end"),
    (re.compile(r"(\d{4})\s*年\s*(?:底|末)\s*前?"), "y_end"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*前"), "ym_before"),
    (re.compile(r"(\d{1,2})\s*月\s*至\s*(\d{1,2})\s*月"), "m_range"),
    (re.compile(r"(?<![年每\d])(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*前"), "md"),
    (re.compile(r"(?<![年每\d])(\d{1,2})\s*月\s*(?:底|末)\s*前?"), "m_end"),
    (re.compile(r"(?<![年每\d])(\d{1,2})\s*月\s*(?:份|中旬|上旬|下旬)?\s*前"), "m_before"),
    (re.compile(r"(?<![\d次翌下每明去今])年\s*(?:底|末)\s*前|年内"), "plan_y_end"),
    (re.compile(r"(?<![每])(?:第?([一二三四1-4])\s*季度)\s*(?:末|底)\s*前?"), "q_end"),
    (re.compile(r"上半年\s*前?|上半年(?:底|末)"), "h1_end"),
]


def deadlines(text, year, skip=()):
    """Absolute deadlines; a year-less one (6月底前) takes the plan's `year`."""
    found, spans = [], list(skip)
    for pattern, kind in _DEADLINES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            # "2023年及以前" and "至2026年12月" ranges name periods, not deadlines.
            tail = text[m.end(): m.end() + 3]
            if kind in ("y_end",) and tail.startswith(("及以", "以前")):
                continue
            try:
                date = _resolve(kind, m, year)
            except ValueError:
                continue
            if date is None:
                continue
            spans.append((m.start(), m.end()))
            found.append((m.start(), {"text": m.group(0).strip(), "date": date.isoformat()}))
    return [item for _, item in sorted(found, key=lambda x: x[0])]


def _resolve(kind, m, year):
    g = [int(x) for x in m.groups() if x is not None and x.isdigit()]
    if kind == "ymd":
        return datetime.date(g[0], g[1], g[2])
    if kind == "ym_end":
        return month_end(g[0], g[1])
    if kind == "y_end":
        return datetime.date(g[0], 12, 31)
    if kind == "ym_before":
        return datetime.date(g[0], g[1], 1) - datetime.timedelta(days=1)
    if year is None:
        return None
    if kind == "next_md":
        return datetime.date(year + 1, g[0], g[1])
    if kind == "next_m_end":
        return month_end(year + 1, g[0])
    if kind == "plan_y_end":
        return datetime.date(year, 12, 31)
    if kind == "h1_end":
        return datetime.date(year, 6, 30)
    if kind == "q_end":
        return month_end(year, 3 * cn_to_int(m.group(1)))
    if kind == "m_before":
        return datetime.date(year, g[0], 1) - datetime.timedelta(days=1) if 1 <= g[0] <= 12 else None
    if kind == "m_range":
        return month_end(year, g[1]) if g[0] <= g[1] <= 12 else None
    if kind == "md":
        return datetime.date(year, g[0], g[1])
    if kind == "m_end":
        return month_end(year, g[0]) if 1 <= g[0] <= 12 else None
    return None


# --- targets ----------------------------------------------------------------------------

_TARGET = re.compile(r"[^，。；、（）]{0,16}?(?:达到|达|不低于|确保|保持在?|提高到|控制在)?\s*(\d+(?:\.\d+)?)\s*(%|％)")


def targets(text):
    out = []
    for m in _TARGET.finditer(text):
        phrase = m.group(0).strip()
        out.append({"text": phrase, "value": float(m.group(1)) if "." in m.group(1) else int(m.group(1)),
                    "unit": "%"})
    return out


# --- responsibility notes ----------------------------------------------------------------

# A note names units and ends with their role: （A牵头，B、C按职责分工落实）.
_NOTE = re.compile(r"[（(]([^（）()]{2,200}?(?:牵头|落实|负责|配合))[）)]")
_SPLIT = re.compile(r"[、，,]|(?<=[股队站局心办])和")
_ROLE_TAIL = re.compile(r"(按职责分工落实|分别落实|共同落实|负责落实|具体落实|落实|负责|牵头)$")


def _units(text):
    text = _ROLE_TAIL.sub("", text.strip())
    return [u.strip() for u in _SPLIT.split(text) if u.strip() and len(u.strip()) >= 2]


def unit_list(text):
    """'运输股、执法大队和运管所' → the names, role words removed."""
    return [u for u in _units(re.sub(r"^由", "", text.strip())) if len(u) <= 40]


def _clauses(text, lead, others):
    for clause in re.split(r"[，,；;]", text):
        clause = re.sub(r"^由", "", clause.strip())
        if not clause:
            continue
        if clause.endswith("牵头"):
            lead += _units(clause[:-2])
        elif clause.endswith("配合") or clause.endswith("协助"):
            others += _units(clause[:-2])
        elif "配合" in clause:
            helper, _, main = clause.partition("配合")
            others += _units(main) + _units(helper)
        elif clause.endswith("负责") and not lead:
            lead += _units(clause[:-2])
        else:
            others += _units(clause)


def _dedupe(lead, others):
    lead = list(dict.fromkeys(u for u in lead if len(u) <= 40))
    return lead, [u for u in dict.fromkeys(u for u in others if len(u) <= 40) if u not in lead]


def responsibility_phrase(text):
    """Lead and other units of a bare phrase: "X牵头，Y、Z配合", "X负责", "由X落实",
    "X按职责分工落实", or a plain list of units."""
    lead, others = [], []
    _clauses(text, lead, others)
    return _dedupe(lead, others)


# 责任单位：X；配合单位：Y — labelled owners inside an item.
_LABELLED = re.compile(r"(牵头单位|责任单位|责任部门|责任股室|配合单位|落实单位)\s*[:：]\s*([^。；;\n（）()]{2,120})")
# A closing sentence that only names owners: 由X牵头，Y配合。 / X负责。 / 由X落实。
# A bureau's unit: 股室, 中心, 大队 … — or its members as a whole (各单位, 局属各单位). Not the
# enterprises a plan addresses (生产经营单位, 施工单位): they own no task in the ledger.
_UNIT_NAME = (r"(?:[\u4e00-\u9fa5（）()]{2,30}?(?:股|局|队|中心|站|办|所|科|室|委员会|专班|政府)"
              r"|(?:局属|局机关)?各(?:股室|单位)|相关(?:股室|单位)|成员单位)")
# A clause that names owners: 由X牵头 / Y、Z配合 / X负责落实… / X按职责分工落实.
_OWNER_CLAUSE = re.compile(
    rf"^由?({_UNIT_NAME}(?:[、和及]{_UNIT_NAME})*)(牵头|负责|配合|协助|按职责分工落实|分别落实|共同落实|落实)")


def responsibility(text):
    """Lead and other units from parenthesised notes such as
    （局安全监督股牵头，区道路运输服务中心落实）, （A配合B落实）, （A、B按职责分工落实）,
    labelled owners (责任单位：X), and failing those, clauses that name owners
    (由X牵头，Y配合 / X负责落实…)."""
    lead, others = [], []
    for m in _NOTE.finditer(text):
        _clauses(m.group(1), lead, others)
    for m in _LABELLED.finditer(text):
        if m.group(1) == "牵头单位":
            lead += unit_list(m.group(2))
        elif m.group(1) == "配合单位":
            others += unit_list(m.group(2))
        else:
            first, rest = responsibility_phrase(m.group(2))
            if not first and not lead:
                first, rest = rest[:1], rest[1:]
            lead += first
            others += rest
    if not lead and not others:
        for clause in re.split(r"[，,。；;：:]", _NOTE.sub("", text)):
            m = _OWNER_CLAUSE.match(clause.strip())
            if m:
                _clauses(m.group(1) + m.group(2), lead, others)
    return _dedupe(lead, others)


def strip_notes(text):
    return _LABELLED.sub("", _NOTE.sub("", text))
