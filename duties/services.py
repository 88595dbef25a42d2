"""Set a duty; record an act of duty. Each checks the role and the scope, runs in a transaction
and writes an event row."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import uploads
from core.exceptions import ServiceError
from org.models import Person, Unit, WorkingGroup

from .models import Duty, DutyEvent, WorkRecord, WorkRecordEvent, WorkRecordFile
from .permissions import ACTIONS


def _in_scope(model, user, obj, label):
    if obj is not None and not model.objects.for_user(user).filter(pk=obj.pk).exists():
        raise ServiceError(f"{label}不在您的管理范围内。")


@transaction.atomic
def create_duty(user, *, title, evidence, every, times=1, person=None, unit=None, group=None, record_kind="",
                text="", task=None):
    if not ACTIONS.role_allows(user, "set_duty"):
        raise PermissionDenied("只有安委办可以设定职责。")
    if sum(x is not None for x in (person, unit, group)) != 1:
        raise ServiceError("请指定一位责任人、一个责任单位或一个领导小组/专班（只选其一）。")
    if evidence == Duty.Evidence.REPORT and unit is None:
        raise ServiceError("以按时报送为证的职责须指定责任单位。")
    if evidence == Duty.Evidence.ENTERPRISE_CHECK and unit is None:
        raise ServiceError("督促企业带队检查的职责须指定监管单位（责任单位）。")
    if evidence in (Duty.Evidence.TRAINING, Duty.Evidence.DRILL) and unit is None:
        raise ServiceError("以组织培训或演练为证的职责须指定组织单位（责任单位）。")
    if evidence == Duty.Evidence.LED_INSPECTION and group is not None:
        raise ServiceError("带队检查的职责须指定责任人或责任单位。")
    if times < 1:
        raise ServiceError("每周期至少 1 次。")
    _in_scope(Person, user, person, "责任人")
    _in_scope(Unit, user, unit, "责任单位")
    _in_scope(WorkingGroup, user, group, "领导小组/专班")
    region = user.region or (unit or person.unit).region
    duty = Duty.objects.create(region=region, title=title.strip()[:120], text=text, person=person, unit=unit,
                               group=group, evidence=evidence, record_kind=record_kind or "", every=every,
                               times=times, task=task, created_by=user)
    DutyEvent.objects.create(duty=duty, type="created", actor=user, data={"title": duty.title})
    return duty


@transaction.atomic
def create_work_record(user, *, kind, held_on, title, unit=None, group=None, host=None, attendees=(), minutes="",
                       decisions="", files=()):
    if not ACTIONS.role_allows(user, "record"):
        raise PermissionDenied("无权登记履职记录。")
    unit = unit or user.unit
    if unit is None:
        raise ServiceError("请选择组织单位。", field="unit")
    _in_scope(Unit, user, unit, "组织单位")
    if user.role == "unit_staff" and not Unit.objects.filter(pk=unit.pk, path__startswith=user.unit.path).exists():
        raise ServiceError("只能登记本单位的履职记录。", field="unit")
    _in_scope(WorkingGroup, user, group, "领导小组/专班")
    _in_scope(Person, user, host, "主持/带队人员")
    for person in attendees:
        _in_scope(Person, user, person, "参加人员")
    checked = [(f, uploads.document_extension(f)) for f in files]  # every file checked before any is kept
    record = WorkRecord.objects.create(region=unit.region, unit=unit, group=group, kind=kind, held_on=held_on,
                                       title=title.strip()[:120], host=host, minutes=minutes, decisions=decisions,
                                       created_by=user)
    record.attendees.set(attendees)
    for f, ext in checked:
        kept = WorkRecordFile(record=record, original_name=f.name[:200], size=f.size)
        kept.file.save(f"upload.{ext}", uploads.stored(f, ext), save=True)
    WorkRecordEvent.objects.create(record=record, type="created", actor=user,
                                   data={"kind": kind, "held_on": held_on.isoformat(), "files": len(checked)})
    return record


@transaction.atomic
def task_from_decision(user, record_id, *, plan_id, title, lead_unit, deadline=None):
    """议定事项 → a ledger task with its unit and deadline, in one step; the record keeps the link."""
    from plans import services as plan_services

    if not ACTIONS.role_allows(user, "decision_task"):
        raise PermissionDenied("只有安委办可以把议定事项列入台账。")
    record = WorkRecord.objects.for_user(user).filter(pk=record_id).first()
    if record is None:
        raise ServiceError("履职记录不存在或不在您的范围内。")
    if lead_unit is None:
        raise ServiceError("请选择牵头单位。", field="lead_unit")
    task = plan_services.add_task(user, plan_id, title=title, lead_units=[lead_unit], deadline=deadline,
                                  text=f"{record.held_on:%Y年%-m月%-d日}{record.get_kind_display()}议定：{title}",
                                  source=str(record))
    record.tasks.add(task)
    WorkRecordEvent.objects.create(record=record, type="task", actor=user, comment=task.title,
                                   data={"task": task.pk, "plan": task.plan_id})
    return task
