"""What goes into the audit log, and how it gets there.

- Changes: model signals on every model of our apps (and accounts). Before a
  save the old row is read once, so an update records only the fields that
  really changed, with before and after. Personal data is masked and secrets
  (password hashes, tokens) are never written.
- Logins, failed logins and logouts: Django's auth signals.
- Permission refusals (any 403) and exports/downloads (any file response):
  the middleware, after the view has answered.

Queryset `.update()` and `bulk_create` bypass model signals; every state
change in a service also writes a domain event row, and creating that row is
logged, so transitions done with `.update()` still appear.
"""

import contextvars
import datetime
import decimal
import logging
import re
import uuid
from urllib.parse import unquote

from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import FileResponse

from core.http import client_address
from core.validators import mask_phone

from .models import AuditEntry

log = logging.getLogger(__name__)

# Apps whose records are audited.
AUDITED_APPS = {"core", "org", "enterprises", "hazards", "plans", "accidents", "inspections", "tipoffs", "risks",
                "safety", "reports", "notify", "security", "authtoken"}
# Bookkeeping that changes on its own (reads, delivery attempts, digests, import
# previews, rate counters) — logging it would bury the changes people make.
NOT_AUDITED = {"audit.auditentry", "notify.message", "notify.sentlog", "notify.delivery", "notify.notifyevent",
               "core.importbatch", "core.numbercounter", "core.heartbeat", "security.passwordhistory"}
# Secrets: a change is recorded as "已修改", never the value (not even a hash).
SECRET_FIELDS = {"password", "key", "secret", "token"}
SECRET_MARK = "（已修改）"
# Derived or per-login columns: the search index, and last_login (the login is logged itself).
NOISE_FIELDS = {"search_text", "last_login"}
_PHONE_FIELD = re.compile(r"phone|mobile|tel$")
_NAME_FIELD = {"reporter_name"}
_ID_FIELD = re.compile(r"id_card|id_number|identity")

_request = contextvars.ContextVar("audit_request", default=None)


def current_request():
    return _request.get()


def mask(field_name, value):
    """Personal data never reaches the log in full."""
    if not isinstance(value, str) or not value:
        return value
    if _PHONE_FIELD.search(field_name):
        return mask_phone(value)
    if field_name in _NAME_FIELD:
        return value[0] + "*" * (len(value) - 1)
    if _ID_FIELD.search(field_name):
        return value[:4] + "*" * max(len(value) - 8, 0) + value[-4:]
    return value


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


def _audited_fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in NOISE_FIELDS and not f.primary_key]


def _snapshot(instance):
    return {f.attname: _plain(f.value_from_object(instance)) for f in _audited_fields(type(instance))}


def _shown(field, value):
    """A value as the log may show it."""
    if field in SECRET_FIELDS:
        return SECRET_MARK if value else ""
    return mask(field, value)


def _is_audited(model):
    if model._meta.apps is not apps:
        return False  # a migration's historical model: data migrations are not user changes
    label = model._meta.label_lower
    return model._meta.app_label in AUDITED_APPS and label not in NOT_AUDITED and not model._meta.proxy


def _actor():
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def write(kind, *, user=None, request=None, obj=None, object_type="", object_id="", object_repr="",
          changes=None, detail=""):
    """Append one row. Never lets a logging problem break the user's action silently:
    inside a transaction it fails with it (so a change is never saved unlogged)."""
    request = request if request is not None else _request.get()
    if user is None:
        user = _actor()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or _safe_str(obj)
    AuditEntry.objects.create(
        kind=kind,
        user_id=getattr(user, "pk", None),
        username=(getattr(user, "username", "") or "")[:150],
        role=getattr(user, "role", "") or ("superuser" if getattr(user, "is_superuser", False) else ""),
        ip=client_address(request)[:45] if request is not None else "",
        method=(getattr(request, "method", "") or "")[:8],
        path=(getattr(request, "path", "") or "")[:300],
        object_type=object_type[:80], object_id=str(object_id)[:40], object_repr=object_repr[:200],
        changes=changes or {}, detail=detail[:500],
    )


def _safe_str(obj):
    try:
        return str(obj)
    except Exception:  # a __str__ that needs a missing relation must not block the save
        return f"{obj._meta.verbose_name} #{obj.pk}"


# --- record changes -----------------------------------------------------------------


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _is_audited(sender) or instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    fields = [f.attname for f in _audited_fields(sender)
              if update_fields is None or f.name in update_fields or f.attname in update_fields]
    if not fields:
        instance._audit_before = {}
        return
    instance._audit_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    after = _snapshot(instance)
    if created:
        changes = {k: _shown(k, v) for k, v in after.items() if v not in (None, "", [], {})}
        write(AuditEntry.Kind.CREATE, obj=instance, changes=changes)
        return
    before = getattr(instance, "_audit_before", None)
    if before is None:
        return
    changes = {}
    for k in before:
        old = _plain(before[k])
        if old != after[k]:
            changes[k] = SECRET_MARK if k in SECRET_FIELDS else [mask(k, old), mask(k, after[k])]
    if changes:
        write(AuditEntry.Kind.UPDATE, obj=instance, changes=changes)


def _after_delete(sender, instance, **kwargs):
    if not _is_audited(sender):
        return
    changes = {k: _shown(k, v) for k, v in _snapshot(instance).items() if v not in (None, "", [], {})}
    write(AuditEntry.Kind.DELETE, obj=instance, changes=changes)


# --- logins ---------------------------------------------------------------------------


def _logged_in(sender, request, user, **kwargs):
    write(AuditEntry.Kind.LOGIN, user=user, request=request, obj=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    # The typed username is recorded (not the password); there may be no such account.
    username = str((credentials or {}).get("username", ""))[:150]
    write(AuditEntry.Kind.LOGIN_FAILED, user=None, request=request, object_type="org.user",
          object_repr=username, detail=f"用户名：{username}")


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        write(AuditEntry.Kind.LOGOUT, user=user, request=request, obj=user)


def connect():
    pre_save.connect(_before_save, dispatch_uid="audit-pre-save")
    post_save.connect(_after_save, dispatch_uid="audit-post-save")
    post_delete.connect(_after_delete, dispatch_uid="audit-post-delete")
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")


# --- requests: context, refusals, exports ---------------------------------------------------


def _download_name(response):
    disposition = response.get("Content-Disposition", "")
    match = re.search(r"filename\*=utf-8''([^;]+)|filename=\"?([^\";]+)", disposition, re.IGNORECASE)
    if match:
        return unquote(match.group(1) or match.group(2))
    if isinstance(response, FileResponse):
        return getattr(response, "filename", "") or "文件"
    return ""


class AuditMiddleware:
    """Makes the request available to the signal handlers, and logs refusals and downloads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if response.status_code == 403:
                write(AuditEntry.Kind.DENIED, request=request, detail=f"{request.method} {request.path}"[:500])
            elif response.status_code == 200 and user is not None and user.is_authenticated:
                name = _download_name(response) if (response.has_header("Content-Disposition")
                                                    or isinstance(response, FileResponse)) else ""
                if name:
                    write(AuditEntry.Kind.EXPORT, request=request, detail=name)
        finally:
            _request.reset(token)
        return response


def audited_models():
    return [m for m in apps.get_models() if _is_audited(m)]

