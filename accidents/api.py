from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet

from .filters import AccidentFilter
from .models import Accident


class AccidentSerializer(serializers.ModelSerializer):
    report_status = serializers.CharField(read_only=True)

    class Meta:
        model = Accident
        fields = ["id", "title", "occurred_at", "place", "region", "sector", "enterprise", "summary", "deaths",
                  "missing", "serious_injuries", "minor_injuries", "direct_loss", "grade", "reported_at",
                  "report_status", "cause", "lessons", "measures", "responsibility", "analysed_at"]


class AccidentViewSet(ScopedReadOnlyViewSet):
    """生产安全事故 (read; recording goes through the web form and its service)."""

    model = Accident
    serializer_class = AccidentSerializer
    filterset_class = AccidentFilter

    def scoped_queryset(self, qs):
        return qs.order_by("-occurred_at", "-id")
