"""群众举报: the public submission and the handling workflow
受理 → 核查 → 查实 (a linked hazard, source 群众举报查实) / 不属实, or 不予受理.

Public input is untrusted: every field is checked before anything is saved,
markup is refused rather than stored, photos are checked by content, and one
address may file only a few tip-offs an hour (counted in the database, so the
limit holds across worker processes).
"""

import datetime
import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.exceptions import ServiceError
from core.models import ids_in_path
from core.validators import validate_phone
from core import uploads
from hazards.models import Hazard
from hazards.services import report_hazard
from org.models import Region, Sector, Unit
from org.roles import Role
from org.scope import get_scope, place, within

from .models import HANDLING_DAYS, TipOff, TipOffEvent, TipOffPhoto
from .permissions import ACTIONS, HANDLERS

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|on[a-z]+\s*=", re.IGNORECASE)
MAX_PHOTOS = 5
S = TipOff.State


class Throttled(ServiceError):
    """Too many submissions from one address; the view answers 429."""


def source_hash(address):
    """A keyed hash of the client address: enough to rate-limit, useless to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:tipoff:{address}".encode()).hexdigest()


def new_code():
    return "JB" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def _clean_text(value, label, field, *, required=True, max_length=None, min_length=0):
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(f"请填写{label}。", field=field)
    if MARKUP.search(value):
        raise ServiceError(f"{label}中不能包含网页代码或脚本（如 <script>），请只用文字描述。", field=field)
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ServiceError(f"{label}中含有不可见的控制字符，请删除后重新提交。", field=field)
    if max_length and len(value) > max_length:
        raise ServiceError(f"{label}不能超过 {max_length} 字（现有 {len(value)} 字）。", field=field)
    if value and len(value) < min_length:
        raise ServiceError(f"{label}至少写 {min_length} 个字，说明时间、地点和问题。", field=field)
    return value


def check_rate(address_hash, now=None):
    now = now or timezone.now()
    per_hour, per_day = settings.TIPOFF_RATE_PER_HOUR, settings.TIPOFF_RATE_PER_DAY
    recent = TipOff.objects.filter(source_hash=address_hash, submitted_at__gte=now - datetime.timedelta(days=1))
    if recent.count() >= per_day or recent.filter(submitted_at__gte=now - datetime.timedelta(hours=1)).count() >= per_hour:
        raise Throttled("您提交举报过于频繁，请稍后再试。如情况紧急，请拨打 12328 交通运输服务监督电话。")


def handling_unit_for(region, sector):
    """The unit that supervises the sector in the county: the most specific sector match
    wins; among equals a 股室/二级单位 before the enforcement team, before the bureau."""
    county_ids = ids_in_path(region.path)
    chain = ids_in_path(sector.path)
    candidates = (Unit.objects.filter(region_id__in=county_ids, active=True, sectors__id__in=chain)
                  .exclude(kind=Unit.Kind.EXTERNAL).prefetch_related("sectors").distinct())
    order = {Unit.Kind.SUBORDINATE: 0, Unit.Kind.OFFICE: 1, Unit.Kind.ENFORCEMENT: 2, Unit.Kind.BUREAU: 3}

    def rank(unit):
        depth = max(chain.index(s.pk) for s in unit.sectors.all() if s.pk in chain)
        return (-depth, order.get(unit.kind, 9), unit.path)

    return min(candidates, key=rank, default=None)


@transaction.atomic
def submit(data, photos, address):
    """公众提交. Returns the tip-off; its `code` is the reporter's receipt."""
    address_hash = source_hash(address)
    check_rate(address_hash)
    region = data.get("region")
    if not isinstance(region, Region) or region.level != Region.Level.COUNTY:
        raise ServiceError("请选择所在县（市、区、旗）。", field="region")
    sector = data.get("sector")
    if not isinstance(sector, Sector) or not sector.active:
        raise ServiceError("请选择行业领域。", field="sector")
    subject = _clean_text(data.get("subject"), "被举报单位或地点", "subject", max_length=120)
    description = _clean_text(data.get("description"), "举报内容", "description", max_length=2000, min_length=10)
    occurred_on = data.get("occurred_on")
    if occurred_on and occurred_on > timezone.localdate():
        raise ServiceError("发现日期不能晚于今天。", field="occurred_on")
    anonymous = bool(data.get("anonymous"))
    name = phone = ""
    if not anonymous:
        name = _clean_text(data.get("reporter_name"), "姓名", "reporter_name", required=False, max_length=40)
        phone = (data.get("reporter_phone") or "").strip()
        if not phone:
            raise ServiceError("实名举报请留下联系电话，以便核实和发放奖励；不愿留电话可选择匿名举报。",
                               field="reporter_phone")
        try:
            validate_phone(phone)
        except ValidationError as exc:
            raise ServiceError(exc.messages[0], field="reporter_phone") from None
    photos = [p for p in (photos or []) if p]
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(f"最多上传 {MAX_PHOTOS} 张照片。", field="photos")
    checked = [(p, uploads.image_extension(p)) for p in photos]
    code = new_code()
    while TipOff.objects.filter(code=code).exists():
        code = new_code()
    tipoff = TipOff.objects.create(
        code=code, region=region, sector=sector, subject=subject, description=description, occurred_on=occurred_on,
        anonymous=anonymous, reporter_name=name, reporter_phone=phone, source_hash=address_hash,
        handling_unit=handling_unit_for(region, sector),
    )
    for f, ext in checked:
        photo = TipOffPhoto(tipoff=tipoff, size=f.size)
        photo.file.save(f"photo.{ext}", uploads.stored(f, ext), save=False)
        photo.save()
    # No personal data in the event row: it feeds logs and the audit trail.
    TipOffEvent.objects.create(tipoff=tipoff, type="submitted",
                               data={"photos": len(checked), "anonymous": anonymous,
                                     "handling_unit": tipoff.handling_unit_id})
    _announce(tipoff, None)
    return tipoff


