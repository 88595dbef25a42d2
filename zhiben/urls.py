from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from org.forms import LoginForm

admin.site.site_header = "治本 · 系统管理"
admin.site.site_title = "治本"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", core_views.dashboard_view, name="dashboard"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("modules/<slug:module>/", core_views.pending_view, name="pending"),
    path("enterprises/", include("enterprises.urls")),
    path("hazards/", include("hazards.urls")),
    path("plans/", include("plans.urls")),
    path("accidents/", include("accidents.urls")),
    path("org/", include("org.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
