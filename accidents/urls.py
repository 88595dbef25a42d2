from django.urls import path

from . import views

app_name = "accidents"
urlpatterns = [
    path("", views.accident_list, name="list"),
    path("new/", views.create, name="create"),
    path("stats/", views.stats, name="stats"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
]
