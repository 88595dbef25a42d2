"""考核: set a scheme, start a round, score a manual item, publish (freeze), correct by a new version.
Each checks the role (ACTIONS) and the scope, runs in a transaction and writes an event row."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import uploads
from core.exceptions import ServiceError
from core.workflow import check_version

from . import scoring
from .models import Item, ManualScore, Result, Round, RoundEvent, Scheme, SchemeEvent, Deduction
from .permissions import ACTIONS
from .rules import RULES

# The items the sample plans name (压实责任, 晾晒通报, 问责问效): the default a new scheme starts from.
UNIT_ITEMS = [
    ("重大事故隐患动态清零", "overdue_hazards", 2, 20, False, "监管的隐患逾期未整改销号，每项扣2分"),
    ("按时报送调度统计和总结材料", "late_reports", 1, 10, False, "迟报每次扣1分"),
    ("按时报送调度统计和总结材料（漏报）", "missing_reports", 2, 10, False, "漏报每次扣2分"),
    ("治本攻坚任务按期完成", "overdue_tasks", 2, 20, False, "牵头任务逾期未完成，每项扣2分"),
    ("安全生产职责履行（履职清单）", "duties_short", 2, 20, False, "职责未履行到位，每期次扣2分"),
    ("生产安全事故控制", "accidents_general", 5, 20, False, "发生一般事故，每起扣5分"),
    ("工作落实情况（督导检查、暗查暗访发现的问题）", "manual", 1, 10, False, "人工评分，须写明理由并附佐证"),
    ("较大及以上生产安全事故", "accident_larger", 0, 0, True, "一票否决"),
    ("重大事故隐患瞒报", "concealed_major", 0, 0, True, "一票否决"),
]
ENTERPRISE_ITEMS = [
    ("隐患按期整改", "e_overdue_hazards", 5, 20, False, "逾期未整改，每项扣5分"),
    ("主要负责人每月带队检查", "e_missing_checks", 3, 15, False, "每缺一个月扣3分"),
    ("每月安全承诺", "e_missing_pledges", 1, 10, False, "每缺一个月扣1分"),
    ("应急预案备案", "e_plan_not_filed", 10, 10, False, "未备案扣10分"),
    ("依法经营（行政处罚、停产整顿、联合惩戒）", "e_enforcement", 5, 20, False, "每起扣5分"),
    ("生产安全事故", "e_accidents_general", 10, 20, False, "发生一般事故，每起扣10分"),
    ("安全生产标准化和现场管理", "manual", 1, 5, False, "人工评分，须写明理由并附佐证"),
    ("较大及以上生产安全事故", "e_accident_larger", 0, 0, True, "一票否决"),
    ("重大事故隐患瞒报", "e_concealed_major", 0, 0, True, "一票否决"),
]
CREDIT_BANDS = [[90, "AA"], [80, "A"], [70, "B"], [60, "C"], [0, "D"]]


def _number(value, label):
    try:
        number = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"{label}应为数字。") from None
    if number < 0 or number > 1000:
        raise ServiceError(f"{label}应在 0 至 1000 之间。")
    return number


def _clean_items(target, items):
    """[(title, rule, each, cap, veto, basis)] checked: a known rule of the scheme's target, numbers."""
    target_rules = {code for code, rule in RULES.items() if rule.target == target} | {Item.MANUAL}
    out = []
    for n, (title, rule, each, cap, veto, basis) in enumerate(items, 1):
        title = (title or "").strip()
        if not title:
            continue
        if rule not in target_rules:
            raise ServiceError(f"第{n}项“{title}”的计分规则不适用于该考核对象。", field="items")
        each, cap = _number(each, f"第{n}项的每条扣分"), _number(cap, f"第{n}项的最多扣分")
        if not veto and cap <= 0:
            raise ServiceError(f"第{n}项“{title}”：请填写最多扣分（一票否决项除外）。", field="items")
        out.append((title[:120], rule, each, cap, bool(veto), (basis or "")[:200]))
    if not out:
        raise ServiceError("请至少设置一个考核项目。", field="items")
    return out


@transaction.atomic
def create_scheme(user, *, title, target, items=None, base=100, pass_mark=60, basis=""):
    if not ACTIONS.role_allows(user, "set_scheme"):
        raise PermissionDenied("只有安委办可以制定考核方案。")
    if target not in Scheme.Target.values:
        raise ServiceError("请选择考核对象。", field="target")
    if not (title or "").strip():
        raise ServiceError("请填写考核方案名称。", field="title")
    region = user.region or user.unit.region
    default = UNIT_ITEMS if target == Scheme.Target.UNITS else ENTERPRISE_ITEMS
    rows = _clean_items(target, default if items is None else items)
    scheme = Scheme.objects.create(region=region, title=title.strip()[:120], target=target,
                                   base=_number(base, "基础分"), pass_mark=_number(pass_mark, "合格分"), basis=basis,
                                   credit_bands=CREDIT_BANDS if target == Scheme.Target.ENTERPRISES else [],
                                   created_by=user)
    _put_items(scheme, rows)
    SchemeEvent.objects.create(scheme=scheme, type="created", actor=user, data={"items": len(rows)})
    return scheme


