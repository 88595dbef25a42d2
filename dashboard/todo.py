"""待办: every record on which the signed-in user has work waiting, across all workflows.

Nothing here decides who may do what. Each workflow's permission table (`ACTIONS`, with its
`duties`) and the app's `available_actions`/`duties` say so; this module only asks them.

- A first SQL filter keeps the states from which the user's role has a duty at all
  (`ActionTable.duty_states`).
- The app's own functions then decide per record, exactly as the detail page does.

Tasks and reporting slots wait by date rather than by state: a unit's task falling due within
TASK_DAYS, or a slot within SLOT_DAYS (or overdue). Unread messages close the list.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from org.scope import get_scope
from org.roles import may_read

CAP = 300  # items per kind on the page: beyond this the kind's own list takes over
TASK_DAYS = 15
SLOT_DAYS = 7
BADGE_SECONDS = 60

@dataclass
class Item:
    kind: str
    label: str  # the kind, in Chinese
    title: str
    number: str
    state: str
    actions: list  # (name, verb) pairs
    url: str
    deadline: datetime.date | None
    since: datetime.datetime | None

    @property
    def overdue(self):
        return bool(self.deadline and self.deadline < timezone.localdate())

    @property
    def act_url(self):
        """One click to act: the record's page, opened at the first action's form."""
        return f"{self.url}#do-{self.actions[0][0]}" if self.actions else self.url


def _hazards(user, today):
    from hazards.models import Extension, Hazard, Supervision
    from hazards.permissions import DUTY_LABELS, available_actions, duties, duty_filter

    duty = duty_filter(user)
    if duty is None:
        return []
    # Only the hazards that can hold one of the user's duties, their related rows fetched for the
    # items shown, not joined through the sort.
    qs = (Hazard.objects.for_user(user).filter(duty)
          .prefetch_related("enterprise", "supervising_unit", Prefetch("supervisions", Supervision.objects.filter(lifted_at__isnull=True),
                                     to_attr="open_supervisions"),
                            Prefetch("extensions", Extension.objects.filter(decision=Extension.Decision.PENDING),
                                     to_attr="pending_extensions"))
          .order_by("deadline", "reported_at")[:CAP * 2])
    out = []
    for h in qs:
        supervision = h.open_supervisions[0] if h.open_supervisions else None
        pending = h.pending_extensions[0] if h.pending_extensions else None
        todo = duties(user, h, available_actions(user, h, supervision, pending))
        if todo:
            out.append(Item("hazards", "隐患", h.title, h.number, h.get_state_display(),
                            [(a, DUTY_LABELS[a]) for a in todo], h.get_absolute_url(),
                            h.deadline, h.reported_at))
    return out


def _tipoffs(user, today):
    from tipoffs.models import TipOff
    from tipoffs.permissions import ACTIONS, DUTY_LABELS, duties

    states = ACTIONS.duty_states_of(user)
    if not states or not may_read(user, "tipoffs"):
        return []
    out = []
    for t in TipOff.objects.for_user(user).filter(state__in=states).order_by("submitted_at")[:CAP * 2]:
        todo = duties(user, t, ACTIONS.available(user, t))
        if todo:
            out.append(Item("tipoffs", "群众举报", t.subject, t.code, t.get_state_display(),
                            [(a, DUTY_LABELS[a]) for a in todo], t.get_absolute_url(), t.due_on,
                            t.submitted_at))
    return out


def _risks(user, today):
    from risks.models import RiskPoint
    from risks.permissions import ACTIONS, DUTY_LABELS, available_actions, duties

    states = ACTIONS.duty_states_of(user)
    if not states:
        return []
    out = []
    qs = RiskPoint.objects.for_user(user).filter(filing__in=states, level="major").select_related("enterprise")
    for p in qs.order_by("id")[:CAP * 2]:
        todo = duties(user, p, available_actions(user, p))
        if todo:
            out.append(Item("risks", "重大风险", f"{p.enterprise.name}：{p.event}", "", p.get_filing_display(),
                            [(a, DUTY_LABELS[a]) for a in todo], p.get_absolute_url(), None, None))
    return out


def _inspections(user, today):
    from inspections.models import Inspection
    from inspections.permissions import ACTIONS, DUTY_LABELS, duties

    states = ACTIONS.duty_states_of(user)
    if not states or not may_read(user, "inspections"):
        return []
    out = []
    qs = Inspection.objects.for_user(user).filter(status__in=states).prefetch_related("members")
    # Those under way first, then the planned, each by date: led by the (status, region) index, not by a
    # walk of every inspection in date order to find the county's few open ones.
    for i in qs.order_by("status", "planned_on")[:CAP * 2]:
        todo = duties(user, i, ACTIONS.available(user, i))
        if todo:
            out.append(Item("inspections", "检查", i.title, i.number, i.get_status_display(),
                            [(a, DUTY_LABELS[a]) for a in todo], i.get_absolute_url(), i.planned_on,
                            None))
    return out


def _tasks(user, today):
    """A unit's open tasks falling due within TASK_DAYS, or overdue."""
    from plans.models import Task
    from plans.permissions import TASK_ACTIONS

    units = get_scope(user).unit_ids
    if not units or not TASK_ACTIONS.role_allows(user, "progress") or not may_read(user, "plans"):
        return []
    qs = (Task.objects.for_user(user).filter(completed_at__isnull=True, deadline__lte=today + datetime.timedelta(
        days=TASK_DAYS)).filter(Q(lead_units__in=units) | Q(units__in=units)).distinct().select_related("plan"))
    return [Item("tasks", "工作任务", t.title, t.number, t.status(today).label, [("progress", "报送进展")],
                 reverse("plans:task", args=[t.pk]), t.deadline, None) for t in qs.order_by("deadline")[:CAP]]


