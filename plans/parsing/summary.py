"""What a parsed plan proposes, counted and listed the way the review screen shows it."""

CONFIDENCE = {"high": "高", "medium": "中", "low": "低"}


def counts(parsed):
    """N tasks taken, M of them without a lead unit, K without a deadline; by source."""
    taken = [t for t in parsed["tasks"] if t.get("take", True)]
    return {
        "tasks": len(taken),
        "no_lead": sum(1 for t in taken if not t["lead_units"]),
        "no_deadline": sum(1 for t in taken if not t["deadlines"] and not t["recurrences"]),
        "body": sum(1 for t in taken if t.get("source", "body") == "body"),
        "attachment": sum(1 for t in taken if t.get("source") == "attachment"),
        "not_taken": len(parsed["tasks"]) - len(taken),
    }


def progress_text(parsed):
    c = counts(parsed)
    text = f"{c['tasks']} 项任务，{c['no_lead']} 项未定牵头单位，{c['no_deadline']} 项未定完成时限"
    if c["not_taken"]:
        text += f"；另有 {c['not_taken']} 项未勾选导入"
    return text


def summary_lines(parsed):
    c = counts(parsed)
    lines = [
        f"方案名称：{parsed['title']}",
        f"印发单位：{parsed.get('issuer') or '—'}    文号：{parsed.get('doc_number') or '—'}    "
        f"印发日期：{parsed.get('issued_on') or '—'}",
        f"任务：{progress_text(parsed)}（正文 {c['body']} 项，附件 {c['attachment']} 项）",
        "",
        "导入\t可信度\t序号\t任务名称\t牵头单位\t落实/配合单位\t完成时限\t来源",
    ]
    for t in parsed["tasks"]:
        lines.append("\t".join([
            "是" if t.get("take", True) else "否", CONFIDENCE.get(t.get("confidence"), "—"), str(t["number"]),
            t["title"], "、".join(t["lead_units"]) or "—", "、".join(t["units"]) or "—",
            "、".join(d["text"] for d in t["deadlines"]) or "、".join(r["text"] for r in t["recurrences"]) or "—",
            t.get("why", ""),
        ]))
    lines += ["", "阶段："] + [f"  {p['name']}\t{p['start'] or '—'} 至 {p['end'] or '—'}" for p in parsed["phases"]]
    lines += ["报送要求："] + [f"  {r['text']}\t报送至 {r.get('to') or '—'}" for r in parsed["reporting"]]
    lines += ["领导小组/专班："] + [f"  {g['name']}：" + "、".join(m["name"] for m in g["members"])
                                  for g in parsed["groups"]]
    return lines
