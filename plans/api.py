"""Plans API: scoped reads of plans, tasks and slots; progress and slot submission
through the same services as the web UI."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet, StepEndpointsMixin, transition

from .actions import SLOT_STEPS, TASK_STEPS
from .filters import SlotFilter, TaskFilter
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
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                  help_text="报送的材料（Word、PDF、Excel 或图片），文件材料类事项必填")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                   help_text="更正原因（已报送后再次报送时必填）")


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


class PlanViewSet(ScopedReadOnlyViewSet):
    model = Plan
    serializer_class = PlanSerializer


class TaskCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=500, help_text="批示或督办意见")


class TaskViewSet(StepEndpointsMixin, ScopedReadOnlyViewSet):
    model = Task
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    steps = TASK_STEPS

    def scoped_queryset(self, qs):
        return qs.prefetch_related("lead_units", "units").order_by("plan_id", "order")

    def get_serializer_class(self):
        return TaskEditSerializer if self.action == "partial_update" else super().get_serializer_class()

    def step_response(self, task, result):
        return Response(TaskSerializer(Task.objects.get(pk=task.pk)).data)

    @transition(ProgressSerializer, "报送任务进展", TaskSerializer)
    def progress(self, request, pk=None):
        return self.perform_step("progress")

    @extend_schema(request=TaskEditSerializer, responses=TaskSerializer, summary="修改任务（安委办）")
    def partial_update(self, request, pk=None):
        return self.perform_step("edit")

    @transition(TaskCommentSerializer, "领导批示", TaskSerializer)
    def instruct(self, request, pk=None):
        return self.perform_step("instruct")

    @transition(TaskCommentSerializer, "督办", TaskSerializer)
    def urge(self, request, pk=None):
        return self.perform_step("urge")


class SlotViewSet(StepEndpointsMixin, ScopedReadOnlyViewSet):
    model = Slot
    serializer_class = SlotSerializer
    filterset_class = SlotFilter
    steps = SLOT_STEPS

    def scoped_queryset(self, qs):
        return qs.select_related("duty").order_by("due_date", "unit_id")

    def step_response(self, slot, result):
        return Response(SlotSerializer(result).data)

    @transition(NoteSerializer, "报送材料（文件材料类事项，附文件）", SlotSerializer)
    def submit(self, request, pk=None):
        return self.perform_step("submit")

    @transition(RevokeSerializer, "撤销报送登记（安委办）", SlotSerializer)
    def revoke(self, request, pk=None):
        return self.perform_step("revoke")
