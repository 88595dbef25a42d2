"""Every change to an inspection and its checklist (SPEC §7).

Each function checks role and scope, runs in one transaction, locks the
inspection row and writes one InspectionEvent. A 不符合 item becomes a hazard
through hazards.services.report_hazard, so the hazard loop's own rules apply.
"""

import io
import os

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core import replay, workflow
from core.exceptions import ServiceError
from core.models import ids_in_path
from core import uploads
from hazards.models import Criterion, Hazard
from core.numbering import next_number
from hazards.services import report_hazard
from org.models import Expert, Unit
from org.roles import Role
from org.scope import get_scope, place, within

from .models import CheckItem, ChecklistTemplate, Inspection, InspectionEvent, Target, TemplateEvent
from .permissions import ACTIONS, PLANNERS

NO_TEXT = "请填写{}。"


def _require(value, label, field):
    if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
        raise ServiceError(NO_TEXT.format(label), field=field)


def _event(inspection, user, type, comment="", data=None):
    return InspectionEvent.objects.create(inspection=inspection, type=type, actor=user,
                                          comment=(comment or "").strip(), data=data or {})


def _lock(user, inspection_id, version=None):
    return workflow.lock(Inspection, user, inspection_id, version, what="检查", done="修改")


_bump = workflow.bump


def can_plan(user):
    return user.is_authenticated and user.role in PLANNERS


def can_record(user, inspection):
    """Team work: the bureau's staff in scope, and experts who are on this inspection's team."""
    if not inspection.is_open:
        return False
    if can_plan(user):
        return True
    return user.role == Role.EXPERT and inspection.experts.filter(user=user).exists()


def criteria_for(sectors):
    """判定标准 that apply to the sectors: those filed under one of them or an ancestor."""
    ids = {i for s in sectors for i in ids_in_path(s.path)}
    return Criterion.objects.filter(active=True, sector_id__in=ids).order_by("code")


# --- planning ------------------------------------------------------------------------


def _check_team(user, data):
    people = list(data.get("members") or [])
    leader = data.get("leader")
    within(user, [*people, *([leader] if leader else [])], "members", "检查人员")
    experts = list(data.get("experts") or [])
    visible_experts = Expert.objects.for_user(user)
    for expert in experts:
        if not visible_experts.filter(pk=expert.pk).exists():
            raise ServiceError(f"专家“{expert.name}”不在本地专家库中。", field="experts")
    if leader is None and not people:
        raise ServiceError("请至少指定一名检查人员或带队负责人。", field="members")
    return leader, people, experts


def _add_target(inspection, enterprise=None, place_name="", template=None, with_criteria=False, order=0):
    target = Target.objects.create(inspection=inspection, enterprise=enterprise, place_name=place_name.strip(),
                                   order=order)
    items = []
    if template is not None:
        items += [CheckItem(target=target, text=t.text, basis=t.basis, criterion_id=t.criterion_id, weight=t.weight)
                  for t in template.items.all()]
    if with_criteria:
        sectors = list(enterprise.sectors.all()) if enterprise else [inspection.sector]
        cited = {i.criterion_id for i in items}
        for c in criteria_for(sectors):
            if c.pk not in cited:
                cited.add(c.pk)
                items.append(CheckItem(target=target, text=c.text, basis=f"{c.standard} {c.code}", criterion=c))
    for n, item in enumerate(items, 1):
        item.order = n
    CheckItem.objects.bulk_create(items)
    return target


