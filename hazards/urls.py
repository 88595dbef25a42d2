from django.urls import path

from . import documents, metrics_views, spreadsheet, spreadsheet_views, views

app_name = "hazards"
urlpatterns = [
    path("", views.hazard_list, name="list"),
    path("new/", views.report, name="report"),
    path("map/", views.map_view, name="map"),
    path("map.json", views.map_data, name="map_data"),
    path("metrics/", metrics_views.metrics, name="metrics"),
    path("export.xlsx", spreadsheet_views.export, name="export"),
    *spreadsheet.importer.urlpatterns(spreadsheet_views.import_template),
    path("criteria/", views.criteria_list, name="criteria"),
    path("criteria/new/", views.criterion_edit, name="criterion_new"),
    path("criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("files/<int:pk>/thumb/", views.attachment, {"thumb": True}, name="thumbnail"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
    path("<int:pk>/notice.pdf", documents.rectification_notice, name="notice_pdf"),
    path("<int:pk>/supervision.pdf", documents.supervision_notice, name="supervision_pdf"),
    path("<int:pk>/closeout.pdf", documents.closeout_sheet, name="closeout_pdf"),
    path("<int:pk>/placard.pdf", documents.placard, name="placard_pdf"),
]
