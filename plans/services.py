"""Plans and the task ledger: import a parsed plan in one transaction, generate
reporting slots, record progress and submissions. Each change checks the role
and scope and writes an event row."""

import calendar
import datetime
import difflib
import re
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from org.models import Person, RegistryEvent, Unit, UnitAlias, WorkingGroup, WorkingGroupMember, match_theme
from org.roles import Role
from org.scope import get_scope

from core import uploads
from core.models import ImportBatch

from .models import (
    DutyEvent, Phase, Plan, ProgressAttachment, ProgressReport, ReportingDuty, Slot, SlotDocument, Target, Task,
    TaskEvent, period_label,
)
from .parsing import UnreadableDocument, parse_text
from .parsing.reader import read_document
from .permissions import IMPORTERS, SLOT_ACTIONS, TASK_ACTIONS, sends

ROLE_MAP = {"组长": "leader", "副组长": "deputy", "成员": "member", "办公室主任": "office_director"}
_PREFIX = re.compile(r"^(?:.{1,6}?(?:县|旗|区|市))?(?:交通运输局)?(?:局属|局机关|局|县|旗|区|市)?")


def _key(name):
    return _PREFIX.sub("", re.sub(r"\s", "", name or ""))


def unit_suggestions(user, names):
    """For each name a plan writes, the unit it most likely means and how it was found:
    "exact" (same name once prefixes are dropped), "alias" (the county confirmed it on an
    earlier import), "similar" (close wording — the reviewer must confirm) or None."""
    units = list(Unit.objects.for_user(user).filter(active=True))
    aliases = {a.name: a.unit for a in UnitAlias.objects.for_user(user).select_related("unit")
               if a.unit.active and (user.region_id is None or a.region_id == user.region_id)}
    keyed = [(u, _key(u.name)) for u in units]
    out = {}
    for name in names:
        clean = re.sub(r"\s", "", name or "")
        if clean in aliases:
            out[name] = (aliases[clean], "alias")
            continue
        k = _key(name)
        best, score = None, 0.0
        for unit, uk in keyed:
            if not uk:
                continue
            s = 1.0 if k == uk else difflib.SequenceMatcher(None, k, uk).ratio()
            if k and (k in uk or uk in k):
                s = max(s, 0.85)
            if s > score:
                best, score = unit, s
        out[name] = (best, "exact" if score == 1.0 else "similar") if score >= 0.75 else (None, None)
    return out


def match_units(user, names):
    """Best existing Unit (in the user's scope) for each name written in a plan, or None.
    Names differ from the register by prefixes (局安全监督股 / 安全监督股) and small
    wording changes, so compare without prefixes and accept close matches."""
    return {name: unit for name, (unit, _) in unit_suggestions(user, names).items()}


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def to_rrule(rec):
    every, due = rec.get("every"), rec.get("due_day")
    if every == "month":
        return "FREQ=MONTHLY" + (f";BYMONTHDAY={int(due)}" if due else "")
    if every == "year":
        if due and "-" in due:
            month, day = due.split("-")
            return f"FREQ=YEARLY;BYMONTH={int(month)};BYMONTHDAY={int(day)}"
        return "FREQ=YEARLY"
    return {"quarter": "FREQ=MONTHLY;INTERVAL=3", "half_year": "FREQ=MONTHLY;INTERVAL=6",
            "week": "FREQ=WEEKLY", "day": "FREQ=DAILY"}.get(every, "")


def _require_office(user):
    if not (user.is_authenticated and user.role in IMPORTERS):
        raise PermissionDenied("只有安委办可以导入方案。")


require_importer = _require_office


ALLOWED = (".docx", ".txt", ".pdf", ".doc", ".wps")


