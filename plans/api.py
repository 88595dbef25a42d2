"""Plans API: scoped reads of plans, tasks and slots; progress and slot submission
through the same services as the web UI."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.base import ScopedReadOnlyViewSet

from . import services
from .models import Plan, Slot, Task


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "title", "issuer", "doc_number", "issued_on", "period_start", "period_end", "region"]


class TaskSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "plan", "number", "path", "title", "text", "lead_units", "units", "deadline", "rrule",
                  "recurrence_text", "times_per_period", "completed_at", "status"]

    def get_status(self, obj) -> str:
        return obj.status()


class SlotSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    duty = serializers.CharField(source="duty.text")

    class Meta:
        model = Slot
        fields = ["id", "duty", "unit", "period", "due_date", "submitted_at", "status"]

    def get_status(self, obj) -> str:
        return obj.status()


class ProgressSerializer(serializers.Serializer):
    period = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="如 2026-11")
    percent = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField()
    delay_reason = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _call(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or "没有权限。") from exc


class PlanViewSet(ScopedReadOnlyViewSet):
    model = Plan
    serializer_class = PlanSerializer


class TaskViewSet(ScopedReadOnlyViewSet):
    model = Task
    serializer_class = TaskSerializer

    def scoped_queryset(self, qs):
        return qs.prefetch_related("lead_units", "units").order_by("plan_id", "order")

    @extend_schema(request=ProgressSerializer, responses=TaskSerializer, summary="报送任务进展")
    @action(detail=True, methods=["post"], serializer_class=ProgressSerializer)
    def progress(self, request, pk=None):
        task = self.get_object()
        s = ProgressSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        _call(services.report_progress, request.user, task.pk, **s.validated_data)
        return Response(TaskSerializer(Task.objects.get(pk=task.pk)).data)


class SlotViewSet(ScopedReadOnlyViewSet):
    model = Slot
    serializer_class = SlotSerializer

    def scoped_queryset(self, qs):
        return qs.select_related("duty").order_by("due_date", "unit_id")

    @extend_schema(request=NoteSerializer, responses=SlotSerializer, summary="登记已报送")
    @action(detail=True, methods=["post"], serializer_class=NoteSerializer)
    def submit(self, request, pk=None):
        slot = self.get_object()
        s = NoteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(SlotSerializer(_call(services.submit_slot, request.user, slot.pk, s.validated_data["note"])).data)


