"""Trainings, drills and coverage targets: every change checks role and scope, runs
in one transaction and writes one event row."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from org.models import Unit
from core import workflow
from core.exceptions import ServiceError
from enterprises.models import Contact, Enterprise
from core import uploads
from org.roles import Role
from org.scope import get_scope, home_region, place, within

from .models import (Attendee, CoverageEvent, CoverageItem, CoverageMark, CoverageTarget, Drill, DrillEvent,
                     DrillPlanEvent, DrillPlanItem, Training,
                     TrainingAttachment, TrainingEvent)

STAFF = {Role.UNIT_STAFF, Role.SAFETY_OFFICE}
DRILL_WRITERS = {Role.ENTERPRISE, Role.UNIT_STAFF, Role.SAFETY_OFFICE}
# Coverage targets are set by the safety office (the plan's owner).
TARGET_OWNERS = {Role.SAFETY_OFFICE}


def _staff(user, verb):
    if not (user.is_authenticated and user.role in STAFF):
        raise PermissionDenied(f"您的角色不能{verb}。")


def _text(value, label, field, limit):
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}。", field=field)
    if len(value) > limit:
        raise ServiceError(f"{label}不能超过 {limit} 字。", field=field)
    return value


# --- training ---------------------------------------------------------------------------


@transaction.atomic
def record_training(user, data, contacts=(), people=(), files=()):
    """A training and who attended. Results (考核合格) may come now or later (set_results)."""
    _staff(user, "登记培训")
    title = _text(data.get("title"), "培训名称", "title", 120)
    if data.get("kind") not in Training.Kind.values:
        raise ServiceError("请选择培训类型。", field="kind")
    start, end = data.get("start_on"), data.get("end_on")
    if not start or not end:
        raise ServiceError("请填写培训起止日期。", field="start_on")
    if end < start:
        raise ServiceError("结束日期不能早于开始日期。", field="end_on")
    hours = data.get("hours")
    if hours is None or hours <= 0 or hours > 1000:
        raise ServiceError("请填写学时（大于 0）。", field="hours")
    organizer = data.get("organizer")
    within(user, organizer, "organizer", "组织单位")
    contacts, people = list(contacts), list(people)
    if not contacts and not people:
        raise ServiceError("请至少选择一名参训人员。", field="contacts")
    visible = Enterprise.objects.for_user(user)
    for c in contacts:
        if not visible.filter(pk=c.enterprise_id).exists():
            raise ServiceError(f"参训人员“{c.name}”所在企业不在您的管理范围内。", field="contacts")
    within(user, people, "people", "参训人员")
    checked = [(f, uploads.document_extension(f)) for f in files or []]
    region = data.get("region") or home_region(user)
    place(user, region=region)
    training = Training.objects.create(
        kind=data["kind"], title=title, region=region, organizer=organizer, start_on=start, end_on=end, hours=hours,
        place=(data.get("place") or "").strip()[:120], note=(data.get("note") or "").strip(), created_by=user)
    Attendee.objects.bulk_create([Attendee(training=training, contact=c) for c in contacts]
                                 + [Attendee(training=training, person=p) for p in people])
    for f, ext in checked:
        att = TrainingAttachment(training=training, original_name=f.name[:200])
        att.file.save(f"file.{ext}", uploads.stored(f, ext), save=False)
        att.save()
    TrainingEvent.objects.create(training=training, type="recorded", actor=user,
                                 data={"attendees": len(contacts) + len(people), "files": len(checked)})
    return training


@transaction.atomic
def set_results(user, training_id, results):
    """考核结果: {attendee_id: True/False/None}. A key person who passes is recorded as
    考核合格 on the enterprise's contact, with the training's end date."""
    _staff(user, "登记考核结果")
    training = workflow.lock(Training, user, training_id, what="培训")
    if training.end_on > timezone.localdate():
        raise ServiceError("培训尚未结束，不能登记考核结果。")
    attendees = {a.pk: a for a in training.attendees.select_related("contact")}
    unknown = set(results) - set(attendees)
    if unknown:
        raise ServiceError("考核结果中有不属于本次培训的人员。")
    changed = 0
    for pk, passed in results.items():
        a = attendees[pk]
        if a.passed == passed:
            continue
        a.passed = passed
        a.save(update_fields=["passed"])
        changed += 1
        if passed and a.contact_id and training.kind == Training.Kind.KEY_PEOPLE:
            c = a.contact
            if c.trained_on is None or c.trained_on <= training.end_on:
                c.training_status, c.trained_on = Contact.Training.CERTIFIED, training.end_on
                c.save(update_fields=["training_status", "trained_on"])
    TrainingEvent.objects.create(training=training, type="results", actor=user,
                                 data={"changed": changed, "passed": sum(1 for v in results.values() if v)})
    return training


# --- drills ------------------------------------------------------------------------------


@transaction.atomic
def record_drill(user, data):
    """应急演练: an enterprise records its own; units and the safety office record any in scope, or
    the bureau's own (组织单位, no enterprise), held against its 年度应急演练计划 when it was planned."""
    if not (user.is_authenticated and user.role in DRILL_WRITERS):
        raise PermissionDenied("您的角色不能登记应急演练。")
    enterprise, organiser = data.get("enterprise"), None
    if user.role == Role.ENTERPRISE:
        enterprise = Enterprise.objects.get(pk=user.enterprise_id)
    elif enterprise is None:
        organiser = data.get("organiser")
        if organiser is None:
            raise ServiceError("请选择生产经营单位，或本局组织的演练选择组织单位。", field="enterprise")
        if not Unit.objects.for_user(user).filter(pk=organiser.pk).exists() or (
                user.role == Role.UNIT_STAFF and organiser.pk not in get_scope(user).unit_ids):
            raise ServiceError("组织单位应为本单位或您管理范围内的单位。", field="organiser")
    if enterprise is not None:
        place(user, enterprise=enterprise)
    if data.get("kind") not in Drill.Kind.values:
        raise ServiceError("请选择演练类型。", field="kind")
    held_on = data.get("held_on")
    if held_on is None or held_on > timezone.localdate():
        raise ServiceError("演练日期不能为空或晚于今天。", field="held_on")
    participants = data.get("participants") or 0
    if participants < 1:
        raise ServiceError("请填写参演人数。", field="participants")
    scope = get_scope(user)
    if enterprise is not None:
        region, sector = enterprise.region, enterprise.sector_for(allowed_ids=scope.sector_ids)
    else:
        region, sector = organiser.region, data.get("sector")
        if sector is None:
            raise ServiceError("请选择演练涉及的行业领域。", field="sector")
        place(user, sector=sector)
    plan_item = data.get("plan_item")
    if plan_item is not None and (enterprise is not None or
                                  not DrillPlanItem.objects.for_user(user).filter(pk=plan_item.pk).exists()):
        raise ServiceError("演练计划不存在或不属于本局组织的演练。", field="plan_item")
    drill = Drill.objects.create(
        enterprise=enterprise, organiser=organiser, plan_item=plan_item, region=region, sector=sector,
        kind=data["kind"], held_on=held_on, participants=participants,
        scenario=_text(data.get("scenario"), "演练科目", "scenario", 120),
        evaluation=_text(data.get("evaluation"), "演练评估", "evaluation", 4000), created_by=user)
    DrillEvent.objects.create(drill=drill, type="recorded", actor=user, data={"kind": drill.kind})
    return drill


