"""Plans API: scoped reads of plans, tasks and slots; progress and slot submission
through the same services as the web UI."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet, ServiceCallMixin, StepEndpointsMixin, transition
from core.models import ImportBatch
from org.models import Unit

from . import review, services

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


COMPLETION = [("done", "已完成"), ("mostly", "基本完成"), ("not_done", "未完成")]


class SelfAssessSerializer(serializers.Serializer):
    completion = serializers.ChoiceField(choices=COMPLETION)
    score = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(max_length=4000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)


class OnsiteAssessSerializer(serializers.Serializer):
    verified = serializers.BooleanField(help_text="自评是否属实")
    completion = serializers.ChoiceField(choices=COMPLETION)
    score = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(max_length=4000)


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

    @transition(SelfAssessSerializer, "自查自评（牵头单位）", TaskSerializer, url_path="self-assess")
    def self_assess(self, request, pk=None):
        return self.perform_step("self_assess")

    @transition(OnsiteAssessSerializer, "现场评估（安委办）", TaskSerializer, url_path="onsite-assess")
    def onsite_assess(self, request, pk=None):
        return self.perform_step("onsite_assess")


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


# --- plan import --------------------------------------------------------------------------------


class PlanImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="方案文件：.docx、.doc、.wps、.pdf、.txt")


class NewUnitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Unit.Kind.choices, required=False, allow_blank=True, default="")
    parent = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class PlanImportCommitSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    source = serializers.ChoiceField(choices=list(review.SOURCES.items()), required=False)
    take = serializers.ListField(child=serializers.IntegerField(min_value=0), required=False, max_length=2000,
                                 help_text="导入的任务序号（proposal.tasks 中的下标）；不填则按识别结果勾选")
    parent = serializers.IntegerField(min_value=1, required=False, help_text="上级方案编号")
    units = serializers.DictField(child=serializers.CharField(max_length=20), required=False, default=dict,
                                  help_text="单位名称 → 单位编号、\"new\"（新建）或 \"skip\"（不关联）")
    new_units = serializers.DictField(child=NewUnitSerializer(), required=False, default=dict,
                                      help_text="新建单位的类型和上级：单位名称 → {kind, parent}")
    rest = serializers.ChoiceField(choices=[("", "逐项选择"), ("skip", "全部不关联"), ("new", "全部新建")],
                                   required=False, default="", allow_blank=True)


class PlanImportUnitSerializer(serializers.Serializer):
    name = serializers.CharField()
    how = serializers.CharField(allow_null=True, help_text="exact 同名、alias 已确认别名、similar 相近、collective 泛指、null 未找到")
    unit = serializers.IntegerField(allow_null=True, help_text="建议对应的单位编号")
    choice = serializers.CharField(allow_blank=True, help_text="当前的选择")


class PlanImportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.CharField(help_text="N 项任务，M 项未定牵头单位，K 项未定完成时限")
    proposal = serializers.JSONField(help_text="解析结果（spec/plan.schema.json），含每项任务的 take、confidence、why、source")
    units = PlanImportUnitSerializer(many=True)


class PlanImportResultSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    tasks = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


class PlanImportViewSet(ServiceCallMixin, viewsets.ViewSet):
    """方案导入：上传识别 → 核对（单位逐一对应）→ 确认保存，与网页同一流程：未对应的单位名称不保存、不新建。"""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_value_regex = r"[0-9]+"

    def get_serializer_context(self):
        return {"request": self.request, "view": self}

    def _batch(self, pk):
        from django.shortcuts import get_object_or_404

        self.call(services.require_importer, self.request.user)
        return get_object_or_404(ImportBatch.objects.for_user(self.request.user), pk=pk, kind="plan",
                                 status=ImportBatch.Status.PENDING)

    def _body(self, batch):
        draft = review.draft_of(batch.rows[0])
        rows = review.unit_rows(self.request.user, draft)
        return {"id": batch.pk, "filename": batch.filename, "status": batch.get_status_display(),
                "progress": review.progress(draft)["text"], "proposal": draft,
                "units": [{"name": r["name"], "how": r["how"], "unit": r["unit"].pk if r["unit"] else None,
                           "choice": r["choice"]} for r in rows]}

    @extend_schema(request={"multipart/form-data": PlanImportUploadSerializer}, responses={201: PlanImportSerializer},
                   summary="上传方案并识别（安委办）")
    def create(self, request):
        self.call(services.require_importer, request.user)
        f = self.validated(PlanImportUploadSerializer)["file"]
        batch = self.call(services.parse_upload, request.user, f)
        return Response(self._body(batch), status=201)

    @extend_schema(responses=PlanImportSerializer, summary="查看待核对的方案")
    def retrieve(self, request, pk=None):
        return Response(self._body(self._batch(pk)))

    @extend_schema(request=PlanImportCommitSerializer, responses={201: PlanImportResultSerializer},
                   summary="确认并保存（每个单位名称须已对应）")
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        from core.exceptions import ServiceError

        batch = self._batch(pk)
        data = self.validated(PlanImportCommitSerializer)
        draft = review.draft_of(batch.rows[0])
        post = {"action": "save", "rest": data["rest"]}
        if "title" in data:
            post["title"] = data["title"]
        if "source" in data:
            post["source"] = data["source"]
        take = set(data["take"]) if "take" in data else {i for i, t in enumerate(draft["tasks"]) if t["take"]}
        post |= {f"t{i}-take": "on" for i in take}
        for i, row in enumerate(review.unit_rows(request.user, draft)):
            choice = data["units"].get(row["name"], row["choice"])
            spec = data["new_units"].get(row["name"], {})
            post |= {f"u{i}-name": row["name"], f"u{i}-choice": choice, f"u{i}-kind": spec.get("kind") or "",
                     f"u{i}-parent": str(spec.get("parent") or "")}
        draft = review.apply_edits(draft, post)
        mapping, undecided = review.resolve_units(request.user, draft)
        if undecided:
            raise ServiceError("以下单位名称尚未对应：" + "、".join(undecided) + "。请在 units 中给出单位编号、\"new\" 或 \"skip\"。",
                               field="units")
        parent = Plan.objects.for_user(request.user).filter(pk=data.get("parent") or 0).first()
        plan = self.call(services.commit_import, request.user, batch, review.chosen(draft), mapping, parent)
        return Response({"plan": plan.pk, "tasks": plan.tasks.count(), "warnings": plan.import_warnings}, status=201)
