"""The import review screen: the parsed plan kept as a draft on its ImportBatch, the
reviewer's edits (take or leave, reorder, edit, merge, split and add tasks; edit the
reporting duties and the groups; map every unit name) applied to it, and the final
structure `services.import_plan` saves.

Nothing about units happens silently: every unit name the saved plan uses must be mapped
by the reviewer — to a unit, to 新建单位 (with its type and parent), or to 不关联 — unless
the county confirmed that very name on an earlier import (an alias) or it is the unit's
own name.
"""

import re

from .models import ReportingDuty
from .parsing.summary import counts, progress_text
from .services import UNIT_SUFFIX, duty_kind, unit_suggestions

SPLIT_MARK = re.compile(r"^\s*-{3,}\s*$", re.M)
SOURCES = {"all": "正文和附件", "body": "仅正文", "attachment": "仅附件"}
ROLES = {"组长": "组长", "副组长": "副组长", "成员": "成员", "办公室主任": "办公室主任"}
MEMBER_LINE = re.compile(r"^\s*(组长|副组长|成员|办公室主任)?\s*[:：]?\s*([^（(]+?)\s*(?:[（(](.+?)[）)])?\s*$")


def _list(text):
    return [u.strip() for u in re.split(r"[、，,；;\n]", text or "") if u.strip()]


def draft_of(parsed):
    """A parsed plan as a review draft: every task, duty and group carries its take flag."""
    draft = dict(parsed)
    draft["tasks"] = [dict(t, take=t.get("take", True), source=t.get("source", "body")) for t in parsed["tasks"]]
    draft["reporting"] = [dict(r, take=r.get("take", True), kind=r.get("kind") or duty_kind(r["text"])[0])
                          for r in parsed.get("reporting", [])]
    draft["groups"] = [dict(g, take=g.get("take", True)) for g in parsed.get("groups", [])]
    draft.setdefault("source", "all")
    draft.setdefault("decisions", {})
    return draft


def blank_task():
    return {"number": "", "path": [], "title": "", "text": "", "lead_units": [], "units": [], "deadlines": [],
            "recurrences": [], "targets": [], "measures": "", "take": True, "confidence": "high",
            "why": "核对时添加", "source": "added", "attachment": None}


def _tasks(draft, post):
    rows = []
    for i, original in enumerate(draft["tasks"]):
        p = f"t{i}-"
        task = dict(original)
        task["take"] = bool(post.get(p + "take"))
        task["title"] = (post.get(p + "title") or task["title"]).strip()[:200]
        task["text"] = post.get(p + "text", task["text"])
        task["measures"] = post.get(p + "measures", task.get("measures", "")).strip()
        task["lead_units"] = _list(post.get(p + "lead", "、".join(task["lead_units"])))
        task["units"] = [u for u in _list(post.get(p + "units", "、".join(task["units"])))
                         if u not in task["lead_units"]]
        deadline = (post.get(p + "deadline") or "").strip()
        if deadline and not any(d["date"] == deadline for d in task["deadlines"][-1:]):
            task["deadlines"] = [{"text": deadline, "date": deadline}]
        elif not deadline and p + "deadline" in post:
            task["deadlines"] = []
        try:
            order = float(post.get(p + "order") or i + 1)
        except ValueError:
            order = i + 1
        rows.append((order, i, task, bool(post.get(p + "merge"))))
    out = []
    for _, _, task, merge in sorted(rows, key=lambda r: (r[0], r[1])):
        if merge and out:
            prev = out[-1]
            prev["text"] = prev["text"].rstrip() + "\n" + task["text"]
            prev["lead_units"] = list(dict.fromkeys(prev["lead_units"] + task["lead_units"]))
            prev["units"] = [u for u in dict.fromkeys(prev["units"] + task["units"]) if u not in prev["lead_units"]]
            prev["deadlines"] = prev["deadlines"] + task["deadlines"]
            prev["recurrences"] = prev["recurrences"] + task["recurrences"]
            continue
        pieces = [x.strip() for x in SPLIT_MARK.split(task["text"]) if x.strip()]
        if len(pieces) > 1:
            for n, piece in enumerate(pieces, start=1):
                out.append(dict(task, text=piece, number=f"{task['number']}-{n}",
                                title=task["title"] if n == 1 else re.split(r"[。，；]", piece)[0][:30]))
        else:
            task["text"] = task["text"].strip()
            out.append(task)
    return out


def _duties(draft, post):
    out = []
    for j, original in enumerate(draft["reporting"]):
        p = f"d{j}-"
        if p + "text" not in post:
            out.append(original)
            continue
        duty = dict(original)
        duty["take"] = bool(post.get(p + "take"))
        duty["text"] = post.get(p + "text", "").strip()[:300] or duty["text"]
        duty["to"] = post.get(p + "to", "").strip()[:100] or None
        every = post.get(p + "every") or ""
        duty["every"] = every if every in ReportingDuty.Every.values and every != "once" else None
        duty["due_day"] = post.get(p + "day", "").strip()[:5] or None
        duty["date"] = post.get(p + "date", "").strip() or None
        kind = post.get(p + "kind")
        duty["kind"] = kind if kind in ReportingDuty.Kind.values else duty.get("kind")
        out.append(duty)
    return out


