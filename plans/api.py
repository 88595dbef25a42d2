"""Plans API: scoped reads of plans, tasks and slots; progress and slot submission
through the same services as the web UI."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet

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
                  "recurrence_text", "times_per_period", "completed_at", "status", "version"]

    def get_status(self, obj) -> str:
        return obj.status()


class SlotSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    duty = serializers.CharField(source="duty.text")

    class Meta:
        model = Slot
        fields = ["id", "duty", "unit", "period", "due_date", "submitted_at", "status", "version"]

    def get_status(self, obj) -> str:
        return obj.status()


class ProgressSerializer(serializers.Serializer):
    period = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="如 2026-11")
    percent = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField()
    delay_reason = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text="读取时的版本号；他人已处理时返回 409")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RevokeSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="读取时的版本号；他人已处理时返回 409")
    reason = serializers.CharField(max_length=200)


class TaskEditSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="读取时的版本号；他人已修改时返回 409")
    title = serializers.CharField(max_length=200, required=False)
    measures = serializers.CharField(required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    deadline_text = serializers.CharField(max_length=60, required=False, allow_blank=True)
    lead_units = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    units = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    comment = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


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

    @extend_schema(request=TaskEditSerializer, responses=TaskSerializer, summary="修改任务（安委办）")
    def partial_update(self, request, pk=None):
        task = self.get_object()
        s = TaskEditSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        version, comment = data.pop("version"), data.pop("comment")
        _call(services.edit_task, request.user, task.pk, version, data, comment)
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
        d = s.validated_data
        return Response(SlotSerializer(_call(services.submit_slot, request.user, slot.pk, d["note"], d.get("version"))).data)

    @extend_schema(request=RevokeSerializer, responses=SlotSerializer, summary="撤销报送登记（安委办）")
    @action(detail=True, methods=["post"], serializer_class=RevokeSerializer)
    def revoke(self, request, pk=None):
        slot = self.get_object()
        s = RevokeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        return Response(SlotSerializer(_call(services.revoke_slot, request.user, slot.pk, d["version"], d["reason"])).data)