def _slots(user, today):
    """A unit's reports to hand in within SLOT_DAYS, or overdue; for the safety office also its
    bureau's reports to the level above (a plan of the city addressing the county's bureau)."""
    from org.roles import Role
    from org.scope import home_region
    from plans.models import Slot
    from plans.permissions import SLOT_ACTIONS

    if not SLOT_ACTIONS.role_allows(user, "submit") or not may_read(user, "plans"):
        return []
    mine = Q(unit_id__in=get_scope(user).unit_ids)
    region = home_region(user)
    if user.role == Role.SAFETY_OFFICE and region is not None:
        mine |= Q(unit__region=region) & ~Q(duty__plan__region=region)
    qs = (Slot.objects.for_user(user).filter(mine, submitted_at__isnull=True,
                                            due_date__lte=today + datetime.timedelta(days=SLOT_DAYS))
          .select_related("duty"))
    return [Item("slots", "定期报送", f"{s.duty.text}（{s.period}）", "", s.status(today).label,
                 [("submit", "登记报送")], reverse("plans:calendar") + f"#slot-{s.pk}", s.due_date, None)
            for s in qs.order_by("due_date")[:CAP]]


def _latest_submissions(user, wanted, limit):
    """The latest version of each table the user reads that matches `wanted`, oldest first: their keys
    found first, then those rows read with their slot, duty, plan, units and region — seven tables joined
    into the scoped search cost PostgreSQL more to plan (5 ms) than the search itself, on every 工作台."""
    from django.db.models import Exists, OuterRef

    from core.paging import keys_first
    from reports.models import Submission

    later = Submission.objects.filter(slot_id=OuterRef("slot_id"), version__gt=OuterRef("version"))
    return keys_first(Submission.objects.for_user(user).filter(~Exists(later)).filter(wanted), ["submitted_at", "pk"],
                      0, limit, rows=Submission.objects.select_related("slot__duty__plan", "slot__unit__region", "unit"))


def _tables(user, today):
    """Tables sent to the user's office (a unit's to the county, a county's to the city) that wait to be
    checked (接收 or 退回), then the user's own tables sent back (退回), waiting to be corrected with a
    new version: one read of the latest versions for both."""
    from org.scope import home_region
    from plans.permissions import sends
    from reports.models import Submission
    from reports.permissions import DUTY_LABELS, SUBMISSION_ACTIONS, available_actions

    if not may_read(user, "reports"):
        return []
    region = home_region(user)
    checks = region is not None and bool(SUBMISSION_ACTIONS.duty_states_of(user))
    wanted = Q(review=Submission.Review.RETURNED)
    if checks:
        wanted |= Q(review=Submission.Review.PENDING, slot__duty__plan__region=region)
    to_check, returned = [], []
    for sub in _latest_submissions(user, wanted, CAP * 2):
        if sub.review == Submission.Review.PENDING:
            actions = available_actions(user, sub)
            if actions:
                to_check.append(Item("submissions", "报表审核", f"{sub.unit.name} · {sub.slot.duty.text}（{sub.slot.period}）",
                                     f"第{sub.version}版", "待审核", [(a, DUTY_LABELS[a]) for a in actions],
                                     sub.get_absolute_url(), None, sub.submitted_at))
        elif sends(user, sub.slot):
            returned.append(Item("returned", "报表退回", f"{sub.slot.duty.text}（{sub.slot.period}）：{sub.review_note}",
                                 f"第{sub.version}版", "已退回", [("correct", "更正重新报送")],
                                 reverse("reports:submit") + f"?slot={sub.slot_id}", None, sub.reviewed_at))
    return to_check + returned