def _put_items(scheme, rows):
    """The scheme's items, in order, from checked rows (_clean_items)."""
    Item.objects.bulk_create([Item(scheme=scheme, order=n, title=t, rule=r, each=e, cap=c, veto=v, basis=b)
                              for n, (t, r, e, c, v, b) in enumerate(rows)])


def _scheme(user, pk):
    scheme = Scheme.objects.for_user(user).filter(pk=pk).first()
    if scheme is None:
        raise ServiceError("考核方案不存在或不在您的范围内。")
    return scheme


@transaction.atomic
def set_items(user, scheme_id, items):
    """Replace a scheme's items; refused once a round of it was published (the published figures keep
    the items they were scored by)."""
    if not ACTIONS.role_allows(user, "set_scheme"):
        raise PermissionDenied("只有安委办可以修改考核方案。")
    scheme = _scheme(user, scheme_id)
    if scheme.rounds.exclude(state=Round.State.DRAFT).exists():
        raise ServiceError("该方案已有发布的考核结果，不能再修改考核项目；请另行制定新方案。")
    rows = _clean_items(scheme.target, items)
    ManualScore.objects.filter(round__scheme=scheme).delete()
    scheme.items.all().delete()
    _put_items(scheme, rows)
    SchemeEvent.objects.create(scheme=scheme, type="items", actor=user, data={"items": len(rows)})
    return scheme


