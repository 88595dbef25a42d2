from django.urls import path, re_path

from . import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("people/", views.people_list, name="people"),
    path("groups/", views.group_list, name="groups"),
    path("sectors/", views.sector_list, name="sectors"),
    path("regions/", views.region_list, name="regions"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/new/", views.expert_edit, name="expert_new"),
    path("experts/<int:pk>/", views.expert_edit, name="expert_edit"),
    path("duty/", views.duty_week, name="duty"),
    re_path(r"^phone/(?P<who>[a-z]+)/(?P<pk>[0-9]+)/$", views.phone_reveal, name="phone"),
]
