"""The public tip-off pages under /jubao/ (no login)."""

from django.urls import path

from . import views

app_name = "tipoffs_public"
urlpatterns = [
    path("", views.public_form, name="form"),
    path("chaxun/", views.public_lookup, name="lookup"),
    path("chaxun/<str:code>/", views.public_progress, name="progress"),
    path("huizhi/<str:code>/", views.public_receipt, name="receipt"),
]