def period_bounds(period, year, quarter=None):
    if period == Round.Period.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年度"
    if quarter not in (1, 2, 3, 4):
        raise ServiceError("请选择季度。", field="quarter")
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (datetime.date(year, 3 * quarter, 28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return start, end, f"{year}年第{'一二三四'[quarter - 1]}季度"


@transaction.atomic
def start_round(user, scheme_id, *, period, year, quarter=None):
    if not ACTIONS.role_allows(user, "start"):
        raise PermissionDenied("只有安委办可以开展考核。")
    scheme = _scheme(user, scheme_id)
    if period not in Round.Period.values:
        raise ServiceError("请选择考核周期。", field="period")
    if not (2000 <= int(year) <= timezone.localdate().year + 1):
        raise ServiceError("年度不正确。", field="year")
    start, end, label = period_bounds(period, int(year), quarter)
    if start > timezone.localdate():
        raise ServiceError("考核周期尚未开始。", field="year")
    if scheme.rounds.filter(start=start, end=end).exclude(state=Round.State.SUPERSEDED).exists():
        raise ServiceError(f"“{label}”已开展考核，请在原考核中评分或更正。", field="year")
    rnd = Round.objects.create(scheme=scheme, region=scheme.region, period=period, start=start, end=end, label=label,
                               created_by=user)
    RoundEvent.objects.create(round=rnd, type="created", actor=user, data={"label": label})
    return rnd


def _round(user, pk, action, verb, version=None):
    rnd = Round.objects.for_user(user).select_for_update().filter(pk=pk).first()
    if rnd is None:
        raise ServiceError("考核不存在或不在您的范围内。")
    ACTIONS.check(user, rnd, action, verb)
    check_version(rnd, version)
    return rnd


@transaction.atomic
def add_manual(user, round_id, *, item_id, subject_id, points, reason, file=None):
    """A manual item's deduction for one subject, with its reason (required) and evidence."""
    rnd = _round(user, round_id, "manual", "人工评分")
    item = rnd.scheme.items.filter(pk=item_id, rule=Item.MANUAL).first()
    if item is None:
        raise ServiceError("请选择人工评分的考核项目。", field="item")
    units = rnd.scheme.target == rnd.scheme.Target.UNITS
    subject = next((s for s in scoring.subjects(rnd.scheme) if s.pk == subject_id), None)
    if subject is None:
        raise ServiceError("考核对象不在本方案范围内。", field="subject")
    points = _number(points, "扣分")
    if points <= 0:
        raise ServiceError("扣分应大于 0。", field="points")
    if not (reason or "").strip():
        raise ServiceError("请写明扣分理由。", field="reason")
    lookup = {"unit": subject} if units else {"enterprise": subject}
    used = sum((m.points for m in rnd.manual_scores.filter(item=item, **lookup)), Decimal(0))
    if not item.veto and used + points > item.cap:
        raise ServiceError(f"“{item.title}”最多扣 {item.cap} 分，已扣 {used} 分。", field="points")
    ext = uploads.document_extension(file) if file else None
    entry = ManualScore(round=rnd, item=item, points=points, reason=reason.strip(), created_by=user, **lookup)
    if file:
        entry.original_name = file.name[:200]
        entry.file.save(f"evidence.{ext}", uploads.stored(file, ext), save=False)
    entry.save()
    RoundEvent.objects.create(round=rnd, type="manual", actor=user, comment=f"{subject}：{item.title} 扣 {points} 分",
                              data={"item": item.pk, "points": str(points)})
    return entry


@transaction.atomic
def remove_manual(user, entry_id):
    entry = ManualScore.objects.for_user(user).filter(pk=entry_id).select_related("round", "item").first()
    if entry is None:
        raise ServiceError("评分记录不存在。")
    rnd = _round(user, entry.round_id, "manual", "撤销人工评分")
    RoundEvent.objects.create(round=rnd, type="manual_removed", actor=user,
                              comment=f"{entry.unit or entry.enterprise}：{entry.item.title} {entry.points} 分")
    entry.delete()


@transaction.atomic
def publish(user, round_id, version=None):
    """Freeze: store every score and deduction as it stands; enterprises' results feed their register
    (the 考核 score the 红/黄/绿 code reads, and the 信用 level of the scheme's bands)."""
    rnd = _round(user, round_id, "publish", "发布考核结果", version)
    now = timezone.now()
    scores = scoring.compute(rnd)
    units = rnd.scheme.target == Scheme.Target.UNITS
    for s in scores:
        result = Result.objects.create(round=rnd, unit=s.subject if units else None,
                                       enterprise=None if units else s.subject, name=s.name, score=s.score,
                                       deducted=s.deducted, vetoed=s.vetoed, veto_reason=s.veto_reason, rank=s.rank,
                                       credit=s.credit)
        Deduction.objects.bulk_create([Deduction(result=result, item=x.item, points=x.points, text=x.text[:300],
                                                 url=x.url[:200], day=x.day, veto=x.veto) for x in s.lines])
    if not units:
        _feed_enterprises(user, rnd, scores)
    if rnd.supersedes_id:
        old = Round.objects.select_for_update().get(pk=rnd.supersedes_id)
        old.state = Round.State.SUPERSEDED
        old.version += 1
        old.save(update_fields=["state", "version"])
        RoundEvent.objects.create(round=old, type="superseded", actor=user, comment=rnd.reason, created_at=now)
    rnd.state, rnd.published_at, rnd.published_by, rnd.as_of = Round.State.PUBLISHED, now, user, scoring.as_of(rnd)
    rnd.version += 1
    rnd.save()
    RoundEvent.objects.create(round=rnd, type="published", actor=user, created_at=now,
                              data={"subjects": len(scores), "vetoed": sum(s.vetoed for s in scores)})
    _tell_subjects(user, rnd, scores, units)
    return rnd


def _tell_subjects(user, rnd, scores, units):
    """Each unit (its staff) or enterprise (its accounts) is told its own result the day it is published:
    a unit opens its 考核评分表, an enterprise its own page (where the result now stands)."""
    from django.urls import reverse

    from notify.services import notify_now
    from org.models import User

    field = "unit_id" if units else "enterprise_id"
    people = {}
    for person in User.objects.filter(**{f"{field}__in": [s.subject.pk for s in scores]}, is_active=True):
        people.setdefault(getattr(person, field), []).append(person)
    for s in scores:
        if s.subject.pk not in people:
            continue
        url = (reverse("appraisal:sheet", args=[rnd.pk, "unit", s.subject.pk]) if units
               else s.subject.get_absolute_url())
        body = f"得分 {s.score.normalize():f}，第 {s.rank} 名（共 {len(scores)} 个）。" + (
            f"一票否决：{s.veto_reason}。" if s.vetoed else "") + (
            "扣分明细见考核评分表。" if units else "考核结果已记入本企业档案。")
        notify_now(people[s.subject.pk], f"考核结果发布：{rnd}", url, body, exclude=user)


def _feed_enterprises(user, rnd, scores):
    from enterprises.services import record_appraisal

    for s in scores:
        record_appraisal(user, s.subject, title=str(rnd), score=s.score, vetoed=s.vetoed, credit=s.credit,
                         pass_mark=rnd.scheme.pass_mark)


@transaction.atomic
def revise(user, round_id, reason, version=None):
    """更正: a new draft version of a published round, with the reason; its manual scores are carried over.
    Publishing it marks the old one 已更正; the old figures stay as they were published."""
    rnd = _round(user, round_id, "revise", "更正考核结果", version)
    if not (reason or "").strip():
        raise ServiceError("请写明更正原因。", field="reason")
    if Round.objects.filter(supersedes=rnd).exists():
        raise ServiceError("该考核已有更正中的新版本。")
    new = Round.objects.create(scheme=rnd.scheme, region=rnd.region, period=rnd.period, start=rnd.start, end=rnd.end,
                               label=rnd.label, number=rnd.number + 1, supersedes=rnd, reason=reason.strip(),
                               created_by=user)
    for m in rnd.manual_scores.all():
        ManualScore.objects.create(round=new, item=m.item, unit=m.unit, enterprise=m.enterprise, points=m.points,
                                   reason=m.reason, file=m.file.name if m.file else "", original_name=m.original_name,
                                   created_by=m.created_by)
    RoundEvent.objects.create(round=new, type="revised", actor=user, comment=new.reason,
                              data={"supersedes": rnd.pk, "number": new.number})
    return new