def _members(text):
    members = []
    for line in (text or "").splitlines():
        m = MEMBER_LINE.match(line)
        if not m or not m.group(2).strip():
            continue
        for name in _list(m.group(2)):
            members.append({"name": name, "role": m.group(1) or "成员", "position": (m.group(3) or None)})
    return members


def member_lines(group):
    return "\n".join(f"{m.get('role') or '成员'}：{m['name']}" + (f"（{m['position']}）" if m.get("position") else "")
                     for m in group["members"])


def _groups(draft, post):
    out = []
    for k, original in enumerate(draft["groups"]):
        p = f"g{k}-"
        if p + "name" not in post:
            out.append(original)
            continue
        group = dict(original)
        group["take"] = bool(post.get(p + "take"))
        group["name"] = post.get(p + "name", "").strip()[:120] or group["name"]
        group["members"] = _members(post.get(p + "members", ""))
        group["leader"] = next((m["name"] for m in group["members"] if m["role"] == "组长"), None)
        out.append(group)
    return out


def _decisions(draft, post):
    decisions = dict(draft.get("decisions", {}))
    i = 0
    while f"u{i}-name" in post:
        name = post[f"u{i}-name"]
        choice = post.get(f"u{i}-choice", "")
        decisions[name] = {"choice": choice, "kind": post.get(f"u{i}-kind", ""), "parent": post.get(f"u{i}-parent", "")}
        i += 1
    return decisions


def apply_edits(draft, post):
    """The draft after one POST of the review form (any button: 应用, 添加任务, 确认并保存)."""
    result = dict(draft)
    for key in ("title", "issuer", "doc_number"):
        if key in post:
            result[key] = post[key].strip()
    if post.get("source") in SOURCES:
        result["source"] = post["source"]
    if "rest" in post:
        result["rest"] = post["rest"] if post["rest"] in ("skip", "new") else ""
    result["tasks"] = _tasks(draft, post)
    result["reporting"] = _duties(draft, post)
    result["groups"] = _groups(draft, post)
    result["decisions"] = _decisions(draft, post)
    if post.get("action") == "add":
        result["tasks"].append(blank_task())
    return result


def chosen(draft):
    """The plan as it will be saved: the tasks taken from the sources chosen, the duties and
    groups taken."""
    source = draft.get("source", "all")
    tasks = [t for t in draft["tasks"] if t.get("take", True)
             and (source == "all" or t.get("source") in (source, "added"))]
    return dict(draft, tasks=tasks, reporting=[r for r in draft["reporting"] if r.get("take", True)],
                groups=[g for g in draft["groups"] if g.get("take", True)])


def unit_names(parsed):
    """Every unit name the plan uses: task owners, and group members that are units."""
    names = {n for t in parsed["tasks"] for n in t["lead_units"] + t["units"]}
    names |= {m["name"] for g in parsed.get("groups", []) for m in g["members"] if UNIT_SUFFIX.search(m["name"])}
    return sorted(n for n in names if n)


# Names that mean "everyone" (各单位, 局属各单位, 相关股室 …) name no one unit: not linked.
COLLECTIVE = re.compile(r"^(?:局属|局机关|县|旗|区|市)?(?:各|相关|有关|其他|全体|成员)")


def unit_rows(user, draft):
    """One row per unit name of the plan as it will be saved: the suggestion and the
    reviewer's decision so far."""
    names = unit_names(chosen(draft))
    suggested = unit_suggestions(user, names)
    rows = []
    for name in names:
        unit, how = suggested[name]
        if unit is None and COLLECTIVE.match(name):
            how = "collective"
        decision = draft.get("decisions", {}).get(name)
        rows.append({"name": name, "unit": unit, "how": how, "decision": decision,
                     "choice": decision["choice"] if decision else (
                         str(unit.pk) if unit else "skip" if how == "collective" else "")})
    # What still needs the reviewer first: names not found, then close ones, then the settled.
    order = {None: 0, "similar": 1, "alias": 2, "exact": 3, "collective": 4}
    return sorted(rows, key=lambda r: (order[r["how"]], r["name"]))


def resolve_units(user, draft):
    """(unit_map for import_plan, names still undecided). A name is decided by the reviewer's
    choice, or by itself when it is a unit's own name or a confirmed alias."""
    mapping, undecided = {}, []
    for row in unit_rows(user, draft):
        decision = row["decision"]
        if decision and decision["choice"] == "new":
            mapping[row["name"]] = {"new": True, "kind": decision["kind"], "parent": decision["parent"]}
        elif decision and decision["choice"] == "skip":
            mapping[row["name"]] = None
        elif decision and decision["choice"].isdigit():
            mapping[row["name"]] = int(decision["choice"])
        elif row["how"] in ("exact", "alias"):
            mapping[row["name"]] = row["unit"].pk
        elif row["how"] == "collective":
            mapping[row["name"]] = None
        # 仍为“请选择”的名称统一… applies to rows the reviewer saw; a name typed since is shown first.
        elif decision and draft.get("rest") == "skip":
            mapping[row["name"]] = None
        elif decision and draft.get("rest") == "new":
            mapping[row["name"]] = {"new": True, "kind": "", "parent": ""}
        else:
            undecided.append(row["name"])
    return mapping, undecided


def progress(draft):
    final = chosen(draft)
    return {"text": progress_text(final), **counts(final),
            "duties": len(final["reporting"]), "groups": len(final["groups"])}
