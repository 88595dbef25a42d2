"""Hazard API: scoped reads, report (multipart with photos), edit, and one
endpoint per transition — each calling the same service as the web UI."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedPrimaryKeyField, ScopedViewSetMixin, StepEndpointsMixin, actions_for, transition
from enterprises.models import Enterprise
from org.models import Person, Region, Sector, Unit

from .actions import STEPS
from . import permissions, services
from .filters import HazardFilter
from .models import Criterion, Extension, Hazard, HazardEvent, Supervision


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "standard", "sector", "scope_note", "text", "active"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = HazardEvent
        fields = ["type", "actor", "created_at", "from_state", "to_state", "comment", "data"]


class HazardSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id", "number", "level", "state", "overdue", "sector", "region", "enterprise", "place_kind", "place_name",
            "title", "description", "address", "latitude", "longitude", "criterion", "source", "discovered_on",
            "discovered_by", "reported_at", "owner_name", "owner_phone", "supervising_unit", "supervisor", "deadline",
            "original_deadline", "plan_goal", "plan_measures", "plan_funds", "plan_materials", "plan_organization",
            "plan_deadline", "plan_safety", "shutdown", "rectified_on", "accepted_at", "closed_at", "version",
        ]
        read_only_fields = fields


class HazardDetailSerializer(HazardSerializer):
    events = EventSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作（与页面一致）")

    class Meta(HazardSerializer.Meta):
        fields = HazardSerializer.Meta.fields + ["events", "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        def available(user):
            supervision = obj.supervisions.filter(lifted_at__isnull=True).first()
            pending = obj.extensions.filter(decision=Extension.Decision.PENDING).first()
            return permissions.available_actions(user, obj, supervision, pending)

        return actions_for(self, available)


class ReportSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    description = serializers.CharField()
    level = serializers.ChoiceField(choices=Hazard.Level.choices, default="general")
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.filter(active=True))
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.filter(active=True), required=False,
                                                   allow_null=True)
    enterprise = ScopedPrimaryKeyField(Enterprise, required=False, allow_null=True)
    place_kind = serializers.ChoiceField(choices=Hazard.PlaceKind.choices, required=False)
    place_name = serializers.CharField(required=False, allow_blank=True)
    region = ScopedPrimaryKeyField(Region, required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    source = serializers.ChoiceField(choices=Hazard.Source.choices, required=False)
    discovered_on = serializers.DateField(required=False)
    owner_name = serializers.CharField(required=False, allow_blank=True)
    owner_phone = serializers.CharField(required=False, allow_blank=True)
    photos = serializers.ListField(child=serializers.ImageField(), help_text="整改前照片，至少一张")
    criterion_confirmed = serializers.BooleanField(
        required=False, default=False, help_text="判定标准属其他行业时，由安委办确认适用（其他角色无效）")


class EditSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    title = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(required=False)
    address = serializers.CharField(required=False, allow_blank=True)
    owner_name = serializers.CharField(required=False, allow_blank=True)
    owner_phone = serializers.CharField(required=False, allow_blank=True)
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all(), required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True)
    criterion_confirmed = serializers.BooleanField(
        required=False, default=False, help_text="判定标准属其他行业时，由安委办确认适用（其他角色无效）")


class CommentSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时的版本号；他人已处理时返回 409")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class VerifySerializer(CommentSerializer):
    level = serializers.ChoiceField(choices=Hazard.Level.choices)
    deadline = serializers.DateField()
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.filter(active=True), required=False,
                                                   allow_null=True)
    supervising_unit = ScopedPrimaryKeyField(Unit, required=False, allow_null=True)
    supervisor = ScopedPrimaryKeyField(Person, required=False, allow_null=True)
    criterion_confirmed = serializers.BooleanField(
        required=False, default=False, help_text="判定标准属其他行业时，由安委办确认适用（其他角色无效）")


class RectificationPlanSerializer(CommentSerializer):
    plan_goal = serializers.CharField(required=False, allow_blank=True)
    plan_measures = serializers.CharField(required=False, allow_blank=True)
    plan_funds = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    plan_materials = serializers.CharField(required=False, allow_blank=True)
    plan_organization = serializers.CharField(required=False, allow_blank=True)
    plan_deadline = serializers.DateField(required=False, allow_null=True)
    plan_safety = serializers.CharField(required=False, allow_blank=True)
    shutdown = serializers.ChoiceField(choices=Hazard.Shutdown.choices, required=False)


class ExtensionSerializer(CommentSerializer):
    new_deadline = serializers.DateField()


class DecisionSerializer(CommentSerializer):
    approve = serializers.BooleanField()


class SubmitSerializer(CommentSerializer):
    photos = serializers.ListField(child=serializers.ImageField(), help_text="整改后照片，至少一张")


class DocumentsSerializer(CommentSerializer):
    files = serializers.ListField(child=serializers.FileField(), help_text="PDF 或图片，至少一个")


class SupervisionSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Supervision.Level.choices)
    doc_number = serializers.CharField(max_length=60)
    issuing_unit = serializers.CharField(max_length=80)
    signatory = serializers.CharField(max_length=40)
    planned_date = serializers.DateField()
    requirements = serializers.CharField(required=False, allow_blank=True, default="")


class HazardViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """隐患 (scoped to the caller)."""

    model = Hazard
    filterset_class = HazardFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scoped_queryset(self, qs):
        qs = qs.order_by("-discovered_on", "-id")
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return HazardDetailSerializer
        if self.action == "create":
            return ReportSerializer
        if self.action == "partial_update":
            return EditSerializer
        return getattr(self, "serializer_class", None) or HazardSerializer

    def _do(self, func, *args, **kwargs):
        try:
            hazard = func(self.request.user, *args, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or "没有权限。") from exc
        if not isinstance(hazard, Hazard):
            hazard = self.get_object()
        hazard = Hazard.objects.prefetch_related("events__actor").get(pk=hazard.pk)
        return Response(HazardDetailSerializer(hazard, context=self.get_serializer_context()).data)

    def _data(self):
        s = self.get_serializer(data=self.request.data)
        s.is_valid(raise_exception=True)
        return dict(s.validated_data)

    @extend_schema(request={"multipart/form-data": ReportSerializer}, responses={201: HazardDetailSerializer},
                   summary="上报隐患")
    def create(self, request, *args, **kwargs):
        data = self._data()
        photos = data.pop("photos")
        response = self._do(services.report_hazard, data, photos)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=EditSerializer, responses=HazardDetailSerializer, summary="修改隐患信息")
    def partial_update(self, request, *args, **kwargs):
        return self.perform_step("edit")

    steps = STEPS

    def step_response(self, hazard, result):
        hazard = Hazard.objects.prefetch_related("events__actor").get(pk=hazard.pk)
        return Response(HazardDetailSerializer(hazard, context=self.get_serializer_context()).data)

    @transition(VerifySerializer, "核查", HazardDetailSerializer)
    def verify(self, request, pk=None):
        return self.perform_step("verify")

    @transition(CommentSerializer, "安委办确认（两级确认）", HazardDetailSerializer)
    def confirm(self, request, pk=None):
        return self.perform_step("confirm")

    @transition(CommentSerializer, "驳回（不构成隐患）", HazardDetailSerializer)
    def reject(self, request, pk=None):
        return self.perform_step("reject")

    @transition(RectificationPlanSerializer, "保存整改方案", HazardDetailSerializer)
    def plan(self, request, pk=None):
        return self.perform_step("save_plan")

    @transition(RectificationPlanSerializer, "开始整改（重大须五到位方案）", HazardDetailSerializer)
    def start(self, request, pk=None):
        return self.perform_step("start_rectifying")

    @transition(ExtensionSerializer, "申请延期", HazardDetailSerializer)
    def request_extension(self, request, pk=None):
        return self.perform_step("request_extension")

    @transition(DecisionSerializer, "审批延期", HazardDetailSerializer)
    def decide_extension(self, request, pk=None):
        return self.perform_step("decide_extension")

    @transition(SubmitSerializer, "提交验收（须整改后照片）", HazardDetailSerializer)
    def submit(self, request, pk=None):
        return self.perform_step("submit")

    @transition(CommentSerializer, "专家会签", HazardDetailSerializer)
    def cosign(self, request, pk=None):
        return self.perform_step("cosign")

    @transition(CommentSerializer, "验收通过", HazardDetailSerializer)
    def accept(self, request, pk=None):
        return self.perform_step("accept")

    @transition(CommentSerializer, "验收不通过", HazardDetailSerializer)
    def fail(self, request, pk=None):
        return self.perform_step("fail")

    @transition(CommentSerializer, "销号", HazardDetailSerializer)
    def close(self, request, pk=None):
        return self.perform_step("close")

    @transition(SupervisionSerializer, "挂牌督办", HazardDetailSerializer)
    def supervise(self, request, pk=None):
        return self.perform_step("open_supervision")

    @transition(CommentSerializer, "解除督办", HazardDetailSerializer)
    def lift(self, request, pk=None):
        return self.perform_step("lift_supervision")

    @transition(CommentSerializer, "督办", HazardDetailSerializer)
    def urge(self, request, pk=None):
        return self.perform_step("urge")

    @transition(CommentSerializer, "领导批示", HazardDetailSerializer)
    def instruct(self, request, pk=None):
        return self.perform_step("instruct")

    @transition(DocumentsSerializer, "上传附件（PDF 或图片）", HazardDetailSerializer)
    def documents(self, request, pk=None):
        return self.perform_step("documents")


class CriterionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Criterion
    serializer_class = CriterionSerializer
