from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.review_view, name="review"),
    path("my/", views.my_tasks, name="my"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("slots/documents/<int:pk>/", views.slot_document, name="slot_document"),
    path("slots/<int:pk>/<str:name>/", views.slot_action, name="slot_action"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("files/<int:pk>/", views.progress_file, name="progress_file"),
    path("assessment-files/<int:pk>/", views.assessment_file, name="assessment_file"),
    path("tasks/<int:pk>/do/<slug:name>/", views.task_action, name="task_action"),
    path("<int:pk>/", views.ledger, name="ledger"),
    path("<int:pk>/measures/", views.measures, name="measures"),
    path("<int:pk>/measures.xlsx", views.measures, {"fmt": "xlsx"}, name="measures_xlsx"),
    path("<int:pk>/measures.pdf", views.measures, {"fmt": "pdf"}, name="measures_pdf"),
]
