from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet, actions_for

from .filters import AccidentFilter
from .models import Accident
from .permissions import available_actions


class AccidentSerializer(serializers.ModelSerializer):
    report_status = serializers.CharField(read_only=True)
    actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作（与页面一致）")

    class Meta:
        model = Accident
        fields = ["id", "title", "occurred_at", "place", "region", "sector", "enterprise", "summary", "deaths",
                  "missing", "serious_injuries", "minor_injuries", "direct_loss", "grade", "reported_at",
                  "report_status", "cause", "lessons", "measures", "responsibility", "analysed_at", "actions"]

    def get_actions(self, obj) -> list[str]:
        return actions_for(self, lambda user: available_actions(user, obj))


class AccidentViewSet(ScopedReadOnlyViewSet):
    """生产安全事故 (read; recording goes through the web form and its service)."""

    model = Accident
    serializer_class = AccidentSerializer
    filterset_class = AccidentFilter

    def scoped_queryset(self, qs):
        return qs.order_by("-occurred_at", "-id")
