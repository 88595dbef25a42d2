"""The import review screen's form: the parsed plan as editable rows, and the
user's edits (edit, merge, split, delete tasks; map unit names) turned back
into the structure `services.import_plan` saves."""

import re

SPLIT_MARK = re.compile(r"^\s*-{3,}\s*$", re.M)


def _list(text):
    return [u.strip() for u in re.split(r"[、，,；;\n]", text or "") if u.strip()]


def apply_edits(parsed, post):
    """Rebuild tasks from the POSTed review form, in order: deleted rows are dropped,
    a row marked "merge" is appended to the task before it, and a '---' line in a
    task's text splits it in two."""
    out = []
    for i, original in enumerate(parsed["tasks"]):
        p = f"t{i}-"
        if post.get(p + "delete"):
            continue
        task = dict(original)
        task["title"] = (post.get(p + "title") or task["title"]).strip()
        task["text"] = post.get(p + "text", task["text"])
        task["lead_units"] = _list(post.get(p + "lead", "、".join(task["lead_units"])))
        task["units"] = _list(post.get(p + "units", "、".join(task["units"])))
        deadline = (post.get(p + "deadline") or "").strip()
        if deadline:
            task["deadlines"] = [{"text": deadline, "date": deadline}]
        elif p + "deadline" in post:
            task["deadlines"] = []
        if post.get(p + "merge") and out:
            prev = out[-1]
            prev["text"] = prev["text"].rstrip() + "\n" + task["text"]
            prev["lead_units"] = list(dict.fromkeys(prev["lead_units"] + task["lead_units"]))
            prev["units"] = list(dict.fromkeys(prev["units"] + task["units"]))
            prev["deadlines"] = prev["deadlines"] + task["deadlines"]
            prev["recurrences"] = prev["recurrences"] + task["recurrences"]
            continue
        pieces = [x.strip() for x in SPLIT_MARK.split(task["text"]) if x.strip()]
        if len(pieces) > 1:
            for n, piece in enumerate(pieces, start=1):
                part = dict(task, text=piece, number=f"{task['number']}-{n}",
                            title=task["title"] if n == 1 else piece.split("。")[0][:30])
                out.append(part)
        else:
            task["text"] = task["text"].strip()
            out.append(task)
    result = dict(parsed, tasks=out)
    for key in ("title", "issuer", "doc_number"):
        if key in post:
            result[key] = post[key].strip()
    return result


def unit_names(parsed):
    return sorted({n for t in parsed["tasks"] for n in t["lead_units"] + t["units"]})


def unit_map_from(post, names):
    """unit-<i> = an id, "new" or "" (leave out)."""
    mapping = {}
    for i, name in enumerate(names):
        value = post.get(f"unit-{i}", "")
        mapping[name] = value if value == "new" else (int(value) if value.isdigit() else None)
    return mapping
