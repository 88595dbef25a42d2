from rest_framework import mixins, serializers, viewsets

from core.api import ScopedViewSetMixin, StepEndpointsMixin, actions_for, transition

from .actions import STEPS
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
                  "report_status", "cause", "lessons", "measures", "responsibility", "analysed_at", "version",
                  "actions"]

    def get_actions(self, obj) -> list[str]:
        return actions_for(self, lambda user: available_actions(user, obj))


class ReportedSerializer(serializers.Serializer):
    reported_at = serializers.DateTimeField(help_text="向上级报告的时间")


class FiguresSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    deaths = serializers.IntegerField(min_value=0)
    missing = serializers.IntegerField(min_value=0)
    serious_injuries = serializers.IntegerField(min_value=0)
    minor_injuries = serializers.IntegerField(min_value=0)
    direct_loss = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, help_text="万元")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AnalysisSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    cause = serializers.CharField()
    lessons = serializers.CharField(required=False, allow_blank=True, default="")
    measures = serializers.CharField()
    responsibility = serializers.CharField(required=False, allow_blank=True, default="")


class AccidentViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """生产安全事故 (recording a new accident goes through the web form and its service; the
    follow-up steps — report time, changed figures, 一事一分析 — are endpoints here too)."""

    model = Accident
    serializer_class = AccidentSerializer
    filterset_class = AccidentFilter
    steps = STEPS
    result_serializer = AccidentSerializer

    def scoped_queryset(self, qs):
        return qs.order_by("-occurred_at", "-id")

    @transition(ReportedSerializer, "登记报告时间", AccidentSerializer)
    def reported(self, request, pk=None):
        return self.perform_step("reported")

    @transition(FiguresSerializer, "更新伤亡和损失（重新定级）", AccidentSerializer)
    def figures(self, request, pk=None):
        return self.perform_step("figures")

    @transition(AnalysisSerializer, "一事一分析", AccidentSerializer)
    def analysis(self, request, pk=None):
        return self.perform_step("analysis")
