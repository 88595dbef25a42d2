from django.urls import path

from . import views, views_enforcement as ve

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.create, name="create"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/field/", views.field, name="field"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
    path("<int:pk>/targets/<int:target_pk>/items/", views.add_item, name="add_item"),
    path("<int:pk>/targets/<int:target_pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/targets/<int:target_pk>/record.pdf", views.record_pdf, name="record_pdf"),
    path("items/<int:pk>/", views.record_item, name="record_item"),
    path("items/<int:pk>/hazard/", views.item_hazard, name="item_hazard"),
    path("items/<int:pk>/photo/", views.item_photo, name="item_photo"),
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("draws/", ve.draw_list, name="draws"),
    path("draws/new/", ve.draw_create, name="draw_create"),
    path("draws/<int:pk>/", ve.draw_detail, name="draw"),
    path("draws/<int:pk>/do/<slug:name>/", ve.draw_action, name="draw_action"),
    path("actions/", ve.action_list, name="actions"),
    path("actions/new/", ve.action_create, name="action_create"),
    path("actions/<int:pk>/", ve.action_detail, name="action"),
    path("actions/<int:pk>/order.pdf", ve.order_pdf, name="order_pdf"),
    path("actions/<int:pk>/close/", ve.action_close, name="action_close"),
    path("schedules/", ve.schedule_list, name="schedules"),
    path("schedules/<int:pk>/do/<slug:name>/", ve.schedule_action, name="schedule_action"),
    path("monthly/", ve.monthly_view, name="monthly"),
    path("monthly.xlsx", ve.monthly_view, {"fmt": "xlsx"}, name="monthly_xlsx"),
]
