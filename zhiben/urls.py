from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import pwa
from core import views as core_views
from dashboard import views as dashboard_views
from enterprises import views as enterprise_views
from hazards import documents as hazard_documents
from inspections import views_enforcement as inspection_public
from org.forms import LoginForm
from security import views as security_views

admin.site.site_header = "治本 · 系统管理"
admin.site.site_title = "治本"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", dashboard_views.dashboard_view, name="dashboard"),
    path("todo/", dashboard_views.todo_view, name="todo"),
    path("todo/badge/", dashboard_views.todo_badge, name="todo_badge"),
    path("offline/pages.json", dashboard_views.offline_pages, name="offline_pages"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("maps/base.json", enterprise_views.map_base, name="map_base"),
    # The installable field app (core.pwa): served from the root, so the worker's scope is the whole site.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", security_views.password_change, name="password_change"),
    path("accounts/logout-everywhere/", security_views.logout_everywhere, name="logout_everywhere"),
    path("accounts/large-text/", security_views.large_text, name="large_text"),
    path("security/", include("security.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("hazards/", include("hazards.urls")),
    path("plans/", include("plans.urls")),
    path("duties/", include("duties.urls")),
    path("obligations/", include("obligations.urls")),
    path("appraisal/", include("appraisal.urls")),
    path("accidents/", include("accidents.urls")),
    path("inspections/", include("inspections.urls")),
    path("tipoffs/", include("tipoffs.urls")),
    path("risks/", include("risks.urls")),
    path("safety/", include("safety.urls")),
    path("reports/", include("reports.urls")),
    path("jubao/", include("tipoffs.public_urls")),
    path("shuangsuiji/", inspection_public.public_draws, name="public_draws"),
    # A hazard placard's public page (隐患公示): what its printed code opens, without signing in.
    path("gongshi/yh/<str:token>/", hazard_documents.public, name="hazard_public"),
    path("org/", include("org.urls")),
    path("", include("notify.urls")),
    path("audit/", include("audit.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.forbidden"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