@transaction.atomic
def create_inspection(user, data):
    """检查计划: type, date, lead unit, team, the enterprises and places to visit and
    their checklists (a template, the sector's 判定标准, or both)."""
    if not can_plan(user):
        raise PermissionDenied("您的角色不能安排检查。")
    scope = get_scope(user)
    _require(data.get("kind"), "检查类型", "kind")
    _require((data.get("title") or "").strip(), "检查名称", "title")
    _require(data.get("planned_on"), "计划检查日期", "planned_on")
    sector = data.get("sector")
    _require(sector, "行业领域", "sector")
    place(user, sector=sector)
    lead_unit = data.get("lead_unit")
    _require(lead_unit, "牵头单位", "lead_unit")
    if not Unit.objects.for_user(user).filter(pk=lead_unit.pk).exists() or (
        user.role == Role.UNIT_STAFF and lead_unit.pk not in scope.unit_ids
    ):
        raise ServiceError("牵头单位应为本单位或您管理范围内的单位。", field="lead_unit")
    region = data.get("region") or lead_unit.region
    place(user, region=region)
    enterprises = list(data.get("enterprises") or [])
    places = [p.strip() for p in (data.get("places") or []) if p and p.strip()]
    within(user, enterprises, "enterprises", "企业")
    if not enterprises and not places:
        raise ServiceError("请至少选择一家受检企业或填写一个检查地点。", field="enterprises")
    leader, people, experts = _check_team(user, data)
    inspection = Inspection.objects.create(
        number=next_number(region, data["planned_on"].year, kind="JC-"), kind=data["kind"], title=data["title"].strip(),
        region=region, sector=sector, lead_unit=lead_unit, planned_on=data["planned_on"], leader=leader,
        created_by=user, draw=data.get("draw"), theme=data.get("theme"),
    )
    # The leader is a member of the team: 督查人员 (人次) counts members and experts.
    inspection.members.set({*people, *([leader] if leader else [])})
    inspection.experts.set(experts)
    template, with_criteria = data.get("template"), bool(data.get("with_criteria"))
    order = 0
    for e in enterprises:
        order += 1
        _add_target(inspection, enterprise=e, template=template, with_criteria=with_criteria, order=order)
    for p in places:
        order += 1
        _add_target(inspection, place_name=p, template=template, with_criteria=with_criteria, order=order)
    _event(inspection, user, "planned", data={"targets": order, "template": template.pk if template else None})
    return inspection


@transaction.atomic
def add_target(user, inspection_id, *, enterprise=None, place_name="", template=None, with_criteria=False):
    inspection = _lock(user, inspection_id)
    if not ACTIONS.allows(user, inspection, "target"):
        raise ServiceError("只有未完成的检查才能增加检查对象。")
    if enterprise is None and not (place_name or "").strip():
        raise ServiceError("请选择受检企业或填写检查地点。", field="enterprise")
    if enterprise is not None:
        within(user, enterprise, "enterprise", "所选企业")
        if inspection.targets.filter(enterprise=enterprise).exists():
            raise ServiceError(f"“{enterprise.name}”已在本次检查对象中。", field="enterprise")
    order = inspection.targets.count() + 1
    target = _add_target(inspection, enterprise, place_name or "", template, with_criteria, order)
    _event(inspection, user, "target_added", data={"target": target.pk, "name": str(target)})
    _bump(inspection)
    return target


