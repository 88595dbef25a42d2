from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

from core.excel import XLSX_MIME
from org.roles import Role

from . import spreadsheet
from .views import filtered


@login_required
def export(request):
    if request.user.role not in (Role.LEADER, Role.SAFETY_OFFICE, Role.UNIT_STAFF):
        raise PermissionDenied("您没有导出隐患台账的权限。")
    _, qs = filtered(request)
    # Full phone numbers only for those who may re-import (the export is audited either way).
    full = request.GET.get("full") == "1" and spreadsheet.importer.allowed(request.user)
    response = HttpResponse(spreadsheet.export_workbook(qs, full_phones=full), content_type=XLSX_MIME)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''hazard-ledger-{stamp}.xlsx"
    return response


@login_required
def import_template(request):
    if not spreadsheet.importer.allowed(request.user):
        raise PermissionDenied("您没有导入权限。")
    response = HttpResponse(spreadsheet.template_workbook(request.user), content_type=XLSX_MIME)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''hazard-import-template.xlsx"
    return response
