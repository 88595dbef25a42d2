from django.urls import path

from . import views

app_name = "obligations"

urlpatterns = [
    path("", views.home, name="home"),
    path("board/", views.board, name="board"),
    path("checks/", views.check_list, name="checks"),
    path("checks/new/", views.check_create, name="check_create"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("checks/items/<int:pk>/photo/", views.item_photo, name="item_photo"),
    path("filings/", views.filing_list, name="filings"),
    path("filings/new/", views.filing_create, name="filing_create"),
    path("filings/<int:pk>/", views.filing_detail, name="filing"),
    path("filings/<int:pk>/<str:name>/", views.filing_action, name="filing_action"),
    path("filings/files/<int:pk>/", views.filing_file, name="filing_file"),
]