def parse_upload(user, f):
    """Read and parse an uploaded plan into a pending ImportBatch (the web page and the API)."""
    from django.conf import settings

    _require_office(user)
    if not f.name.lower().endswith(ALLOWED):
        raise ServiceError("只支持 .docx、.doc、.wps、.pdf、.txt 格式的方案文件。", field="file")
    if f.size > settings.MAX_UPLOAD_SIZE:
        raise ServiceError("文件过大。", field="file")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("upload" + Path(f.name).suffix.lower())
        with open(path, "wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
        try:
            parsed = parse_text(read_document(path))
        except UnreadableDocument as exc:
            raise ServiceError(str(exc), field="file") from exc
    if not parsed["tasks"]:
        raise ServiceError("未能从该文件中识别出任何任务，请确认上传的是方案正文。", field="file")
    return ImportBatch.objects.create(kind="plan", filename=f.name[:255], created_by=user, rows=[parsed])


@transaction.atomic
def commit_import(user, batch, final, mapping, parent=None):
    """Save the reviewed plan and mark its upload done, together."""
    plan = import_plan(user, final, mapping, batch.filename, parent=parent)
    batch.status, batch.result = ImportBatch.Status.COMMITTED, {"plan": plan.pk}
    batch.save(update_fields=["status", "result"])
    return plan




@transaction.atomic
def import_plan(user, parsed, unit_map, source_name="", parent=None):
    """Save a reviewed, parsed plan: plan, phases, tasks (with units), targets,
    reporting duties with their slots, and working groups — all or nothing.

    `unit_map` maps every unit name in the plan to a Unit id, "new" (create it in
    the user's region) or None (leave it out)."""
    _require_office(user)
    if not (parsed.get("title") or "").strip():
        raise ServiceError("方案名称不能为空。", field="title")
    # An item the review left unticked (a 目标 paragraph, an exhortation) is not imported.
    parsed = dict(parsed, tasks=[t for t in parsed.get("tasks", []) if t.get("take", True)])
    if not parsed["tasks"]:
        raise ServiceError("没有可保存的任务，请检查解析结果。", field="tasks")
    region = user.region
    allowed = {u.pk: u for u in Unit.objects.for_user(user)}
    units, created = {}, []
    for name, target in unit_map.items():
        if target == "new" or isinstance(target, dict):
            units[name] = _new_unit(user, name, target if isinstance(target, dict) else {}, allowed)
            created.append(units[name])
        elif target:
            unit = allowed.get(int(target))
            if unit is None:
                raise ServiceError(f"“{name}”对应的单位不在您的管理范围内。", field="units")
            units[name] = unit
            _remember_alias(user, name, unit)
    if parent is not None and not Plan.objects.for_user(user).filter(pk=parent.pk).exists():
        raise ServiceError("上级方案不在您的范围内。", field="parent")
    period = parsed.get("period") or _year_period(parsed)
    plan = Plan.objects.create(
        title=parsed["title"].strip()[:200], issuer=(parsed.get("issuer") or "")[:100],
        doc_number=(parsed.get("doc_number") or "")[:60], issued_on=_date(parsed.get("issued_on")),
        period_start=_date(period.get("start")), period_end=_date(period.get("end")), region=region,
        source_name=source_name[:200], created_by=user, parent=parent,
    )
    phases = [Phase.objects.create(plan=plan, name=p["name"][:40], start=_date(p.get("start")),
                                   end=_date(p.get("end")), order=i) for i, p in enumerate(parsed.get("phases", []))]
    involved = set()
    for order, t in enumerate(parsed["tasks"]):
        deadlines = sorted(t.get("deadlines", []), key=lambda d: d["date"])
        recurrence = (t.get("recurrences") or [None])[0]
        deadline = _date(deadlines[-1]["date"]) if deadlines else None
        task = Task.objects.create(
            plan=plan, order=order, number=str(t.get("number", ""))[:20], path=t.get("path", []),
            title=(t.get("title") or t.get("text", "")[:30])[:200], text=t.get("text", ""),
            measures=t.get("measures", ""), deadline=deadline,
            deadline_text="、".join(d["text"] for d in deadlines)[:60],
            rrule=to_rrule(recurrence) if recurrence else "",
            recurrence_text=(recurrence or {}).get("text", "")[:120],
            times_per_period=(recurrence or {}).get("times"),
            phase=next((p for p in phases if deadline and p.start and p.end and p.start <= deadline <= p.end), None),
            theme=match_theme(*t.get("path", []), t.get("title") or ""),
        )
        lead = [units[n] for n in t.get("lead_units", []) if n in units]
        others = [units[n] for n in t.get("units", []) if n in units]
        task.lead_units.set(lead)
        task.units.set(others)
        involved.update(u.pk for u in lead + others)
        for target in t.get("targets", []):
            Target.objects.create(plan=plan, task=task, text=target["text"][:200], value=target.get("value"),
                                  unit=(target.get("unit") or "")[:10])
        TaskEvent.objects.create(task=task, type="imported", actor=user, data={"source": source_name})
    duty_units = list(Unit.objects.filter(pk__in=involved)) or ([user.unit] if user.unit_id else [])
    for r in parsed.get("reporting", []):
        every = r.get("every") if r.get("every") in ReportingDuty.Every.values else None
        if every is None and not r.get("date"):
            continue  # an open-ended "及时报送" has no slot to keep
        kind, form = duty_kind(r["text"])
        duty = ReportingDuty.objects.create(
            plan=plan, text=r["text"][:300], to=(r.get("to") or "")[:100], every=every or "once",
            due_day=r.get("due_day") or _usual_day(every, parsed.get("reporting", [])), due_date=_date(r.get("date")),
            kind=kind, form=form,
        )
        duty.units.set(duty_units)
        generate_slots(duty)
    for g in parsed.get("groups", []):
        _import_group(user, g, units)
    # A unit made here has no staff yet: its tasks reach nobody until people are added.
    plan.import_warnings = [f"新建单位“{u.name}”尚无人员，其任务暂时无人接收，请在“机构人员”中为其添加人员和账号。"
                            for u in created if not u.users.exists()]
    return plan


def _new_unit(user, name, spec, allowed):
    """The reviewer chose 新建单位 for `name`: make it (type and parent as chosen; by default a
    股室 under the region's bureau) and record who did."""
    name = re.sub(r"\s", "", name or "")[:80]
    if not name:
        raise ServiceError("新建单位的名称不能为空。", field="units")
    kind = spec.get("kind") or Unit.Kind.OFFICE
    if kind not in Unit.Kind.values:
        raise ServiceError(f"“{name}”的单位类型无效。", field="units")
    parent = None
    if spec.get("parent"):
        parent = allowed.get(int(spec["parent"]))
        if parent is None or parent.region_id != user.region_id:
            raise ServiceError(f"“{name}”的上级单位不在本地区。", field="units")
    else:
        parent = Unit.objects.filter(region=user.region, kind=Unit.Kind.BUREAU).order_by("path").first()
    existing = Unit.objects.filter(region=user.region, name=name).first()
    if existing is not None:
        return existing
    unit = Unit.objects.create(name=name, region=user.region, kind=kind, parent=parent)
    RegistryEvent.objects.create(type="unit_created", actor=user, object_type="unit", object_id=unit.pk,
                                 region=user.region, data={"name": name, "kind": kind})
    return unit


def _remember_alias(user, name, unit):
    """The reviewer mapped a plan's name to a unit of another name: the county's next import
    maps it by itself."""
    name = re.sub(r"\s", "", name or "")[:80]
    if not name or name == unit.name or user.region_id is None or unit.region_id != user.region_id:
        return
    alias, made = UnitAlias.objects.update_or_create(region=user.region, name=name,
                                                     defaults={"unit": unit, "created_by": user})
    if made:
        RegistryEvent.objects.create(type="alias_confirmed", actor=user, object_type="unit_alias",
                                     object_id=alias.pk, region=user.region, data={"name": name, "unit": unit.name})


def duty_kind(text):
    """What a duty's slots take, from its words: the 调度统计表 is a form counted from the
    records; anything else (材料, 总结, 月报表 …) is handed in as documents."""
    if "调度统计表" in text or "调度表" in text:
        return ReportingDuty.Kind.FORM, "sector-tree"
    return ReportingDuty.Kind.DOCUMENT, ""


def _usual_day(every, reporting):
    """A monthly duty that names no day ("每月按时上报执法月报表") is due on the plan's usual
    monthly day — the earliest day its other monthly duties name — else on the last day."""
    if every != "month":
        return ""
    days = sorted(r["due_day"] for r in reporting if r.get("every") == "month" and (r.get("due_day") or "").isdigit())
    return days[0] if days else ""


def _year_period(parsed):
    """A plan that names no period runs for its own year (from 文号, issue date or deadlines)."""
    year = None
    if parsed.get("issued_on"):
        year = int(parsed["issued_on"][:4])
    elif parsed.get("doc_number") and re.search(r"〔(\d{4})〕", parsed["doc_number"]):
        year = int(re.search(r"〔(\d{4})〕", parsed["doc_number"]).group(1))
    else:
        dates = [d["date"] for t in parsed.get("tasks", []) for d in t.get("deadlines", [])]
        year = int(min(dates)[:4]) if dates else None
    return {"start": f"{year}-01-01", "end": f"{year}-12-31"} if year else {}


UNIT_SUFFIX = re.compile(r"(股|队|局|中心|站|办|所|科|室|支队|大队|分中心|委员会)$")


def _import_group(user, g, units):
    region = user.region
    group = WorkingGroup.objects.create(
        name=g["name"][:120], region=region,
        kind=WorkingGroup.Kind.TASK_FORCE if "专班" in g["name"] else WorkingGroup.Kind.LEADING,
        theme=match_theme(g["name"]) if "专班" in g["name"] else None,
    )
    home = user.unit or Unit.objects.filter(region=region, parent__isnull=True).first()
    for i, m in enumerate(g.get("members", [])):
        role = ROLE_MAP.get(m.get("role"), "member")
        name = (m.get("name") or "").strip()
        unit = units.get(name) or Unit.objects.filter(region=region, name=name).first() or \
            getattr(UnitAlias.objects.filter(region=region, name=name).select_related("unit").first(), "unit", None)
        if unit is None and UNIT_SUFFIX.search(name):
            continue  # a unit the reviewer did not map: never created behind their back
        person = None
        if unit is None and len(name) <= 5 and home is not None:
            person = Person.objects.filter(unit__region=region, name=name).first() or Person.objects.create(
                name=name, unit=home, position=(m.get("position") or "")[:80])
        if unit is None and person is None:
            continue
        WorkingGroupMember.objects.create(group=group, role=role, person=person, unit=unit if person is None else None,
                                          title=(m.get("position") or "")[:120], sort_order=i)


# --- reporting slots -------------------------------------------------------------------


def _day(year, month, day):
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_dates(duty, start, end):
    """Every due date of a duty between start and end (inclusive)."""
    if duty.every == "once":
        return [duty.due_date] if duty.due_date else []
    out = []
    if duty.every == "week":
        weekday = int(duty.due_day) if (duty.due_day or "").isdigit() and 1 <= int(duty.due_day) <= 7 else 5
        day = start + datetime.timedelta(days=(weekday - start.isoweekday()) % 7)  # 每周五 by default
        while day <= end:
            out.append(day)
            day += datetime.timedelta(days=7)
    elif duty.every == "month":
        day = int(duty.due_day) if duty.due_day else 31
        y, m = start.year, start.month
        while (y, m) <= (end.year, end.month):
            out.append(_day(y, m, day))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    elif duty.every == "year":
        month, day = (map(int, duty.due_day.split("-")) if "-" in (duty.due_day or "") else (12, 31))
        out = [_day(y, month, day) for y in range(start.year, end.year + 1)]
    else:  # quarter / half-year: by the 15th of the month after the period (第16号令's habit)
        step = 3 if duty.every == "quarter" else 6
        for y in range(start.year, end.year + 2):
            for m in range(step, 13, step):
                due = _day(y + (m == 12), 1 if m == 12 else m + 1, 15)
                out.append(due)
    return [d for d in out if start <= d <= end]


def recipient(duty, unit):
    """Is `unit` the one the duty reports to ("报送局安全监督股")? The office that receives a report
    is never sent a slot of its own."""
    to = (duty.to or "").strip()
    return bool(to) and any(name and len(name) >= 2 and name in to for name in (unit.name, unit.short_name))


def generate_slots(duty, start=None, end=None):
    """One slot per due date per responsible unit, the receiving office apart; existing slots are kept."""
    plan = duty.plan
    start = start or plan.period_start or plan.issued_on or timezone.localdate().replace(month=1, day=1)
    end = end or plan.period_end or start.replace(year=start.year + 1)
    created = 0
    units = [u for u in duty.units.all() if not recipient(duty, u)]
    for due in due_dates(duty, start, end):
        for unit in units:
            _, new = Slot.objects.get_or_create(duty=duty, unit=unit, due_date=due,
                                                defaults={"period": period_label(duty.every, due)})
            created += new
    return created


_check_version = workflow.check_version


def _slot_for(user, slot_id):
    return workflow.lock(Slot, user, slot_id, what="报送事项", related=("duty__plan", "unit__region"))


MAX_SLOT_FILES = 10


@transaction.atomic
def submit_slot(user, slot_id, note="", version=None, files=(), reason=""):
    """A unit hands in its material for one period (on time or late: the date decides).

    A slot takes what its duty says: a document duty takes one or more files (.docx, .pdf,
    .xlsx, images, checked by content) and is never registered without them; a form duty is
    handed in by submitting its table (reports.services.submit_dispatch), not here. A second
    submission is a correction: a new version of the files, with its reason."""
    slot = _slot_for(user, slot_id)
    if not SLOT_ACTIONS.role_allows(user, "submit"):
        raise PermissionDenied("您的角色不能报送。")
    require_sender(user, slot)
    _check_version(slot, version, "报送期次")
    duty = slot.duty
    if duty.kind == ReportingDuty.Kind.FORM:
        raise ServiceError(f"该事项报送的是{duty.takes}，请在“报表—报送{duty.takes}”中填报并签署后报送。")
    files = [f for f in (files or []) if f]
    if not files:
        raise ServiceError("请上传报送的材料（Word、PDF、Excel 或图片），登记报送须附材料。", field="files")
    if len(files) > MAX_SLOT_FILES:
        raise ServiceError(f"一次最多上传 {MAX_SLOT_FILES} 个文件。", field="files")
    checked = [(f, uploads.document_extension(f)) for f in files]  # every file checked before any is kept
    reason = (reason or "").strip()
    last = slot.documents.order_by("-version").values_list("version", flat=True).first()
    if slot.submitted_at and not reason:
        raise ServiceError("该期已报送；更正须说明原因，将作为新版本报送。", field="reason")
    # After a revocation the files stay on record; what is handed in next is their next version.
    version_no = (last or 0) + 1
    for f, ext in checked:
        doc = SlotDocument(slot=slot, version=version_no, original_name=f.name[:200], size=f.size or 0,
                           uploaded_by=user, reason=reason[:200] if slot.submitted_at else "")
        doc.file.save(f"upload.{ext}", uploads.stored(f, ext), save=True)
    corrected = bool(slot.submitted_at)
    if not corrected:
        slot.submitted_at, slot.submitted_by = timezone.now(), user
    slot.note = (note or "").strip()
    workflow.bump(slot, "submitted_at", "submitted_by", "note")
    _handed_in(slot, user, "corrected" if corrected else "submitted", reason if corrected else slot.note,
               version=version_no, files=[f.name[:200] for f, _ in checked])
    return slot


def require_sender(user, slot):
    """Refuse a hand-in by anyone but the side that owes the slot (plans.permissions.sends)."""
    if not sends(user, slot):
        raise PermissionDenied(f"该事项由{slot.unit.name}报送，报送对象不能代为报送。")


def _handed_in(slot, user, type, comment, **data):
    """The duty's event for a slot handed in (or corrected): who, which period, on time or late."""
    DutyEvent.objects.create(duty=slot.duty, type=type, actor=user, comment=comment,
                             data={"slot": slot.pk, "unit": slot.unit_id, "period": slot.period,
                                   "status": slot.status(), **data})


def register_form_submission(user, slot, label):
    """reports.services.submit_dispatch marks a form slot handed in once its signed table is
    frozen; the table is the proof (reports.Submission)."""
    if slot.submitted_at:
        return slot
    slot.submitted_at, slot.submitted_by, slot.note = timezone.now(), user, label
    workflow.bump(slot, "submitted_at", "submitted_by", "note")
    _handed_in(slot, user, "submitted", label)
    return slot


@transaction.atomic
def revoke_slot(user, slot_id, version, reason):
    """The safety office takes back a submission registered by mistake; the period is
    open again (and counts as missing once its date has passed)."""
    slot = _slot_for(user, slot_id)
    if not SLOT_ACTIONS.role_allows(user, "revoke"):
        raise PermissionDenied("只有安委办可以撤销报送登记。")
    _check_version(slot, version, "报送期次")
    if not slot.submitted_at:
        raise ServiceError("该期尚未报送，无需撤销。")
    if slot.submissions.exists():
        # A signed 调度统计表 is frozen into this slot: it is corrected by a new version, not undone.
        raise ServiceError("该期已报送调度统计表，不能撤销登记；如需更正，请报送新版本。")
    if not (reason or "").strip():
        raise ServiceError("请填写撤销原因。", field="reason")
    before = {"submitted_at": slot.submitted_at.isoformat(), "submitted_by": slot.submitted_by_id, "note": slot.note}
    slot.submitted_at, slot.submitted_by, slot.note = None, None, ""
    workflow.bump(slot, "submitted_at", "submitted_by", "note")
    DutyEvent.objects.create(duty=slot.duty, type="revoked", actor=user, comment=reason.strip(),
                             data={"slot": slot.pk, "unit": slot.unit_id, "period": slot.period, "before": before})
    return slot


# --- progress, 批示, 督办 -------------------------------------------------------------------


def _task_for(user, task_id, version=None):
    return workflow.lock(Task, user, task_id, version, what="任务")


TASK_FIELDS = {"title": "任务名称", "measures": "具体措施", "deadline": "完成时限", "deadline_text": "时限（原文）",
               "lead_units": "牵头单位", "units": "落实/配合单位"}


def _field_value(task, name):
    if name in ("lead_units", "units"):
        return sorted(getattr(task, name).values_list("pk", flat=True))
    value = getattr(task, name)
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def edit_task(user, task_id, version, fields, comment=""):
    """The safety office corrects a task after import or re-assigns it: title, measures,
    deadline and the units. `version` is required — two people editing the same task
    must not overwrite each other. Records what changed, before and after."""
    if not TASK_ACTIONS.role_allows(user, "edit"):
        raise PermissionDenied("只有安委办可以修改任务。")
    if version in (None, ""):
        raise ServiceError("缺少版本号，请刷新页面后重新编辑。", field="version")
    task = _task_for(user, task_id, version)
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ServiceError(f"不能修改的字段：{'、'.join(sorted(unknown))}。")
    if "title" in fields and not (fields["title"] or "").strip():
        raise ServiceError("任务名称不能为空。", field="title")
    allowed = set(Unit.objects.for_user(user).values_list("pk", flat=True))
    for name in ("lead_units", "units"):
        if name in fields:
            ids = {getattr(u, "pk", u) for u in fields[name] or []}
            if not ids <= allowed:
                raise ServiceError(f"{TASK_FIELDS[name]}中有不在您管理范围内的单位。", field=name)
            fields[name] = sorted(ids)
    before, after = {}, {}
    for name, value in fields.items():
        old = _field_value(task, name)
        if name in ("lead_units", "units"):
            new = value
        elif name == "deadline":
            new = value.isoformat() if value else None
        else:
            new = (value or "").strip()
        if old != new:
            before[name], after[name] = old, new
    if "deadline" in after and "deadline_text" not in after and task.deadline_text:
        # The plan's wording ("6月底前") no longer describes the new date.
        before["deadline_text"], after["deadline_text"] = task.deadline_text, ""
    if not after:
        raise ServiceError("没有修改任何内容。")
    for name in after:
        if name in ("lead_units", "units"):
            getattr(task, name).set(fields[name])
        elif name == "deadline":
            task.deadline = fields["deadline"]
        else:
            setattr(task, name, after[name])
    if "deadline" in after:  # the phase follows the deadline, as on import
        task.phase = (task.plan.phases.filter(start__lte=task.deadline, end__gte=task.deadline).first()
                      if task.deadline else None)
    workflow.bump(task)
    TaskEvent.objects.create(task=task, type="edited", actor=user, comment=(comment or "").strip(),
                             data={"before": before, "after": after,
                                   "fields": [TASK_FIELDS[n] for n in after]})
    return task


@transaction.atomic
def report_progress(user, task_id, *, period, text, percent, delay_reason="", files=()):
    """A responsible unit reports progress; 100% completes the task. A late task
    must say why it is late."""
    task = _task_for(user, task_id)
    scope = get_scope(user)
    if user.role == Role.UNIT_STAFF:
        mine = set(task.lead_units.values_list("pk", flat=True)) | set(task.units.values_list("pk", flat=True))
        units = [u for u in scope.unit_ids if u in mine]
        if not units:
            raise PermissionDenied("只有牵头或落实单位可以报送该任务的进展。")
        unit_id = user.unit_id if user.unit_id in units else units[0]
    elif user.role == Role.SAFETY_OFFICE and user.unit_id:
        unit_id = user.unit_id
    else:
        raise PermissionDenied("您的角色不能报送任务进展。")
    if not (text or "").strip():
        raise ServiceError("请填写进展情况。", field="text")
    if percent is None or not 0 <= int(percent) <= 100:
        raise ServiceError("完成进度应在 0 到 100 之间。", field="percent")
    late = task.deadline and task.deadline < timezone.localdate() and int(percent) < 100
    if late and not (delay_reason or "").strip():
        raise ServiceError("任务已超过完成时限，请填写滞后原因。", field="delay_reason")
    if not re.fullmatch(r"\d{4}-\d{2}", period or ""):
        raise ServiceError("期间格式应为 2026-11。", field="period")
    checked = [(f, uploads.document_extension(f)) for f in files or []]  # all checked before any is saved
    report = ProgressReport.objects.create(task=task, unit_id=unit_id, period=period, text=text.strip(),
                                           percent=int(percent), delay_reason=(delay_reason or "").strip(),
                                           submitted_by=user)
    for f, ext in checked:
        att = ProgressAttachment(report=report, original_name=f.name[:200], size=f.size)
        att.file.save(f"upload.{ext}", uploads.stored(f, ext), save=True)
    if int(percent) == 100 and not task.completed_at:
        # Progress rows are additive (two units may report at once); only completing the
        # task changes the task itself, so only that moves its version.
        task.completed_at = timezone.now()
        workflow.bump(task, "completed_at")
    TaskEvent.objects.create(task=task, type="progress", actor=user, comment=text.strip(),
                             data={"period": period, "percent": int(percent), "report": report.pk,
                                   "attachments": len(checked)})
    return report


@transaction.atomic
def add_task(user, plan_id, *, title, text="", lead_units=(), units=(), deadline=None, source=""):
    """One task added to a plan's ledger outside an import — a decision of a meeting (议定事项) —
    reaching its units' 我的任务 at once."""
    _require_office(user)
    plan = Plan.objects.for_user(user).filter(pk=plan_id).first()
    if plan is None:
        raise ServiceError("方案不存在或不在您的范围内。", field="plan")
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写任务名称。", field="title")
    allowed = set(Unit.objects.for_user(user).values_list("pk", flat=True))
    if any(u.pk not in allowed for u in [*lead_units, *units]):
        raise ServiceError("责任单位不在您的管理范围内。", field="lead_units")
    if deadline and deadline < timezone.localdate():
        raise ServiceError("完成时限不能早于今天。", field="deadline")
    order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    task = Task.objects.create(plan=plan, order=order, title=title[:200], text=(text or title).strip(),
                               deadline=deadline, deadline_text=f"{deadline:%Y年%-m月%-d日}前" if deadline else "",
                               theme=match_theme(title))
    task.lead_units.set(lead_units)
    task.units.set([u for u in units if u not in lead_units])
    TaskEvent.objects.create(task=task, type="added", actor=user, data={"source": source[:200]})
    return task


def _assessment_fields(completion, score, text):
    from .models import Assessment

    if completion not in Assessment.Completion.values:
        raise ServiceError("请选择完成情况。", field="completion")
    if score is None or not 0 <= int(score) <= 100:
        raise ServiceError("得分应在 0 到 100 之间。", field="score")
    if not (text or "").strip():
        raise ServiceError("请填写说明。", field="text")
    return int(score), text.strip()[:4000]


@transaction.atomic
def self_assess(user, task_id, *, completion, score, text, files=()):
    """自查自评: the lead unit states how far the task is done, scores it against its target, and
    attaches its evidence."""
    from .models import Assessment, AssessmentFile
    from .permissions import assessing_unit

    task = _task_for(user, task_id)
    unit = assessing_unit(user, task)
    if not TASK_ACTIONS.role_allows(user, "self_assess") or unit is None:
        raise PermissionDenied("只有任务的牵头单位可以自查自评。")
    score, text = _assessment_fields(completion, score, text)
    checked = [(f, uploads.document_extension(f)) for f in files or []]  # every file checked before any is kept
    assessment = Assessment.objects.create(task=task, kind=Assessment.Kind.SELF, unit=unit, completion=completion,
                                           score=score, text=text, created_by=user)
    for f, ext in checked:
        kept = AssessmentFile(assessment=assessment, original_name=f.name[:200], size=f.size)
        kept.file.save(f"upload.{ext}", uploads.stored(f, ext), save=True)
    TaskEvent.objects.create(task=task, type="self_assessed", actor=user, comment=text,
                             data={"unit": unit.name, "score": score, "completion": completion, "files": len(checked)})
    return assessment


@transaction.atomic
def onsite_assess(user, task_id, *, completion, score, text, verified):
    """现场评估: the 专班 checks the task on site, says whether the self-assessment holds, and scores it."""
    from .models import Assessment

    task = _task_for(user, task_id)
    if not TASK_ACTIONS.role_allows(user, "onsite_assess"):
        raise PermissionDenied("只有安委办（评估专班）可以登记现场评估。")
    score, text = _assessment_fields(completion, score, text)
    if verified is None:
        raise ServiceError("请选择自评是否属实。", field="verified")
    assessment = Assessment.objects.create(task=task, kind=Assessment.Kind.ONSITE, completion=completion, score=score,
                                           verified=bool(verified), text=text, created_by=user)
    TaskEvent.objects.create(task=task, type="onsite_assessed", actor=user, comment=text,
                             data={"score": score, "completion": completion, "verified": bool(verified)})
    return assessment


@transaction.atomic
def instruct(user, task_id, comment):
    task = _task_for(user, task_id)
    if not TASK_ACTIONS.role_allows(user, "instruct"):
        raise PermissionDenied("只有局领导可以批示。")
    if not (comment or "").strip():
        raise ServiceError("请填写批示内容。", field="comment")
    return TaskEvent.objects.create(task=task, type="instructed", actor=user, comment=comment.strip())


@transaction.atomic
def urge(user, task_id, comment):
    task = _task_for(user, task_id)
    if not TASK_ACTIONS.role_allows(user, "urge"):
        raise PermissionDenied("只有局领导和安委办可以督办。")
    if not (comment or "").strip():
        raise ServiceError("请填写督办意见。", field="comment")
    return TaskEvent.objects.create(task=task, type="urged", actor=user, comment=comment.strip())
