from django.urls import path

from . import views

app_name = "appraisal"

urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>.pdf", views.round_detail, {"fmt": "pdf"}, name="round_pdf"),
    path("rounds/<int:pk>/do/<str:name>/", views.round_action, name="round_action"),
    path("rounds/<int:pk>/<str:kind>/<int:subject>/", views.sheet, name="sheet"),
    path("rounds/<int:pk>/<str:kind>/<int:subject>.pdf", views.sheet, {"fmt": "pdf"}, name="sheet_pdf"),
    path("manual/<int:pk>/remove/", views.remove_manual, name="manual_remove"),
    path("manual/<int:pk>/file/", views.manual_file, name="manual_file"),
]
