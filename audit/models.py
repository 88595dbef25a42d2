"""The audit log (SPEC §13, 等保 level 3): one append-only table for logins,
permission refusals, exports and downloads, and every change to a record.

Rows carry the user's id and name as plain values, not a foreign key: deleting
or renaming an account must not touch (or be blocked by) its audit trail. The
application never updates or deletes a row: the model and queryset refuse it,
and database triggers (migration 0002) refuse it underneath.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from org.roles import Role
from org.scope import ReferenceQuerySet


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(ReferenceQuerySet):
    # 三员分立: only the auditor reads the log (superusers too, for installation).
    kind = "audit"

    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditEntry(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "登录成功"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED_OUT = "locked_out", "登录锁定"
        LOGOUT = "logout", "退出登录"
        DENIED = "denied", "越权拒绝"
        EXPORT = "export", "导出/下载"
        VIEW_PERSONAL = "view_personal", "查看个人信息"
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, db_index=True)
    user_id = models.BigIntegerField("用户ID", null=True, blank=True, db_index=True)
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    role = models.CharField("角色", max_length=20, blank=True)
    ip = models.CharField("地址", max_length=45, blank=True)
    method = models.CharField("请求方法", max_length=8, blank=True)
    path = models.CharField("请求路径", max_length=300, blank=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象ID", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    # {"field": [before, after]} for updates; {"field": value} for creations and deletions.
    changes = models.JSONField("变更内容", default=dict, blank=True, encoder=DjangoJSONEncoder)
    detail = models.CharField("说明", max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.username or '系统'} {self.get_kind_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    @property
    def kind_label(self):
        return self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind

    @property
    def actor_label(self):
        return self.username or "系统"

    @property
    def role_label(self):
        return Role(self.role).label if self.role in Role.values else self.role
