from django.contrib import admin

from core.admin import ReadOnlyScopedAdmin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyScopedAdmin):
    """Read-only: enterprise records change only through the services (with events)."""

    list_display = ["name", "credit_code", "region", "status", "is_two_plus_one"]
    list_filter = ["status", "is_two_plus_one"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region"]
