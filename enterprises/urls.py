from django.urls import path

from . import spreadsheet, views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("export.xlsx", views.enterprise_export, name="export"),
    path("grading/", views.grading_rule, name="grading_rule"),
    *spreadsheet.importer.urlpatterns(views.import_template),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/scan/", views.enterprise_scan, name="scan"),
    path("<int:pk>/qr.pdf", views.enterprise_qr, name="qr"),
    path("<int:pk>/qr.png", views.enterprise_qr, {"fmt": "png"}, name="qr_png"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/status/", views.enterprise_status, name="status"),
]