def _coverage(user, today):
    """全覆盖 targets past their deadline and short of their %, on the 待办 of their 责任单位 (the figures
    as the user's target page shows them)."""
    from safety import coverage
    from safety.models import CoverageTarget

    units = set(get_scope(user).unit_ids) | ({user.unit_id} if getattr(user, "unit_id", None) else set())
    if not units or not may_read(user, "coverage"):
        return []
    out = []
    for target in (CoverageTarget.objects.for_user(user).filter(unit_id__in=units, deadline__lt=today)
                   .select_related("region", "sector").order_by("deadline", "order")):
        r = coverage.evaluate(target, user)
        if r.overdue(today):
            out.append(Item("coverage", "全覆盖目标", target.name, "", f"逾期，还差 {r.shortfall} {r.unit_word}",
                            [("cover", "补齐")], target.get_absolute_url() + "?show=missing", target.deadline, None))
    return out


def _filings(user, today):
    """应急预案 sent for 备案, on the supervising units' 待办; for an enterprise account, what it still owes
    this month (带队检查, 安全承诺) until the month's last day."""
    from obligations import status
    from obligations.models import Filing
    from obligations.permissions import ACTIONS, DUTY_LABELS

    if not may_read(user, "obligations"):
        return []
    if getattr(user, "enterprise_id", None):
        _, end = status.month_bounds(today)
        links = {status.CHECK: ("check", "登记带队检查", reverse("obligations:check_create")),
                 status.PLEDGE: ("pledge", "上传安全承诺", reverse("obligations:filing_create") + "?kind=pledge")}
        return [Item("obligations", "主体责任", f"{today:%-m}月{name}尚未完成", "", "本月未完成", [links[name][:2]],
                     links[name][2], end, None)
                for name in status.owes(user.enterprise_id, today)]
    if not ACTIONS.role_allows(user, "confirm"):
        return []
    qs = Filing.objects.for_user(user).filter(state=Filing.State.SUBMITTED).select_related("enterprise")
    return [Item("obligations", "应急预案备案", f"{f.enterprise.name}：{f.title}", "", f.get_state_display(),
                 [("confirm", DUTY_LABELS["confirm"])], f.get_absolute_url(), None, f.created_at)
            for f in qs.order_by("created_at")[:CAP]]


def _imports(user, today):
    from core.models import ImportBatch

    return [Item("imports", "待确认的导入", b.filename, "", "待确认", [("review", "确认导入")],
                 b.review_url, None, b.created_at)
            for b in ImportBatch.objects.for_user(user).filter(status=ImportBatch.Status.PENDING).order_by("created_at")]


def _messages(user, today):
    """Unread messages — a 督办, a 批示, a 挂牌督办, a failed acceptance, the daily digest — except the
    "待办：" notices, whose records are on this list already."""
    from notify.models import Message

    qs = (Message.objects.for_user(user).filter(read_at__isnull=True).exclude(title__startswith="待办：")
          .order_by("created_at"))
    return [Item("messages", "未读消息", m.title, "", m.get_kind_display(), [("read", "阅读")],
                 reverse("notify:message", args=[m.pk]), None, m.created_at) for m in qs[:CAP]]


READERS = [_hazards, _tipoffs, _risks, _inspections, _tasks, _slots, _tables, _coverage,
           _filings, _imports, _messages]


def _key(item):
    far = datetime.date.max
    return (not item.overdue, item.deadline or far, item.since or timezone.make_aware(datetime.datetime(2000, 1, 1)))


def items(user, today=None):
    """Every item waiting on this user, grouped by kind (in READERS order), overdue and oldest first."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return []
    groups = []
    for reader in READERS:
        found = reader(user, today)
        for kind in dict.fromkeys(item.kind for item in found):  # a reader may give more than one kind
            group = sorted((item for item in found if item.kind == kind), key=_key)
            groups.append((group[0].label, group[:CAP]))
    return groups


def count(user):
    """The top bar's badge: cached for BADGE_SECONDS per user (the page itself is always fresh)."""
    from notify.services import todo_key

    key = todo_key(user.pk)
    value = cache.get(key)
    if value is None:
        value = sum(len(group) for _, group in items(user))
        cache.set(key, value, BADGE_SECONDS)
    return value
