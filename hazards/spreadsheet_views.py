from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.excel import xlsx_response

from . import permissions, spreadsheet
from .views import filtered
from core.http import file_name
from org.scope import owner_name


@login_required
def export(request):
    if request.user.role not in permissions.EXPORT_ROLES:
        raise PermissionDenied("您没有导出隐患台账的权限。")
    _, qs = filtered(request)
    # Full phone numbers only for those who may re-import (the export is audited either way).
    full = request.GET.get("full") == "1" and spreadsheet.importer.allowed(request.user)
    name = file_name(f"{owner_name(request.user)}隐患排查治理台账", timezone.localdate(), ext="xlsx")
    return xlsx_response(spreadsheet.export_file(qs, full_phones=full), name)


@login_required
def import_template(request):
    if not spreadsheet.importer.allowed(request.user):
        raise PermissionDenied("您没有导入权限。")
    return xlsx_response(spreadsheet.template_workbook(request.user), "隐患导入模板.xlsx")