@transaction.atomic
def plan_drill(user, *, year, month, scenario, kind, organiser):
    """One line of the 年度应急演练计划 (the safety office)."""
    if not (user.is_authenticated and user.role in TARGET_OWNERS):
        raise PermissionDenied("只有安委办可以编制演练计划。")
    if not 1 <= int(month) <= 12:
        raise ServiceError("计划月份应为 1 到 12。", field="month")
    if kind not in Drill.Kind.values:
        raise ServiceError("请选择演练类型。", field="kind")
    if organiser is None or not Unit.objects.for_user(user).filter(pk=organiser.pk).exists():
        raise ServiceError("组织单位应在您的管理范围内。", field="organiser")
    item = DrillPlanItem.objects.create(region=organiser.region, year=year, month=month, kind=kind,
                                        scenario=_text(scenario, "演练科目", "scenario", 120), organiser=organiser,
                                        created_by=user)
    DrillPlanEvent.objects.create(item=item, type="planned", actor=user, data={"year": year, "month": month})
    return item


# --- coverage targets ------------------------------------------------------------------------


def _target(user, target_id):
    return workflow.lock(CoverageTarget, user, target_id, what="全覆盖目标")


@transaction.atomic
def save_target(user, target_id, data):
    if not (user.is_authenticated and user.role in TARGET_OWNERS):
        raise PermissionDenied("全覆盖目标由安委办设置。")
    name = _text(data.get("name"), "目标名称", "name", 80)
    if data.get("population") not in CoverageTarget.Population.values:
        raise ServiceError("请选择统计对象。", field="population")
    rule = data.get("rule")
    fits = {"enterprises": {"key_people_trained", "marked"}, "officers": {"officer_trained"}, "items": {"item_done"}}
    if rule not in fits[data["population"]]:
        raise ServiceError("达标条件与统计对象不匹配：企业可按培训或逐家确认，执法人员按轮训，清单按完成情况。",
                           field="rule")
    percent = data.get("target_percent")
    if percent is None or not 0 < percent <= 100:
        raise ServiceError("目标百分比应在 0 到 100 之间。", field="target_percent")
    if not data.get("deadline") or not data.get("counted_from"):
        raise ServiceError("请填写计算起始日期和完成时限。", field="deadline")
    target = _target(user, target_id) if target_id else CoverageTarget(region=user.region)
    unit = data.get("unit")
    if unit is not None and not Unit.objects.for_user(user).filter(pk=unit.pk).exists():
        raise ServiceError("责任单位不在您的管理范围内。", field="unit")
    for key in ("population", "sector", "two_plus_one_only", "rule", "counted_from", "target_percent", "deadline",
                "unit"):
        setattr(target, key, data.get(key))
    target.name = name
    target.two_plus_one_only = bool(target.two_plus_one_only)
    target.save()
    CoverageEvent.objects.create(target=target, type="saved" if target_id else "created", actor=user,
                                 data={"rule": rule, "target_percent": str(percent)})
    return target


