from django.urls import include, path

from . import views
from .emergency import supply_importer, team_importer

app_name = "safety"
urlpatterns = [
    path("", views.home, name="home"),
    path("coverage/", views.coverage_board, name="coverage"),
    path("coverage/new/", views.target_edit, name="target_create"),
    path("coverage/<int:pk>/", views.target_detail, name="target"),
    path("coverage/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("coverage/<int:pk>/do/<slug:name>/", views.target_action, name="target_action"),
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<int:pk>/", views.training_detail, name="training"),
    path("trainings/files/<int:pk>/", views.training_file, name="training_file"),
    path("drills/", views.drill_list, name="drills"),
    path("drills/new/", views.drill_create, name="drill_create"),
    path("drills/compliance/", views.drill_compliance, name="compliance"),
    path("drills/plan/", views.drill_plan, name="drill_plan"),
    path("emergency/supplies/", views.emergency_list, {"name": "supplies"}, name="supplies"),
    path("emergency/supplies/export.xlsx", views.emergency_export, {"name": "supplies"}, name="supplies_export"),
    path("emergency/supplies/", include((supply_importer.urlpatterns(views._template_view("supplies")), "supplies"))),
    path("emergency/teams/", views.emergency_list, {"name": "teams"}, name="teams"),
    path("emergency/teams/export.xlsx", views.emergency_export, {"name": "teams"}, name="teams_export"),
    path("emergency/teams/", include((team_importer.urlpatterns(views._template_view("teams")), "teams"))),
]
