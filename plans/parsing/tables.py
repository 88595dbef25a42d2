"""Task tables: the 任务清单 / 责任措施清单 a plan carries in its body or attachments.

A table is a run of tab-separated rows (the readers turn Word and PDF tables, and
column-aligned text, into such rows). Its header names what each column holds —
序号, 工作任务, 具体措施, 牵头单位, 责任单位, 配合单位, 完成时限 … in any order and
wording. Each row becomes a task, unless it restates a task of the body, in which
case it is offered as that task's measure. Merged cells come out repeated (Word) or
empty (text, PDF): an empty 类别 cell takes the one above; a row with no task name
carries on the task above it with a further measure.
"""

import re

from . import extract

# (role, pattern on the header cell). First match wins, so the order matters:
# 工作内容 is a measure, 重点任务 a task, 牵头单位 the lead.
ROLES = [
    ("number", re.compile(r"^(序号|编号|序)$")),
    ("lead", re.compile(r"牵头")),
    ("helper", re.compile(r"配合|协办|协同|参与")),
    ("resp", re.compile(r"责任(单位|部门|股室|主体|科室)|落实(单位|部门)|实施(单位|主体)|承办|主办|单位")),
    ("person", re.compile(r"责任人|联系人|分管|领导")),
    ("deadline", re.compile(r"时限|时间|期限|节点|完成时|进度")),
    ("note", re.compile(r"备注|说明|进展|成效|佐证")),
    ("measure", re.compile(r"措施|举措|要求|标准|内容|目标")),
    ("task", re.compile(r"任务|事项|工作|名称|项目")),
    ("group", re.compile(r"类别|领域|方面|板块|分类|行动|类型")),
]
UNIT_SUFFIX = re.compile(r"(股|局|队|中心|站|办|所|科|室|支队|大队|委员会|公司|专班|政府|单位)$")


def header_roles(cells):
    """Column roles of a header row, or None when the row is no task table's header."""
    roles = []
    for cell in cells:
        text = re.sub(r"\s", "", cell)
        role = next((r for r, p in ROLES if p.search(text)), None) if 0 < len(text) <= 12 else None
        roles.append(role)
    # Two task-name columns: the first groups the second (项目名称 › 任务名称, 重点任务 › 具体任务).
    task_cols = [i for i, r in enumerate(roles) if r == "task"]
    for i in task_cols[:-1]:
        roles[i] = "group"
    has_work = any(r in ("task", "measure") for r in roles)
    has_owner = any(r in ("lead", "resp", "helper", "deadline") for r in roles)
    return roles if has_work and has_owner and sum(r is not None for r in roles) >= 3 else None


def tables_in(lines):
    """Yield (first line index, roles, rows) for each task table in `lines`; rows are cell lists."""
    i, n = 0, len(lines)
    while i < n:
        roles = header_roles(lines[i].split("\t")) if "\t" in lines[i] else None
        if roles is None:
            i += 1
            continue
        start, rows, header = i, [], lines[i]
        i += 1
        while i < n:
            line = lines[i]
            if line == header or ("\t" in line and header_roles(line.split("\t")) == roles):
                i += 1  # the header repeated on the next page
                continue
            if "\t" in line:
                rows.append(line.split("\t"))
            elif i + 1 < n and "\t" in lines[i + 1] and len(line) <= 40 and "。" not in line:
                rows.append([line])  # a title spanning the row: 一、安全责任 …
            else:
                break
            i += 1
        yield start, roles, rows


def _spanning(cells):
    values = {c.strip() for c in cells if c.strip()}
    return len(values) == 1 and (len(cells) == 1 or all(c.strip() for c in cells))


