"""The enterprise records its own checks and papers; the supervising unit confirms a plan's 备案.
Each service checks the role (ACTIONS) and the scope, runs in a transaction and writes an event row;
a refused input changes nothing (a check whose finding cannot become a hazard is not kept either)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import replay, uploads
from core.exceptions import ServiceError
from core.workflow import check_version

from .models import Filing, FilingEvent, FilingFile, SelfCheck, SelfCheckEvent, SelfCheckItem
from .permissions import ACTIONS

# The usual points of a 主要负责人's monthly check: what the form offers; the enterprise adds its own.
CHECKLIST = [
    "安全生产责任制、规章制度和操作规程落实情况",
    "车辆、船舶、设备设施技术状况和维护保养",
    "动态监控、视频监控运行和违规处置",
    "从业人员资格、安全教育培训和“三违”行为",
    "消防器材、应急物资和安全通道",
    "重大危险源、危险作业和现场安全管理",
    "上月隐患整改落实情况",
]


def _enterprise(user):
    from enterprises.models import Enterprise

    if not user.enterprise_id:
        raise PermissionDenied("只有企业账号可以登记本企业的履责记录。")
    return Enterprise.objects.select_related("region").get(pk=user.enterprise_id)


def _past(day, label):
    if day is None:
        raise ServiceError(f"请填写{label}。", field="checked_on")
    if day > timezone.localdate():
        raise ServiceError(f"{label}不能晚于今天。", field="checked_on")


@transaction.atomic
def record_self_check(user, *, checked_on, leader, items, members="", summary="", key=""):
    """主要负责人带队检查. `items`: [{"text", "result", "note", "photo"}]; every 不符合 item, with its
    description and photo, becomes the enterprise's own hazard (自查上报) in the same step. `key`: the
    phone's idempotency key when it was filled in offline (core/replay.py)."""
    from hazards.services import report_hazard

    if not ACTIONS.role_allows(user, "self_check"):
        raise PermissionDenied("只有企业账号可以登记本企业的带队检查。")
    if prior := replay.seen(user, key, SelfCheck):
        return prior
    enterprise = _enterprise(user)
    _past(checked_on, "检查日期")
    if not (leader or "").strip():
        raise ServiceError("请填写带队负责人。", field="leader")
    items = [i for i in items if (i.get("text") or "").strip()]
    if not items:
        raise ServiceError("请至少填写一项检查内容。", field="items")
    for n, item in enumerate(items, 1):
        if item.get("result") not in SelfCheckItem.Result.values:
            raise ServiceError(f"第{n}项“{item['text'][:20]}”请选择检查结果。", field="items")
        if item["result"] == SelfCheckItem.Result.FAIL:
            if not (item.get("note") or "").strip():
                raise ServiceError(f"第{n}项不符合：请描述发现的问题。", field="items")
            if not item.get("photo"):
                raise ServiceError(f"第{n}项不符合：请上传现场照片（转为隐患时作为整改前照片）。", field="items")
        if item.get("photo"):
            uploads.image_extension(item["photo"], f"第{n}项的照片")
    sector = enterprise.sector_for()
    check = SelfCheck.objects.create(enterprise=enterprise, region=enterprise.region, sector=sector,
                                     checked_on=checked_on, leader=leader.strip()[:40], members=members[:200],
                                     summary=summary, created_by=user)
    hazards = 0
    for order, item in enumerate(items):
        row = SelfCheckItem(self_check=check, order=order, text=item["text"].strip()[:200], result=item["result"],
                            note=(item.get("note") or "").strip())
        photo = item.get("photo")
        if photo:  # kept without its metadata (GPS, device), as every photo is
            ext = uploads.image_extension(photo)
            row.photo.save(f"item.{ext}", uploads.stored(photo, ext), save=False)
        if row.result == SelfCheckItem.Result.FAIL:
            photo.seek(0)
            row.hazard = report_hazard(user, {
                "title": row.text[:60], "sector": sector, "discovered_on": checked_on,
                "description": f"主要负责人带队检查（{checked_on:%Y-%m-%d}，{check.leader}）发现：{row.note}",
                "discovered_by": check.leader,
            }, [photo])
            hazards += 1
        row.save()
    SelfCheckEvent.objects.create(self_check=check, type="recorded", actor=user,
                                  data={"items": len(items), "hazards": hazards, "offline": bool(replay.clean(key))})
    replay.keep(user, key, check)
    return check


