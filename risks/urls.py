from django.urls import path

from . import views

app_name = "risks"
urlpatterns = [
    path("", views.point_list, name="list"),
    path("new/", views.create, name="create"),
    path("export.xlsx", views.export, name="export"),
    path("bands/", views.bands, name="bands"),
    path("map/", views.map_view, name="map"),
    path("map.json", views.map_data, name="map_data"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
]
