from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("", views.home, name="home"),
    path("unlock/", views.unlock, name="unlock"),
]