@transaction.atomic
def add_item(user, inspection_id, target_id, text, basis=""):
    """An item the team adds on site (not in the template)."""
    inspection = _lock(user, inspection_id)
    if not can_record(user, inspection):
        raise PermissionDenied("您不能修改该检查的检查表。")
    target = inspection.targets.filter(pk=target_id).first()
    if target is None:
        raise ServiceError("检查对象不存在。")
    _require((text or "").strip(), "检查内容", "text")
    order = (target.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = CheckItem.objects.create(target=target, text=text.strip(), basis=(basis or "").strip(), order=order)
    _event(inspection, user, "item_added", data={"item": item.pk})
    return item


def _validated_photo(photo):
    if not photo:
        return None
    return uploads.image_extension(photo, "现场照片")


@transaction.atomic
def _stamp_lines(inspection, target, taken, where):
    place = str(target)
    if target.enterprise_id and target.enterprise.address:
        place = f"{place}（{target.enterprise.address}）"
    position = f"北纬 {where[0]:.6f}° 东经 {where[1]:.6f}°" if where else "未取得定位"
    return [f"{timezone.localtime(taken):%Y-%m-%d %H:%M} {inspection.get_kind_display()} {inspection.number}",
            place[:60], position]


def _keep_photo(item, inspection, photo, ext, lat=None, lng=None):
    """The site photo as evidence: the camera's time and GPS (or the phone's position sent by the page)
    stamped into the stored copy; the unstamped original kept beside it."""
    taken, where = uploads.photo_facts(photo)
    if where is None and lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180:
        where = (round(float(lat), 6), round(float(lng), 6))
    taken = timezone.make_aware(taken) if taken else timezone.now()
    item.photo_original.save(f"item-original.{ext}", uploads.stored(photo, ext), save=False)
    item.photo.save("item.jpg", uploads.stamped(photo, ext, _stamp_lines(inspection, item.target, taken, where)),
                    save=False)
    item.photo_taken_at = taken
    item.photo_lat, item.photo_lng = where if where else (None, None)


def record_item(user, item_id, result, note="", photo=None, lat=None, lng=None, key=""):
    """符合/不符合/不适用 + note + photo, from the field page. A 不符合 needs a note
    saying what was found (it becomes the hazard's description)."""
    item = CheckItem.objects.for_user(user).select_related("target").filter(pk=item_id).first()
    if item is None:
        raise PermissionDenied("该检查项不存在或不在您的数据范围内。")
    inspection = _lock(user, item.target.inspection_id)
    if replay.seen(user, key, CheckItem):
        return item  # a replay of an answer already recorded (sent again after a lost connection)
    if not can_record(user, inspection):
        raise ServiceError("该检查已结束或您不是检查组成员，不能记录结果。")
    if result not in (CheckItem.Result.PASS, CheckItem.Result.FAIL, CheckItem.Result.NA):
        raise ServiceError("请选择检查结果：符合、不符合或不适用。", field="result")
    if item.hazard_id and result != CheckItem.Result.FAIL:
        raise ServiceError("该项已转为隐患，不能再改为其他结果。", field="result")
    note = (note or "").strip()
    if result == CheckItem.Result.FAIL and not note:
        raise ServiceError("“不符合”请在情况说明中写明发现的问题。", field="note")
    ext = _validated_photo(photo)
    item.result, item.note = result, note
    item.checked_by, item.checked_at = user, timezone.now()
    if ext:
        _keep_photo(item, inspection, photo, ext, lat, lng)
    item.save()
    if inspection.status == Inspection.Status.PLANNED:
        inspection.status = Inspection.Status.IN_PROGRESS
        _bump(inspection, "status")
    replay.keep(user, key, item)
    _event(inspection, user, "item_recorded", data={"item": item.pk, "result": result, "photo": bool(ext),
                                                   "offline": bool(replay.clean(key))})
    return item


@transaction.atomic
def complete(user, inspection_id, version, result, done_on=None):
    """检查结束: every item answered, a conclusion written."""
    inspection = _lock(user, inspection_id, version)
    if not ACTIONS.allows(user, inspection, "complete"):
        raise ServiceError("该检查不能结束（已结束或您无权操作）。")
    pending = CheckItem.objects.filter(target__inspection=inspection, result=CheckItem.Result.PENDING).count()
    if pending:
        raise ServiceError(f"还有 {pending} 项未检查，请逐项填写“符合/不符合/不适用”后再结束检查。")
    _require((result or "").strip(), "检查结论", "result")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ServiceError("实际检查日期不能晚于今天。", field="done_on")
    inspection.status, inspection.result, inspection.done_on = Inspection.Status.COMPLETED, result.strip(), done_on
    _bump(inspection, "status", "result", "done_on")
    failed = CheckItem.objects.filter(target__inspection=inspection, result=CheckItem.Result.FAIL).count()
    _event(inspection, user, "completed", data={"failed_items": failed})
    return inspection


@transaction.atomic
def cancel(user, inspection_id, version, reason):
    inspection = _lock(user, inspection_id, version)
    if not ACTIONS.allows(user, inspection, "cancel"):
        raise ServiceError("只有尚未开始的检查可以取消。")
    _require((reason or "").strip(), "取消原因", "reason")
    inspection.status = Inspection.Status.CANCELLED
    _bump(inspection, "status")
    _event(inspection, user, "cancelled", comment=reason)
    return inspection


# --- 不符合 → 隐患 ----------------------------------------------------------------------


def hazard_prefill(item):
    """The hazard report form, filled from the item, its target and its inspection."""
    target, inspection = item.target, item.target.inspection
    team = [inspection.leader.name] if inspection.leader_id else []
    team += [p.name for p in inspection.members.all() if p.pk != inspection.leader_id]
    # What was seen titles the hazard; the requirement it falls short of stays as its basis.
    title = (item.note or item.text).strip().splitlines()[0]
    basis = f"。检查要求：{item.text.strip()}" + (f"（依据：{item.basis}）" if item.basis else "")
    return {
        "title": title[:60] + ("…" if len(title) > 60 else ""),
        "description": f"{inspection.get_kind_display()}（{inspection.number}）发现：{item.note or item.text}{basis}",
        "level": Hazard.Level.MAJOR if item.criterion_id else Hazard.Level.GENERAL,
        "criterion": item.criterion,
        "enterprise": target.enterprise,
        "place_name": target.place_name,
        "sector": target.enterprise.sector_for(inspection.sector) if target.enterprise_id else inspection.sector,
        "region": target.enterprise.region if target.enterprise_id else inspection.region,
        "source": inspection.hazard_source,
        "discovered_on": inspection.done_on or (item.checked_at and timezone.localdate(item.checked_at))
        or timezone.localdate(),
        "discovered_by": "、".join(team)[:60],
    }


@transaction.atomic
def hazard_from_item(user, item_id, data=None, photos=None):
    """One step: a 不符合 item becomes a hazard (pre-filled, editable), linked both ways.
    The item's site photo is the before-photo unless others are uploaded."""
    item = workflow.lock(CheckItem, user, item_id, what="检查项")
    inspection = _lock(user, item.target.inspection_id)
    if not can_plan(user):
        raise PermissionDenied("您的角色不能把检查项转为隐患。")
    if item.result != CheckItem.Result.FAIL:
        raise ServiceError("只有“不符合”的检查项才能转为隐患。")
    if item.hazard_id:
        raise ServiceError(f"该项已转为隐患 {item.hazard.number}。")
    fields = hazard_prefill(item) | {k: v for k, v in (data or {}).items() if v not in (None, "")}
    fields["source"] = inspection.hazard_source
    photos = list(photos or [])
    if not photos and item.photo:
        with item.photo.open("rb") as fh:
            # The stored name is a storage key (12-345-…jpg); the hazard shows a Chinese one.
            ext = os.path.splitext(item.photo.name)[1] or ".jpg"
            photos = [SimpleUploadedFile(f"检查现场照片{ext}", fh.read())]
    if not photos:
        raise ServiceError("该检查项没有现场照片，请上传至少一张隐患照片。", field="photos")
    hazard = report_hazard(user, fields, photos)
    item.hazard = hazard
    item.save(update_fields=["hazard"])
    _event(inspection, user, "hazard_created", data={"item": item.pk, "hazard": hazard.pk, "number": hazard.number})
    return hazard


# --- checklist templates ---------------------------------------------------------------


def parse_template_lines(text):
    """One item per line; "内容 | 依据 | 分值" splits off the basis and the item's weight (1 when not
    given). Blank lines are skipped."""
    items = []
    for n, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        body, _, rest = line.partition("|")
        basis, _, weight = rest.partition("|")
        weight = weight.strip() or "1"
        if not weight.isdigit() or not 1 <= int(weight) <= 100:
            raise ServiceError(f"第{n}行的分值应为 1 至 100 的整数。", field="lines")
        items.append((body.strip(), basis.strip(), int(weight)))
    return items


@transaction.atomic
def save_template(user, template_id, *, name, sector=None, note="", lines="", criteria=()):
    """Create or replace a template's items (from text lines and chosen 判定标准)."""
    if not can_plan(user):
        raise PermissionDenied("您的角色不能维护检查表。")
    _require((name or "").strip(), "检查表名称", "name")
    items = parse_template_lines(lines)
    if not items and not criteria:
        raise ServiceError("检查表至少要有一项检查内容。", field="lines")
    too_long = [body for body, basis, _ in items if len(basis) > 120]
    if too_long:
        raise ServiceError(f"“{too_long[0][:20]}”的检查依据超过120字。", field="lines")
    clash = ChecklistTemplate.objects.filter(name=name.strip()).exclude(pk=template_id or 0)
    if clash.exists():
        raise ServiceError("已有同名检查表。", field="name")
    if template_id:
        template = ChecklistTemplate.objects.select_for_update().get(pk=template_id)
        template.items.all().delete()
        kind = "edited"
    else:
        template = ChecklistTemplate()
        kind = "created"
    template.name, template.sector, template.note = name.strip(), sector, (note or "").strip()
    template.updated_at = timezone.now()
    template.save()
    rows = [template.items.model(template=template, text=c.text, basis=f"{c.standard} {c.code}", criterion=c)
            for c in criteria]
    rows += [template.items.model(template=template, text=body, basis=basis, weight=weight)
             for body, basis, weight in items]
    for n, row in enumerate(rows, 1):
        row.order = n
    template.items.model.objects.bulk_create(rows)
    TemplateEvent.objects.create(template=template, type=kind, actor=user, data={"items": len(rows)})
    return template


SIGNATURE_MAX = 400 * 1024


def signature_png(data_url):
    """A canvas's toDataURL("image/png") checked: a real PNG of sensible size with something drawn on it."""
    import base64
    import binascii

    from PIL import Image

    prefix = "data:image/png;base64,"
    if not (data_url or "").startswith(prefix):
        raise ServiceError("请先在签名框内签名。", field="image")
    try:
        raw = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        raise ServiceError("签名图像无法读取，请清除后重新签名。", field="image") from None
    if len(raw) > SIGNATURE_MAX:
        raise ServiceError("签名图像过大，请清除后重新签名。", field="image")
    try:
        with Image.open(io.BytesIO(raw)) as img:
            if img.format != "PNG" or not (50 <= img.width <= 3000 and 30 <= img.height <= 2000):
                raise ServiceError("签名图像无法读取，请清除后重新签名。", field="image")
            ink = img.convert("LA").getextrema()
    except (OSError, Image.DecompressionBombError):
        raise ServiceError("签名图像无法读取，请清除后重新签名。", field="image") from None
    (lum_min, _), (alpha_min, alpha_max) = ink
    if alpha_max == 0 or (alpha_min == 255 and lum_min > 200):
        raise ServiceError("签名框是空白的，请签名后再确认。", field="image")
    return raw


@transaction.atomic
def sign(user, inspection_id, target_id, *, role, name, image, key=""):
    """现场签名 on one target's record: an inspector, or the inspected party's representative signing on the
    inspector's phone. Only the inspection's team records it, while the inspection runs or on the day it ended."""
    from django.core.files.base import ContentFile

    from .models import Signature

    inspection = Inspection.objects.for_user(user).filter(pk=inspection_id).first()
    if inspection is None:
        raise PermissionDenied("该检查不存在或不在您的数据范围内。")
    inspection = _lock(user, inspection.pk)
    if prior := replay.seen(user, key, Signature):
        return prior  # signed offline, sent again after a lost reply
    if not can_record(user, inspection) and not (
            inspection.status == Inspection.Status.COMPLETED and inspection.done_on == timezone.localdate()
            and can_plan(user)):
        raise ServiceError("只有检查组成员可以在检查进行中（或结束当天）记录现场签名。")
    target = inspection.targets.filter(pk=target_id).first()
    if target is None:
        raise ServiceError("请选择检查对象。", field="target")
    if role not in Signature.Role.values:
        raise ServiceError("请选择签名人身份。", field="role")
    _require((name or "").strip(), "签名人姓名", "name")
    raw = signature_png(image)
    signature = Signature(inspection=inspection, target=target, role=role, name=name.strip()[:40], signed_by=user)
    signature.image.save("sign.png", ContentFile(raw), save=False)
    signature.save()
    _event(inspection, user, "signed", comment=f"{target}：{signature.get_role_display()} {signature.name}",
           data={"target": target.pk, "role": role})
    replay.keep(user, key, signature)
    return signature