def month_of(day):
    return day.replace(day=1)


@transaction.atomic
def record_filing(user, *, kind, title, dated, files, note="", hours=None, people=None):
    """Upload a 责任制, an 应急预案 (it waits for the unit's 备案), a month's 安全承诺 or a training."""
    if not ACTIONS.role_allows(user, "file"):
        raise PermissionDenied("只有企业账号可以上传本企业的履责材料。")
    enterprise = _enterprise(user)
    if kind not in Filing.Kind.values:
        raise ServiceError("请选择材料类型。", field="kind")
    if not isinstance(dated, datetime.date):
        raise ServiceError("请填写日期。", field="dated")
    if dated > timezone.localdate():
        raise ServiceError("日期不能晚于今天。", field="dated")
    if not (title or "").strip():
        raise ServiceError("请填写名称。", field="title")
    if kind == Filing.Kind.TRAINING and not (people and hours):
        raise ServiceError("请填写培训学时和参训人数。", field="people")
    if not files:
        raise ServiceError("请上传材料（文件、扫描件或照片）。", field="files")
    checked = [(f, uploads.document_extension(f)) for f in files]  # every file checked before any is kept
    if kind == Filing.Kind.PLEDGE:
        dated = month_of(dated)
    state = Filing.State.SUBMITTED if kind == Filing.Kind.EMERGENCY_PLAN else Filing.State.RECORDED
    filing = Filing.objects.create(enterprise=enterprise, region=enterprise.region, sector=enterprise.sector_for(),
                                   kind=kind, title=title.strip()[:120], dated=dated, hours=hours, people=people,
                                   note=note, state=state, created_by=user)
    for f, ext in checked:
        kept = FilingFile(filing=filing, original_name=f.name[:200], size=f.size or 0)
        kept.file.save(f"upload.{ext}", uploads.stored(f, ext), save=True)
    FilingEvent.objects.create(filing=filing, type="submitted" if state == Filing.State.SUBMITTED else "recorded",
                               actor=user, data={"kind": kind, "files": len(checked)})
    if state == Filing.State.SUBMITTED:
        _notify_units(filing)
    return filing


def _notify_units(filing):
    """A plan sent for 备案 reaches the supervising units' staff at once (it is on their 待办 too)."""
    from notify.services import notify_now
    from org.models import User

    from .status import supervising_units

    users = User.objects.filter(is_active=True, unit__in=supervising_units(filing.enterprise), role="unit_staff")
    notify_now(list(users), f"待办：{filing.enterprise.name}报送应急预案备案", filing.get_absolute_url(), filing.title)


def _review(user, pk, version, action, note):
    filing = Filing.objects.for_user(user).select_for_update().filter(pk=pk).first()
    if filing is None:
        raise ServiceError("材料不存在或不在您的监管范围内。")
    ACTIONS.check(user, filing, action, {"confirm": "确认备案", "return": "退回"}[action])
    check_version(filing, version)
    filing.state = Filing.State.FILED if action == "confirm" else Filing.State.RETURNED
    filing.reviewed_by, filing.reviewed_at, filing.review_note = user, timezone.now(), note
    filing.version += 1
    filing.save()
    FilingEvent.objects.create(filing=filing, type="filed" if action == "confirm" else "returned", actor=user,
                               comment=note, created_at=filing.reviewed_at)
    return filing


@transaction.atomic
def confirm_filing(user, pk, version, note=""):
    """确认备案: the supervising unit has the plan on file."""
    return _review(user, pk, version, "confirm", (note or "").strip())


@transaction.atomic
def return_filing(user, pk, version, reason):
    """退回 with the reason; the enterprise uploads a corrected plan as a new filing."""
    if not (reason or "").strip():
        raise ServiceError("请填写退回原因。", field="reason")
    return _review(user, pk, version, "return", reason.strip())
