from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from core.admin import ScopedAdmin

from .models import Person, Region, Sector, Unit, User, WorkingGroup, WorkingGroupMember
from .roles import BUSINESS_ROLES, Role


class ResetPasswordForm(AdminPasswordChangeForm):
    """A password set by an administrator is temporary: the user must replace it at next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["name", "code", "level", "parent"]
    search_fields = ["name", "code"]



@admin.register(Sector)
class SectorAdmin(ScopedAdmin):
    list_display = ["name", "code", "parent", "is_two_plus_one", "active", "sort_order"]
    list_filter = ["is_two_plus_one", "active"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "region", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    filter_horizontal = ["sectors"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["name", "unit", "position", "phone", "active"]
    search_fields = ["name", "position"]
    list_select_related = ["unit"]


class MemberInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 1
    autocomplete_fields = ["person", "unit"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ScopedAdmin):
    list_display = ["name", "kind", "region", "office_unit", "active"]
    inlines = [MemberInline]


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "region", "unit", "enterprise", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name"]
    raw_id_fields = ["enterprise", "person"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("last_name", "first_name", "email", "phone", "person")}),
        ("角色与数据范围", {"fields": ("role", "region", "unit", "enterprise")}),
        ("状态", {"fields": ("is_active", "must_change_password", "password_changed_at", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2", "role", "region", "unit", "enterprise")}),
    )
    readonly_fields = ["last_login", "date_joined", "password_changed_at"]
    change_password_form = ResetPasswordForm

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # 三员分立: the system administrator creates business accounts only; the three
        # administrator accounts are created by the superuser who installs the system.
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(v, label) for v, label in Role.choices if v in BUSINESS_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


    def save_model(self, request, obj, form, change):
        # The system administrator manages accounts but never creates superusers
        # or staff accounts outside the admin role (三员分立).
        if not request.user.is_superuser:
            obj.is_superuser = False
            if obj.role not in BUSINESS_ROLES:
                raise PermissionDenied("系统管理员只能管理业务账号，三员账号由安装系统的超级管理员创建。")
        obj.is_staff = obj.role == Role.SYS_ADMIN
        if not change:
            obj.must_change_password = True  # the first password is the administrator's, not the user's
        super().save_model(request, obj, form, change)

