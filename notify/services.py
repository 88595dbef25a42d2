"""Every write of the notify app: messages, deliveries, rules, robots (SPEC §10).

Outside channels are never called from here: a message gets Delivery rows in the same
transaction as the change that caused it, and the scheduler sends them (notify.delivery).
A web request that opens a 挂牌督办 therefore costs an insert, not a round trip to 钉钉.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from org.models import Unit
from org.roles import Role

from .models import Delivery, Message, NotifyEvent, Webhook


def site_url(path):
    return settings.SITE_URL.rstrip("/") + path


def queue_deliveries(message):
    """E-mail when the person has an address (and mail is on); the robots of their unit."""
    user = message.recipient
    rows = []
    if settings.NOTIFY_EMAIL and user.email:
        rows.append(Delivery(message=message, channel=Delivery.Channel.EMAIL, address=user.email))
    if user.unit_id:
        rows += [Delivery(message=message, channel=Delivery.Channel.WEBHOOK, webhook=hook, address=hook.get_kind_display())
                 for hook in Webhook.objects.filter(unit_id=user.unit_id, active=True)]
    Delivery.objects.bulk_create(rows)


def notify_now(recipients, title, url, body="", exclude=None):
    """An immediate message (a new 挂牌督办, a 督办, a failed acceptance) to each recipient.
    Called inside the caller's transaction: the messages exist exactly when the change does."""
    today = timezone.localdate()
    text = f"### 治本 · {title}\n\n{body}\n\n[查看详情]({site_url(url)})" if body else \
        f"### 治本 · {title}\n\n[查看详情]({site_url(url)})"
    sent = []
    for user in {u.pk: u for u in recipients if u and u.is_active and u != exclude}.values():
        message = Message.objects.create(recipient=user, kind=Message.Kind.IMMEDIATE, day=today, title=title,
                                         body=text, url=url)
        queue_deliveries(message)
        sent.append(message)
    forget_todo([m.recipient_id for m in sent])  # the message, or the work it tells of, is on their 待办
    return sent


def hazard_people(hazard):
    """Who acts on a hazard: its enterprise's accounts, the supervising unit's staff and head."""
    from django.db.models import Q

    from org.models import User

    who = Q(role=Role.ENTERPRISE, enterprise_id=hazard.enterprise_id) if hazard.enterprise_id else Q(pk__in=[])
    unit = hazard.supervising_unit
    if unit is not None:
        who |= Q(role=Role.UNIT_STAFF, unit=unit)
        if unit.head_id:
            who |= Q(person_id=unit.head_id)
    return list(User.objects.filter(who, is_active=True))


def people_around(region, roles, enterprise_id=None):
    """Active accounts that might have work on a record of this region: the given business roles
    anchored at the region or above (or at a unit there), and the record's enterprise's accounts.
    The caller narrows them with the workflow's own rules (scope and duties)."""
    from django.db.models import Q

    from core.models import ids_in_path
    from org.models import User

    regions = ids_in_path(region.path)
    who = Q(role__in=[r for r in roles if r != Role.ENTERPRISE]) & (
        Q(region_id__in=regions) | Q(unit__region_id__in=regions))
    if enterprise_id and Role.ENTERPRISE in roles:
        who |= Q(role=Role.ENTERPRISE, enterprise_id=enterprise_id)
    return list(User.objects.filter(who, is_active=True).select_related("unit", "region", "enterprise", "person"))


def announce(record, actor, rules, available, what):
    """Work just landed on somebody's 待办: each person who now has a duty on `record` gets an
    inbox message at once (and the robots of their unit, by the delivery sweep), and their
    待办 badge is refreshed. `rules` is the workflow's permissions module (its ACTIONS table,
    `duties(user, record, actions)` and DUTY_LABELS) and `available(user)` the actions its
    page offers the user: the same answer as their 待办, page-exact."""

    roles = [r for r in Role.values if record.state in rules.ACTIONS.duty_states(r)]
    model = type(record)
    waiting = {}
    for user in people_around(record.region, roles, getattr(record, "enterprise_id", None)):
        if actor is not None and user.pk == actor.pk:
            continue
        if not model.objects.for_user(user).filter(pk=record.pk).exists():
            continue
        todo = rules.duties(user, record, available(user))
        if todo:
            waiting.setdefault("、".join(rules.DUTY_LABELS[a] for a in todo), []).append(user)
    for verbs, users in waiting.items():
        notify_now(users, f"待办：{verbs} {what}", record.get_absolute_url())
    return waiting


