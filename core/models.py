"""Shared model bases: materialised-path trees and domain event rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal
from django.utils import timezone

from org.scope import PersonalQuerySet, ScopedQuerySet


def path_segment(pk):
    """Zero-padded so that ordering by path is tree order (lexical "/13/" < "/9/" otherwise)."""
    return f"{pk:010d}/"


def ids_in_path(path):
    """The ids of a node and its ancestors, root first."""
    return [int(p) for p in path.strip("/").split("/") if p]


# Sent (sender: the tree's model) when a node moves under another parent, in the move's
# transaction: what is kept per ancestor (the hazard roll-ups) is recounted.
subtree_moved = Signal()


class TreeNode(models.Model):
    """A tree stored with a materialised path ("/0000000001/0000000007/").

    Scope checks at province scale are `path__startswith=...` on an indexed
    column: one range scan, no recursive query.
    """

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def _computed_path(self):
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{path_segment(self.pk)}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old_path = self.path
            if self.parent_id and self.pk and old_path and self.parent.path.startswith(old_path):
                raise ValidationError("不能把节点移动到它自己的下级节点之下。")
            super().save(*args, **kwargs)
            new_path = self._computed_path()
            new_depth = (self.parent.depth + 1) if self.parent_id else 0
            if new_path != old_path or new_depth != self.depth:
                type(self).objects.filter(pk=self.pk).update(path=new_path, depth=new_depth)
                if old_path:
                    # Re-root the whole subtree in one statement.
                    type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                        depth=F("depth") + (new_depth - self.depth),
                    )
                self.path, self.depth = new_path, new_depth
                if old_path:
                    subtree_moved.send(sender=type(self), node=self)

    def descendants(self, include_self=True):
        qs = type(self).objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestors(self):
        return type(self).objects.filter(pk__in=ids_in_path(self.path)).order_by("depth")

    @property
    def full_name(self):
        return " / ".join(a.name for a in self.ancestors())


class EventBase(models.Model):
    """One row per domain event (Saleor-style): who did what, when, with what.

    Concrete event tables add a FK to their subject. Rows are never updated or
    deleted; a correction is a new event.
    """

    # Event type → the record's column that holds the same moment (上报 → reported_at, 验收通过 → accepted_at):
    # the timeline and the figures counted from the column must tell the same day (a test holds every
    # record with a timeline to it, the demo's included).
    MILESTONES = {}

    type = models.CharField("事件", max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    comment = models.TextField("说明", blank=True)
    data = models.JSONField("参数", default=dict, blank=True, encoder=DjangoJSONEncoder)

    # Event type → Chinese label, declared by every concrete table. A type without a label
    # is refused on save, so no code can reach a timeline, a PDF or an export.
    LABELS = {}

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @property
    def label(self):
        return self.LABELS.get(self.type, "其他")

    @property
    def changed(self):
        """The Chinese names of what an edit changed: `data["changes"]` keys are field names of
        the subject (named by its verbose names; an unknown key is "其他信息"), `data["fields"]`
        are names already."""
        data = self.data or {}
        if data.get("fields"):
            return list(data["fields"])
        keys = list(data.get("changes") or {})
        if not keys:
            return []
        subjects = [f.related_model for f in self._meta.fields
                    if f.is_relation and f.name != "actor" and f.related_model is not None]
        names = []
        for key in keys:
            name = "其他信息"
            for model in subjects:
                try:
                    verbose = str(model._meta.get_field(key).verbose_name)
                except Exception:  # FieldDoesNotExist, or a reverse relation: not a named field
                    continue
                if verbose != key.replace("_", " "):  # Django's default is the code itself
                    name = verbose
                break
            if name not in names:
                names.append(name)
        return names

    @property
    def files(self):
        """Files attached with this event (a hazard's photos and papers); none by default."""
        return ()

    def save(self, *args, **kwargs):
        if self.type not in self.LABELS:
            raise ValueError(f"{type(self).__name__}: event type {self.type!r} has no label in LABELS")
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self._meta.verbose_name}：{self.label}"


class NumberCounter(models.Model):
    """Next serial per number prefix and year (core.numbering), taken under a row lock.
    Internal bookkeeping: no queryset reads it for a user."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()  # the base strategy: nobody

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="number_counter_unique")]


class Heartbeat(models.Model):
    """One row /healthz/ writes now and then: proof the database takes writes."""

    at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()  # the base strategy: nobody


class ImportBatchQuerySet(PersonalQuerySet):
    """An upload is private to its uploader until it is committed."""

    owner = "created_by"


class ImportBatch(models.Model):
    """An uploaded spreadsheet parsed into rows, waiting for the user to confirm.

    Nothing reaches the domain tables until `commit`; the parsed rows are kept
    here so the preview and the commit see exactly the same data.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        COMMITTED = "committed", "已导入"
        DISCARDED = "discarded", "已放弃"

    kind = models.CharField("类型", max_length=40)
    filename = models.CharField("文件名", max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    rows = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    errors = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    result = models.JSONField(default=dict, encoder=DjangoJSONEncoder)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def review_url(self):
        """Where its uploader confirms it: a plan's review page, or the importer's preview."""
        from django.urls import reverse

        if self.kind == "plan":
            return reverse("plans:review", args=[self.pk])
        return reverse(f"{self.kind}:import_preview", args=[self.pk])


class SchedulerLease(models.Model):
    """Only one scheduler per database (issue 26): the running `manage.py scheduler` holds this row and
    renews it every few seconds; another one finds it held and does not start. A holder that died
    without releasing it (power cut, SIGKILL) loses it once it is LEASE_SECONDS old."""

    LEASE_SECONDS = 30

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    host = models.CharField(max_length=120, blank=True)
    pid = models.PositiveIntegerField(default=0)
    renewed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()  # the base strategy: nobody (internal bookkeeping)

    class Meta:
        verbose_name = verbose_name_plural = "调度进程租约"


class ReplayKey(models.Model):
    """The idempotency key of one thing a phone queued offline and sent (maybe again after a lost reply): a
    check item's answer, a hazard report, a self-check, a signature. See core/replay.py."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()  # the base strategy: nobody (internal bookkeeping)

    class Meta:
        verbose_name = verbose_name_plural = "离线提交标识"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="replay_key_unique")]
