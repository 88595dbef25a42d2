"""Trainings, drills and coverage targets over the API (scoped)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, ServiceCallMixin
from enterprises.models import Enterprise

from . import coverage, services
from .filters import TrainingFilter
from .models import Attendee, CoverageTarget, Drill, Training


class AttendeeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Attendee
        fields = ["id", "contact", "person", "name", "passed"]


class TrainingSerializer(serializers.ModelSerializer):
    attendees = AttendeeSerializer(many=True, read_only=True)

    class Meta:
        model = Training
        fields = ["id", "kind", "title", "region", "organizer", "start_on", "end_on", "hours", "place", "note",
                  "attendees"]


class TrainingViewSet(ScopedReadOnlyViewSet):
    """培训与考核结果."""

    model = Training
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter

    def scoped_queryset(self, qs):
        return qs.prefetch_related("attendees__contact", "attendees__person")


class DrillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Drill
        fields = ["id", "enterprise", "organiser", "plan_item", "region", "sector", "kind", "held_on", "scenario",
                  "participants", "evaluation"]
        read_only_fields = ["region"]
        # An enterprise's drill takes its sector from the enterprise; the bureau's own names its
        # 组织单位 and 行业领域 (and, if planned, its line of the 年度应急演练计划).
        extra_kwargs = {"enterprise": {"required": False, "queryset": Enterprise.objects.all()},
                        "sector": {"required": False}, "organiser": {"required": False},
                        "plan_item": {"required": False}}


class DrillViewSet(ServiceCallMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    """应急演练 (an enterprise records and sees its own)."""

    model = Drill
    serializer_class = DrillSerializer

    @extend_schema(request=DrillSerializer, responses={201: DrillSerializer}, summary="登记应急演练")
    def create(self, request):
        drill = self.call(services.record_drill, request.user, self.validated())
        return Response(DrillSerializer(drill).data, status=status.HTTP_201_CREATED)


class CoverageTargetSerializer(serializers.ModelSerializer):
    population_count = serializers.IntegerField(read_only=True)
    covered_count = serializers.IntegerField(read_only=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True)
    shortfall = serializers.IntegerField(read_only=True, help_text="距目标还差的数量（达标后为 0）")
    overdue = serializers.BooleanField(read_only=True, help_text="已过完成时限且未达标")

    class Meta:
        model = CoverageTarget
        fields = ["id", "name", "population", "sector", "two_plus_one_only", "rule", "counted_from",
                  "target_percent", "deadline", "unit", "population_count", "covered_count", "percent", "shortfall",
                  "overdue"]


class CoverageTargetViewSet(ScopedReadOnlyViewSet):
    """全覆盖目标, with live figures in the caller's scope (a handful of targets per county)."""

    model = CoverageTarget
    serializer_class = CoverageTargetSerializer
    pagination_class = None

    def _with_figures(self, target):
        r = coverage.evaluate(target, self.request.user)
        target.population_count, target.covered_count, target.percent = r.population, r.covered, r.percent
        target.shortfall, target.overdue = r.shortfall, r.overdue()
        return target

    def list(self, request, *args, **kwargs):
        targets = [self._with_figures(t) for t in self.get_queryset()]
        return Response(self.get_serializer(targets, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self._with_figures(self.get_object())).data)