def todo_key(user_id):
    """The cache key of a user's 待办 badge (dashboard.todo.count)."""
    return f"todo-count:{user_id}"


def forget_todo(user_ids):
    """Drop the cached 待办 badges of these users: their work just changed."""
    from django.core.cache import cache

    cache.delete_many([todo_key(pk) for pk in user_ids])


def unread_count(user):
    return Message.objects.for_user(user).filter(read_at__isnull=True).count()


def mark_read(user, message_id):
    """Marking one's own message read. The read time on the row is its record; a
    message belongs to one person, so no one else can mark it."""
    forget_todo([user.pk])
    return Message.objects.for_user(user).filter(pk=message_id, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user):
    forget_todo([user.pk])
    return Message.objects.for_user(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def can_manage(user):
    return user.is_superuser or user.role == Role.SAFETY_OFFICE


def _require_manager(user):
    if not can_manage(user):
        raise PermissionDenied("只有安委办可以设置提醒规则。")


@transaction.atomic
def save_rules(user, formset):
    """Apply a validated rule formset; one event per added, changed or deleted rule."""
    _require_manager(user)
    for form in formset.deleted_forms:
        if form.instance.pk:
            NotifyEvent.objects.create(type="rule_deleted", actor=user, comment=str(form.instance),
                                       data={"rule": form.instance.pk})
    for rule in formset.save(commit=False):
        is_new = rule.pk is None
        form = next(f for f in formset.forms if f.instance is rule)
        rule.save()
        NotifyEvent.objects.create(type="rule_added" if is_new else "rule_changed", actor=user, rule=rule,
                                   comment=str(rule), data={f: form.cleaned_data.get(f) for f in form.changed_data})
    for rule in formset.deleted_objects:
        rule.delete()


def can_manage_webhooks(user):
    return user.is_superuser or user.role in (Role.SAFETY_OFFICE, Role.SYS_ADMIN)


@transaction.atomic
def save_webhook(user, form):
    if not can_manage_webhooks(user):
        raise PermissionDenied("只有安委办或系统管理员可以设置群机器人。")
    hook = form.save(commit=False)
    if not user.is_superuser and not Unit.objects.for_user(user).filter(pk=hook.unit_id).exists():
        raise PermissionDenied("只能为本辖区的单位设置群机器人。")
    is_new = hook.pk is None
    hook.save()
    NotifyEvent.objects.create(type="webhook_added" if is_new else "webhook_changed", actor=user, webhook=hook,
                               comment=str(hook), data={"fields": form.changed_data, "active": hook.active})
    return hook


@transaction.atomic
def test_webhook(user, webhook_id):
    """Send a test message through one robot (queued like any other)."""
    hook = Webhook.objects.for_user(user).select_for_update().get(pk=webhook_id)
    message = Message.objects.create(
        recipient=user, kind=Message.Kind.IMMEDIATE, day=timezone.localdate(), title=f"群机器人测试：{hook}",
        body=f"### 治本 · 群机器人测试\n\n{hook.unit} 的{hook.get_kind_display()}已接通。", url="/notify/webhooks/")
    Delivery.objects.create(message=message, channel=Delivery.Channel.WEBHOOK, webhook=hook,
                            address=hook.get_kind_display())
    NotifyEvent.objects.create(type="webhook_tested", actor=user, webhook=hook, comment=str(hook))
    return message


@transaction.atomic
def retry_delivery(user, delivery_id):
    """An administrator sends a failed delivery again (e.g. after fixing a robot's URL)."""
    delivery = Delivery.objects.for_user(user).select_for_update().get(pk=delivery_id)
    if delivery.status != Delivery.Status.FAILED:
        raise PermissionDenied("只有发送失败的记录可以重新发送。")
    delivery.status, delivery.attempts, delivery.next_attempt_at = Delivery.Status.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    NotifyEvent.objects.create(type="delivery_retried", actor=user, webhook=delivery.webhook,
                               comment=f"{delivery.get_channel_display()} {delivery.address}",
                               data={"delivery": delivery.pk})
    return delivery