# --- handling ------------------------------------------------------------------------


def _lock(user, tipoff_id, version=None):
    if not (user.is_authenticated and user.role in HANDLERS):
        raise PermissionDenied("您的角色不能办理举报。")
    return workflow.lock(TipOff, user, tipoff_id, version, what="举报", done="办理")


def _move(tipoff, user, to_state, event_type, action, verb, comment="", data=None, fields=()):
    ACTIONS.check(user, tipoff, action, verb, what="举报")
    workflow.move(tipoff, to_state, allowed=ACTIONS.states(action), verb=verb, fields=fields, what="举报")
    workflow.record(TipOffEvent, tipoff, event_type, user, comment, data)
    if to_state in (S.ACCEPTED, S.VERIFYING):
        _announce(tipoff, user)
    return tipoff


def _announce(tipoff, actor):
    """Whoever now has work waiting on this tip-off (by the rules of their 待办) hears of it at once."""
    from notify.services import announce

    from . import permissions

    announce(tipoff, actor, permissions, lambda user: ACTIONS.available(user, tipoff),
             f"群众举报 {tipoff.code} {tipoff.subject}")


@transaction.atomic
def accept(user, tipoff_id, version, handling_unit=None):
    """受理: the safety office may (re)assign the handling unit; the clock starts."""
    tipoff = _lock(user, tipoff_id, version)
    if handling_unit is not None and handling_unit.pk != tipoff.handling_unit_id:
        if user.role != Role.SAFETY_OFFICE:
            raise PermissionDenied("承办单位由安委办指派。")
        within(user, handling_unit, "handling_unit", "承办单位")
        tipoff.handling_unit = handling_unit
    if tipoff.handling_unit_id is None:
        raise ServiceError("请指定承办单位。", field="handling_unit")
    tipoff.accepted_at = timezone.now()
    tipoff.due_on = timezone.localdate() + datetime.timedelta(days=HANDLING_DAYS)
    return _move(tipoff, user, S.ACCEPTED, "accepted", "accept", "受理",
                 data={"handling_unit": tipoff.handling_unit_id},
                 fields=("handling_unit", "accepted_at", "due_on"))


@transaction.atomic
def decline(user, tipoff_id, version, reply):
    """不予受理 (not the transport bureau's business, a duplicate …), with a reply."""
    tipoff = _lock(user, tipoff_id, version)
    tipoff.reply = _clean_text(reply, "答复举报人", "reply", max_length=1000)
    tipoff.concluded_at = timezone.now()
    return _move(tipoff, user, S.DECLINED, "declined", "decline", "不予受理",
                 fields=("reply", "concluded_at"))


@transaction.atomic
def start_verification(user, tipoff_id, version, enterprise=None):
    tipoff = _lock(user, tipoff_id, version)
    if enterprise is not None:
        place(user, enterprise=enterprise)
        tipoff.enterprise = enterprise
    return _move(tipoff, user, S.VERIFYING, "verifying", "verify", "开始核查",
                 data={"enterprise": tipoff.enterprise_id}, fields=("enterprise",))


