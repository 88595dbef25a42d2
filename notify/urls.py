from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/badge/", views.badge, name="badge"),
    path("inbox/read-all/", views.read_all, name="read_all"),
    path("inbox/<int:pk>/", views.message_detail, name="message"),
    path("inbox/<int:pk>/read/", views.read, name="read"),
    path("notify/rules/", views.rules, name="rules"),
    path("notify/webhooks/", views.webhooks, name="webhooks"),
    path("notify/webhooks/new/", views.webhook_edit, name="webhook_create"),
    path("notify/webhooks/<int:pk>/", views.webhook_edit, name="webhook_edit"),
    path("notify/webhooks/<int:pk>/test/", views.webhook_test, name="webhook_test"),
    path("notify/deliveries/", views.deliveries, name="deliveries"),
    path("notify/deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
