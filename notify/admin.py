"""Read-only admin views; rules and robots are changed on their pages, through the services
that write the event rows."""

from django.contrib import admin

from core.admin import ReadOnlyScopedAdmin

from .models import Delivery, ReminderRule, Webhook


@admin.register(ReminderRule)
class ReminderRuleAdmin(ReadOnlyScopedAdmin):
    list_display = ["source", "offset_days", "audience", "active"]
    list_filter = ["source", "audience", "active"]


@admin.register(Webhook)
class WebhookAdmin(ReadOnlyScopedAdmin):
    list_display = ["unit", "kind", "active"]
    list_filter = ["kind", "active"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyScopedAdmin):
    """Failed deliveries, for the administrator (retry at /notify/deliveries/)."""

    list_display = ["created_at", "channel", "address", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "channel"]
