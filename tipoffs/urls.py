from django.urls import path

from . import views

app_name = "tipoffs"
urlpatterns = [
    path("", views.tipoff_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