@transaction.atomic
def substantiate(user, tipoff_id, version, *, findings, reply, hazard=None, photos=None):
    """查实: the finding becomes a hazard (source 群众举报查实), linked both ways.
    `hazard` holds the hazard fields the officer confirmed (title, level, criterion …)."""
    tipoff = _lock(user, tipoff_id, version)
    if tipoff.state != S.VERIFYING:
        raise ServiceError(f"该举报当前状态为“{tipoff.get_state_display()}”，不能认定查实。")
    tipoff.findings = _clean_text(findings, "核查情况", "findings", max_length=2000)
    tipoff.reply = _clean_text(reply, "答复举报人", "reply", max_length=1000)
    hazard = dict(hazard or {})
    enterprise = hazard.get("enterprise") or tipoff.enterprise
    fields = {
        "title": hazard.get("title") or f"群众举报：{tipoff.subject}"[:120],
        "description": hazard.get("description") or f"{tipoff.description}\n核查情况：{tipoff.findings}",
        "level": hazard.get("level") or Hazard.Level.GENERAL,
        "criterion": hazard.get("criterion"),
        "sector": hazard.get("sector") or (enterprise.sector_for(tipoff.sector, get_scope(user).sector_ids)
                                           if enterprise else tipoff.sector),
        "enterprise": enterprise,
        "place_name": "" if enterprise else tipoff.subject,
        "region": enterprise.region if enterprise else tipoff.region,
        "address": hazard.get("address") or "",
        "source": Hazard.Source.TIP_OFF,
        # The day the reporter saw it (when they gave one) is the hazard's 发现日期.
        "discovered_on": tipoff.occurred_on or timezone.localdate(),
        "discovered_by": "群众举报",
    }
    photos = list(photos or [])
    if not photos:
        for n, p in enumerate(tipoff.photos.all(), 1):
            # The stored name is a storage key; the hazard shows a Chinese one.
            ext = "." + p.file.name.rsplit(".", 1)[-1] if "." in p.file.name else ".jpg"
            with p.file.open("rb") as fh:
                photos.append(SimpleUploadedFile(f"举报照片{n}{ext}", fh.read()))
    if not photos:
        raise ServiceError("举报未附照片，请上传核查时拍摄的隐患照片。", field="photos")
    created = report_hazard(user, fields, photos)
    tipoff.hazard = created
    tipoff.concluded_at = timezone.now()
    return _move(tipoff, user, S.SUBSTANTIATED, "substantiated", "conclude", "认定查实",
                 data={"hazard": created.pk, "number": created.number},
                 fields=("findings", "reply", "hazard", "concluded_at"))


@transaction.atomic
def unfound(user, tipoff_id, version, *, findings, reply):
    """不属实: the reporter gets a reply saying what was checked."""
    tipoff = _lock(user, tipoff_id, version)
    tipoff.findings = _clean_text(findings, "核查情况", "findings", max_length=2000)
    tipoff.reply = _clean_text(reply, "答复举报人", "reply", max_length=1000)
    tipoff.concluded_at = timezone.now()
    return _move(tipoff, user, S.UNFOUNDED, "unfounded", "conclude", "认定不属实",
                 fields=("findings", "reply", "concluded_at"))


@transaction.atomic
def set_reward(user, tipoff_id, version, amount, paid_on=None):
    """举报奖励 for a substantiated tip-off: the amount decided and, once paid, the date."""
    tipoff = _lock(user, tipoff_id, version)
    if not ACTIONS.state_allows(tipoff, "reward"):
        raise ServiceError("只有查实的举报才能登记奖励。")
    if amount is None or amount <= 0:
        raise ServiceError("请填写大于 0 的奖励金额。", field="reward_amount")
    if paid_on and (paid_on > timezone.localdate() or paid_on < timezone.localdate(tipoff.concluded_at)):
        raise ServiceError("发放日期应在办结之后、今天之前。", field="reward_paid_on")
    tipoff.reward_amount, tipoff.reward_paid_on = amount, paid_on
    workflow.bump(tipoff, "reward_amount", "reward_paid_on")
    TipOffEvent.objects.create(tipoff=tipoff, type="reward", actor=user,
                               data={"amount": str(amount), "paid_on": paid_on})
    return tipoff
