from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dispatch/", views.dispatch_view, name="dispatch"),
    path("dispatch.xlsx", views.dispatch_view, {"fmt": "xlsx"}, name="dispatch_xlsx"),
    path("dispatch.pdf", views.dispatch_view, {"fmt": "pdf"}, name="dispatch_pdf"),
    path("submit/", views.submit, name="submit"),
    path("forms/", views.forms_list, name="forms"),
    path("forms/<int:pk>/", views.form_edit, name="form_edit"),
    path("ranking/", views.ranking_view, name="ranking"),
    path("hazards/", views.hazard_stats, name="hazard_stats"),
    path("annual.docx", views.annual_docx, name="annual_docx"),
    path("evaluation/<int:plan_pk>.xlsx", views.evaluation_xlsx, name="evaluation_xlsx"),
    path("hazards.xlsx", views.hazard_stats, {"fmt": "xlsx"}, name="hazard_stats_xlsx"),
    path("ranking.pdf", views.ranking_view, {"fmt": "pdf"}, name="ranking_pdf"),
    path("submissions/<int:pk>/", views.submission_view, name="submission"),
    path("submissions/<int:pk>/<str:name>/", views.submission_action, name="submission_action"),
    path("received/", views.received, name="received"),
    path("received/<int:duty_pk>/<str:due>/", views.received_period, name="received_period"),
    path("received/<int:duty_pk>/<str:due>.xlsx", views.received_period, {"fmt": "xlsx"}, name="received_xlsx"),
    path("submissions/<int:pk>.xlsx", views.submission_view, {"fmt": "xlsx"}, name="submission_xlsx"),
]
