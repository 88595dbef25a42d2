"""Admin base: every admin list goes through the model's for_user() scope,
and only the system administrator (三员之一) may use the admin at all."""

from django.contrib import admin

from org.roles import Role


class ScopedAdmin(admin.ModelAdmin):
    # Roles allowed to change this model in the admin.
    admin_roles = {Role.SYS_ADMIN}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "for_user"):
            return qs.for_user(request.user)
        return qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices for region/unit/enterprise/person are limited to the admin's own scope,
        # so an account cannot be anchored outside it.
        from org.models import Region
        from org.scope import get_scope

        related = db_field.related_model
        if related is Region:
            kwargs["queryset"] = Region.objects.filter(path__startswith=get_scope(request.user).region_path or "/none/")
        elif hasattr(related.objects, "for_user"):
            kwargs["queryset"] = related.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _allowed(self, request):
        return request.user.is_active and (request.user.is_superuser or request.user.role in self.admin_roles)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        # Records are retired (active=False), never deleted.
        return False


class ReadOnlyScopedAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
