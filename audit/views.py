"""The auditor's screens: search the log, read one entry, export what was found.

Read-only by construction: there is no form that writes here, and the only
rows this app creates are the log's own (the export is itself logged)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.excel import new_workbook, write_table, xlsx_response
from core.validators import mask_phones_in
from org.roles import Role

from .filters import AuditFilter
from .models import AuditEntry
from core.http import file_name

EXPORT_LIMIT = 50000
EXPORT_HEADERS = ["时间", "类型", "用户名", "角色", "地址", "请求", "对象类型", "对象ID", "对象", "变更内容", "说明"]


def _filtered(request):
    """The entries matching the search form (三员分立: only the auditor reads the log)."""
    if not (request.user.role == Role.AUDITOR or request.user.is_superuser):
        raise PermissionDenied("审计日志只有审计管理员可以查看。")
    return AuditFilter(request.GET or None, queryset=AuditEntry.objects.for_user(request.user))


@login_required
def entry_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"filter": filterset, "page": page,
                                               "kinds": AuditEntry.Kind.choices})


@login_required
def entry_detail(request, pk):
    _filtered(request)
    entry = get_object_or_404(AuditEntry.objects.for_user(request.user), pk=pk)
    rows = []
    for field, value in (entry.changes or {}).items():
        if entry.kind == AuditEntry.Kind.UPDATE and isinstance(value, list) and len(value) == 2:
            rows.append((field, value[0], value[1]))
        else:
            rows.append((field, "", value) if entry.kind != AuditEntry.Kind.DELETE else (field, value, ""))
    return render(request, "audit/detail.html", {"e": entry, "rows": rows})


@login_required
def export(request):
    filterset = _filtered(request)
    rows = [[timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.kind_label, e.actor_label, e.role_label,
             e.ip, f"{e.method} {e.path}".strip(), e.object_type, e.object_id, e.object_repr,
             mask_phones_in(str(e.changes)) if e.changes else "", mask_phones_in(e.detail)]
            for e in filterset.qs[:EXPORT_LIMIT]]
    wb = new_workbook("审计日志")
    write_table(wb.active, EXPORT_HEADERS, rows, widths={"时间": 20, "对象": 30, "变更内容": 60, "说明": 30})
    return xlsx_response(wb, file_name("审计日志", timezone.localdate(), ext="xlsx"))
