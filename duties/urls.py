from django.urls import path

from . import views

app_name = "duties"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.create_duty, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("list/<str:who>/<int:pk>/", views.duty_list, name="list"),
    path("list/<str:who>/<int:pk>.pdf", views.duty_list, {"fmt": "pdf"}, name="list_pdf"),
    path("records/", views.record_list, name="records"),
    path("records/new/", views.create_record, name="record_create"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/files/<int:pk>/", views.record_file, name="record_file"),
]
