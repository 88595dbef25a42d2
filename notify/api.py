"""The inbox and the reminder rules over the API (an integration can show a person's
unread count or mark messages read; the rules are readable inside the bureau)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet, ServiceCallMixin

from . import services
from .models import Message, ReminderRule


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = ["id", "kind", "day", "title", "body", "lines", "url", "created_at", "read_at"]


class MessageViewSet(ServiceCallMixin, ScopedReadOnlyViewSet):
    """站内消息（仅本人）. `?unread=1` lists the unread ones."""

    model = Message
    serializer_class = MessageSerializer

    def scoped_queryset(self, qs):
        return qs.filter(read_at__isnull=True) if self.request.query_params.get("unread") else qs

    @extend_schema(request=None, responses={200: MessageSerializer}, summary="标为已读")
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        message = self.get_object()  # DRF's lookup: a malformed id is a 404, not a 500
        self.call(services.mark_read, request.user, message.pk)
        message.refresh_from_db()
        return Response(MessageSerializer(message).data)

    @extend_schema(request=None, responses={200: inline_serializer("ReadAll", {"marked": serializers.IntegerField()})},
                   summary="全部标为已读")
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": self.call(services.mark_all_read, request.user)})


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReminderRule
        fields = ["id", "source", "offset_days", "audience", "active"]


class ReminderRuleViewSet(ScopedReadOnlyViewSet):
    """提醒规则（只读；在“系统管理 → 提醒规则”中修改）."""

    model = ReminderRule
    serializer_class = RuleSerializer
