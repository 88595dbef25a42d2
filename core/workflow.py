"""The workflow kit every app with states uses (hazards, tip-offs, inspections, risk points,
accidents, plans, reports, safety, enterprises): lock the row, check the version, move the
state, write the event. Services call these inside their `@transaction.atomic`; the role
check stays in the app's own permission table.
"""

from django.core.exceptions import PermissionDenied

from .exceptions import ConflictError, ServiceError


def lock(model, user, pk, version=None, *, what=None, related=(), done="修改或处理"):
    """The row `pk` of the user's scope, locked for the rest of the transaction
    (select_for_update), its optimistic version checked when the caller sends one.
    A row that does not exist or lies outside the scope is refused alike."""
    what = what or model._meta.verbose_name
    qs = model.objects.for_user(user)
    if related:
        qs = qs.select_related(*related)
    obj = qs.select_for_update().filter(pk=pk).first()
    if obj is None:
        raise PermissionDenied(f"该{what}不存在或不在您的范围内。")
    check_version(obj, version, what, done)
    return obj


def check_version(obj, version, what=None, done="修改或处理"):
    """Optimistic lock: the caller sends the version it displayed; if somebody changed the
    record since, refuse rather than overwrite their change."""
    if version in (None, ""):
        return
    try:
        stale = int(version) != obj.version
    except (TypeError, ValueError):
        stale = True
    if stale:
        what = what or obj._meta.verbose_name
        raise ConflictError(f"该{what}已被他人{done}，请刷新页面查看最新情况后再操作。")


def bump(obj, *fields):
    """Save a changed row and move its version on (all fields when none are named)."""
    obj.version += 1
    obj.save(update_fields=[*fields, "version"] if fields else None)


def require_state(obj, allowed, verb, what=None, field="state"):
    """Refuse, in Chinese, an action the record's current state does not allow."""
    if getattr(obj, field) not in allowed:
        what = what or obj._meta.verbose_name
        shown = getattr(obj, f"get_{field}_display")()
        raise ServiceError(f"该{what}当前状态为“{shown}”，不能{verb}。")


def move(obj, to_state, *, allowed, verb, fields=(), what=None):
    """Check the state allows the action, set the new state, save, bump the version."""
    require_state(obj, allowed, verb, what)
    obj.state = to_state
    bump(obj, "state", *fields)
    return obj


def record(event_model, subject, type, user, comment="", data=None, **extra):
    """One event row on the subject's timeline (the event model names its subject's field
    after the subject's model, e.g. HazardEvent.hazard)."""
    field = next(f.name for f in event_model._meta.concrete_fields
                 if f.is_relation and f.related_model is subject._meta.concrete_model)
    return event_model.objects.create(**{field: subject}, type=type, actor=user,
                                      comment=(comment or "").strip(), data=data or {}, **extra)
