"""The upload → preview → confirm flow shared by every Excel import.

A module supplies an `Importer`: how to parse raw rows (returning parsed rows
and row errors), how to show a parsed row, and how to commit all rows in one
transaction. Parsing runs again at commit, so the data written is exactly the
data checked at that moment.
"""

import abc

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.excel import SheetError, read_rows
from core.exceptions import ServiceError
from core.models import ImportBatch


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只支持 .xlsx 格式的 Excel 文件，请另存为 .xlsx 后上传。")
        if f.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(f"文件不能超过 {settings.MAX_UPLOAD_SIZE // 1024 // 1024} MB。")
        return f


# kind → importer: each module's `importer = XImporter()` registers itself, so a test can walk them all
# (every export must re-import with no error and no change: tests/test_import_roundtrip.py).
IMPORTERS = {}


class Importer(abc.ABC):
    kind = ""  # ImportBatch.kind
    title = ""
    required = []  # header names that identify the sheet
    columns = []  # preview column headings
    url_prefix = ""  # "enterprises" → enterprises:import_preview etc.
    done_url = ""
    hint = ""

    def __init__(self):
        IMPORTERS[self.kind] = self

    @abc.abstractmethod
    def allowed(self, user):
        """May this user import?"""

    @abc.abstractmethod
    def export(self, user):
        """The register as this user exports it to edit (.xlsx bytes, full phone numbers): the file
        this importer must read back with no error and no change."""

    def changes(self, parsed_rows):
        """How many rows would change something (new or different); the rest are as recorded."""
        return sum(1 for r in parsed_rows if not r.get("unchanged"))

    @abc.abstractmethod
    def parse(self, user, raw_rows):
        """Return (parsed_rows, errors); each parsed row has a "row" number."""

    @abc.abstractmethod
    def cells(self, parsed_row):
        """Preview cells of one parsed row, matching `columns`."""

    @abc.abstractmethod
    def commit(self, user, parsed_rows):
        """Write every row; runs inside the caller's transaction. Returns a result dict."""

    def summary(self, parsed_rows):
        return ""

    result_labels = {}  # result key -> "新增 {} 家"

    def result_text(self, result):
        return "，".join(self.result_labels.get(k, k + " {}").format(v) for k, v in result.items())

    # --- views -----------------------------------------------------------------

    def urlpatterns(self, template_view):
        """import/, import/template.xlsx, import/<pk>/ and import/<pk>/commit/ for a module's urls.py."""
        from django.contrib.auth.decorators import login_required
        from django.urls import path

        return [
            path("import/", login_required(self.upload_view), name="import"),
            path("import/template.xlsx", login_required(template_view), name="import_template"),
            path("import/<int:pk>/", login_required(self.preview_view), name="import_preview"),
            path("import/<int:pk>/commit/", login_required(self.commit_view), name="import_commit"),
        ]

    def upload_view(self, request):
        if not self.allowed(request.user):
            raise PermissionDenied("您没有导入权限。")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                raw = read_rows(upload, self.required)
                if not raw:
                    raise ServiceError("文件中没有数据行。")
                _, errors = self.parse(request.user, raw)
            except SheetError as exc:
                form.add_error("file", str(exc))
            except ServiceError as exc:
                form.add_error("file", exc.message)
            else:
                batch = ImportBatch.objects.create(kind=self.kind, filename=upload.name[:255],
                                                   created_by=request.user, rows=raw, errors=errors)
                return redirect(f"{self.url_prefix}:import_preview", pk=batch.pk)
        return render(request, "core/import_upload.html", {
            "form": form, "title": self.title, "hint": self.hint,
            "template_url": reverse(f"{self.url_prefix}:import_template"),
        })

    def _batch(self, request, pk):
        return get_object_or_404(ImportBatch.objects.for_user(request.user), pk=pk, kind=self.kind)

    def preview_view(self, request, pk):
        batch = self._batch(request, pk)
        rows, errors, parsed = [], batch.errors, []
        if batch.status == ImportBatch.Status.PENDING:
            parsed, errors = self.parse(request.user, [tuple(r) for r in batch.rows])
            by_row = {}
            for err in errors:
                by_row.setdefault(err["row"], []).append(err)
            rows = [{"row": p["row"], "cells": self.cells(p), "errors": by_row.get(p["row"], [])} for p in parsed]
        return render(request, "core/import_preview.html", {
            "batch": batch, "rows": rows[:500], "more": max(0, len(rows) - 500), "errors": errors,
            "total": len(rows), "columns": self.columns, "summary": self.summary(parsed) if parsed else "",
            "commit_url": reverse(f"{self.url_prefix}:import_commit", args=[batch.pk]),
            "upload_url": reverse(f"{self.url_prefix}:import"),
            "result_text": self.result_text(batch.result or {}),
        })

    def commit_view(self, request, pk):
        batch = self._batch(request, pk)
        if request.method != "POST" or batch.status != ImportBatch.Status.PENDING:
            return redirect(f"{self.url_prefix}:import_preview", pk=batch.pk)
        if request.POST.get("action") == "discard":
            batch.status = ImportBatch.Status.DISCARDED
            batch.save(update_fields=["status"])
            messages.info(request, "已放弃本次导入，未写入任何数据。")
            return redirect(self.done_url)
        if not self.allowed(request.user):
            raise PermissionDenied("您没有导入权限。")
        try:
            with transaction.atomic():
                parsed, errors = self.parse(request.user, [tuple(r) for r in batch.rows])
                if errors:
                    raise ServiceError(f"数据有 {len(errors)} 处错误，未导入任何数据。")
                result = self.commit(request.user, parsed)
                batch.status, batch.result = ImportBatch.Status.COMMITTED, result
                batch.save(update_fields=["status", "result"])
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect(f"{self.url_prefix}:import_preview", pk=batch.pk)
        messages.success(request, f"导入完成：{self.result_text(result)}。")
        return redirect(self.done_url)