def rows_of(roles, rows):
    """The table's rows as items: {number, group, task, measures, lead, units, deadline}; a row
    without a task name adds its measure to the item above (a merged task cell)."""
    items, above, group_title = [], {}, ""
    width = len(roles)
    for cells in rows:
        if _spanning(cells):
            group_title = cells[0].strip()
            above = {}
            continue
        if len(cells) < width or not _fits(cells, roles):
            cells = _shifted(cells, roles)
        value = {}
        for role, cell in zip(roles, cells):
            if role and cell.strip() and role not in value:
                value[role] = cell.strip()
        for role in ("group",):
            if not value.get(role) and above.get(role):
                value[role] = above[role]
        if not any(value.get(r) for r in ("task", "measure")):
            continue
        same_task = items and (
            (not value.get("task") and "task" in roles and not value.get("number")) or
            (value.get("task") and value.get("task") == items[-1]["task"]
             and value.get("group") == items[-1]["group"]))
        lead, units = _owners(value)
        deadline = value.get("deadline") or (above.get("deadline") if same_task else "")
        if same_task:
            item = items[-1]
            only_text = set(value) <= {"measure", "group"}
            if value.get("measure") and item["measures"] and only_text and \
                    not item["measures"][-1].endswith(("。", "；", ";", "！", "？")):
                item["measures"][-1] += value["measure"]  # the cell went on over a page break
            elif value.get("measure") and value["measure"] not in item["measures"]:
                item["measures"].append(value["measure"])
            item["lead"] = list(dict.fromkeys(item["lead"] + lead))
            item["units"] = [u for u in dict.fromkeys(item["units"] + units) if u not in item["lead"]]
            if deadline and deadline not in item["deadlines"]:
                item["deadlines"].append(deadline)
        else:
            items.append({
                "number": (value.get("number") or "").rstrip(".．、"),
                "group": " ".join(dict.fromkeys(x for x in (group_title, value.get("group", "")) if x)),
                "task": value.get("task", ""),
                "measures": [value["measure"]] if value.get("measure") else [],
                "lead": lead, "units": units,
                "deadlines": [deadline] if deadline else [],
            })
        above = value
    return items


def _fits(cells, roles):
    """Does each filled cell hold what its column's header says? A text row that lost an empty
    merged cell has its dates under 具体措施 and its units under 任务名称."""
    for role, cell in zip(roles, cells):
        c = cell.strip()
        if not c:
            continue
        if role == "deadline" and not _looks_like_date(c):
            return False
        if role in ("task", "group", "number") and re.search(r"(牵头|落实|负责|配合)$", c):
            return False
        if role in ("lead", "resp", "helper") and not _looks_like_units(c) and len(c) > 40:
            return False
    return True


def _shifted(cells, roles):
    """A text row that lost its empty merged cells: put each cell where its content belongs —
    dates to the deadline column, unit lists to the unit column, the longest text to the
    measure — and the rest, in order, to the columns before them."""
    out = [""] * len(roles)
    rest = []
    for cell in cells:
        c = cell.strip()
        if not c:
            continue
        if "deadline" in roles and _looks_like_date(c) and not out[roles.index("deadline")]:
            out[roles.index("deadline")] = c
        elif _looks_like_units(c) and any(r in roles for r in ("resp", "lead")):
            i = roles.index("resp" if "resp" in roles else "lead")
            out[i] = f"{out[i]}，{c}" if out[i] else c
        else:
            rest.append(c)
    if rest and "measure" in roles:
        longest = max(rest, key=len)
        if len(longest) >= 15:
            out[roles.index("measure")] = longest
            rest.remove(longest)
    free = [i for i, r in enumerate(roles) if r in ("number", "group", "task") and not out[i]]
    for i, c in zip(free[-len(rest):] if rest else [], rest[-len(free):] if free else []):
        out[i] = c
    return out


def _looks_like_date(text):
    return len(text) <= 24 and bool(re.search(r"\d{1,2}\s*月|年底|年内|全年|长期|持续|常态|\d{4}\s*年|季度", text))


def _looks_like_units(text):
    return bool(re.search(r"(牵头|落实|负责|配合)$", text)) or (
        len(text) <= 80 and "。" not in text and all(UNIT_SUFFIX.search(u) for u in re.split(r"[、，,]", text) if u))


def _owners(value):
    lead, units = [], []
    if value.get("lead"):
        lead += extract.unit_list(value["lead"])
    if value.get("resp"):
        l2, u2 = extract.responsibility_phrase(value["resp"])
        if not l2 and not lead and not value.get("lead"):
            # One 责任单位 column: the first unit leads, the others carry out.
            names = u2
            l2, u2 = names[:1], names[1:]
        lead += l2
        units += u2
    if value.get("helper"):
        units += extract.unit_list(value["helper"])
    lead = list(dict.fromkeys(lead))
    return lead, [u for u in dict.fromkeys(units) if u not in lead]


def chinese(text):
    return re.sub(r"[^\u4e00-\u9fff]", "", text)


def restates(task, item):
    """Does the table row `item` restate the body task `task` (same name, or its measure
    copied from the task's text)?"""
    body = chinese(task["text"])
    for measure in item["measures"]:
        probe = chinese(measure)[:12]
        if len(probe) >= 8 and probe in body:
            return True
    name = chinese(item["task"])
    title = chinese(task["title"])
    return bool(name) and len(name) >= 4 and (name == title or (len(title) >= 4 and (name in title or title in name)))