@transaction.atomic
def mark(user, target_id, enterprise, marked_on=None, note=""):
    """逐家确认: the enterprise meets the target (e.g. has joined the platform)."""
    _staff(user, "确认达标")
    target = _target(user, target_id)
    if target.rule != CoverageTarget.Rule.MARKED:
        raise ServiceError("该目标按培训或清单自动计算，不需逐家确认。")
    within(user, enterprise, "enterprise", "该企业")
    marked_on = marked_on or timezone.localdate()
    if marked_on > timezone.localdate():
        raise ServiceError("确认日期不能晚于今天。", field="marked_on")
    _, created = CoverageMark.objects.get_or_create(
        target=target, enterprise=enterprise,
        defaults={"marked_on": marked_on, "note": (note or "")[:200], "marked_by": user})
    if not created:
        raise ServiceError(f"“{enterprise.name}”已确认达标。")
    CoverageEvent.objects.create(target=target, type="marked", actor=user, data={"enterprise": enterprise.pk})


@transaction.atomic
def unmark(user, target_id, enterprise, reason):
    _staff(user, "撤销达标确认")
    target = _target(user, target_id)
    reason = _text(reason, "撤销原因", "reason", 200)
    deleted, _ = CoverageMark.objects.filter(target=target, enterprise=enterprise).delete()
    if not deleted:
        raise ServiceError("该企业没有达标确认。")
    CoverageEvent.objects.create(target=target, type="unmarked", actor=user, comment=reason,
                                 data={"enterprise": enterprise.pk})


@transaction.atomic
def add_item(user, target_id, name):
    _staff(user, "维护清单")
    target = _target(user, target_id)
    if target.population != CoverageTarget.Population.ITEMS:
        raise ServiceError("只有清单类目标可以增加事项。")
    item = CoverageItem.objects.create(target=target, name=_text(name, "名称", "name", 120))
    CoverageEvent.objects.create(target=target, type="item_added", actor=user, data={"item": item.pk})
    return item


@transaction.atomic
def complete_item(user, item_id, done_on=None):
    _staff(user, "维护清单")
    item = workflow.lock(CoverageItem, user, item_id, what="事项")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ServiceError("完成日期不能晚于今天。", field="done_on")
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    CoverageEvent.objects.create(target=item.target, type="item_done", actor=user,
                                 data={"item": item.pk, "done_on": done_on})
    return item


def year_start(today=None):
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1)
