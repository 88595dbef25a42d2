"""Inspection, 双随机 and enforcement API: scoped reads and one endpoint per
service (the same functions the web pages call)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import (ScopedPrimaryKeyField, ScopedReadOnlyViewSet, ScopedViewSetMixin, ServiceCallMixin,
                      StepEndpointsMixin, actions_for, transition)
from enterprises.models import Enterprise
from hazards.models import Criterion, Hazard
from org.models import Expert, Person, Region, Sector, Unit

from . import draws, enforcement, services
from .actions import SCHEDULE_STEPS, STEPS
from .filters import EnforcementFilter, InspectionFilter
from .models import (CheckItem, ChecklistTemplate, EnforcementAction, Inspection, InspectionSchedule, RandomDraw,
                     Signature, Target)
from .permissions import ACTIONS

PARSERS = [JSONParser, MultiPartParser, FormParser]


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckItem
        fields = ["id", "order", "text", "basis", "criterion", "result", "note", "checked_at", "hazard"]


class TargetSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = ["id", "enterprise", "place_name", "items"]


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "number", "kind", "title", "region", "sector", "lead_unit", "planned_on", "done_on", "leader",
                  "members", "experts", "status", "result", "draw", "version"]


class InspectionDetailSerializer(InspectionSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作（与页面一致）")

    class Meta(InspectionSerializer.Meta):
        fields = InspectionSerializer.Meta.fields + ["targets", "actions"]

    def get_actions(self, obj) -> list[str]:
        return actions_for(self, lambda user: ACTIONS.available(user, obj))


class PlanSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Inspection.Kind.choices)
    title = serializers.CharField(max_length=120)
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.filter(active=True))
    lead_unit = ScopedPrimaryKeyField(Unit)
    planned_on = serializers.DateField()
    leader = ScopedPrimaryKeyField(Person, required=False, allow_null=True)
    members = ScopedPrimaryKeyField(Person, many=True, required=False)
    experts = ScopedPrimaryKeyField(Expert, many=True, required=False)
    enterprises = ScopedPrimaryKeyField(Enterprise, many=True, required=False)
    places = serializers.ListField(child=serializers.CharField(max_length=120), required=False)
    template = ScopedPrimaryKeyField(ChecklistTemplate, required=False,
                                                  allow_null=True)
    with_criteria = serializers.BooleanField(default=True)


class CompleteSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    result = serializers.CharField()
    done_on = serializers.DateField(required=False)


class CancelSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField()


class AddTargetSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyField(Enterprise, required=False, allow_null=True)
    place_name = serializers.CharField(required=False, allow_blank=True, default="")
    template = ScopedPrimaryKeyField(ChecklistTemplate, required=False,
                                                  allow_null=True)
    with_criteria = serializers.BooleanField(default=True)


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["id", "target", "role", "name", "signed_at"]
        read_only_fields = fields


class SignSerializer(serializers.Serializer):
    target = serializers.IntegerField(help_text="检查对象编号")
    role = serializers.ChoiceField(choices=Signature.Role.choices)
    name = serializers.CharField(max_length=40)
    image = serializers.CharField(help_text="签名图像：data:image/png;base64,…")
    key = serializers.CharField(required=False, allow_blank=True, default="", max_length=64,
                                help_text="离线提交标识：同一标识重复提交只记录一次")


class InspectionViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """督查检查 (scoped). Create plans an inspection; transitions complete/cancel it."""

    model = Inspection
    filterset_class = InspectionFilter
    parser_classes = PARSERS

    def scoped_queryset(self, qs):
        qs = qs.prefetch_related("members", "experts").order_by("-planned_on", "-id")
        if self.action == "retrieve":
            qs = qs.prefetch_related("targets__items")
        return qs

    def get_serializer_class(self):
        return {"retrieve": InspectionDetailSerializer, "create": PlanSerializer, "complete": CompleteSerializer,
                "cancel": CancelSerializer, "add_target": AddTargetSerializer,
                "sign": SignSerializer}.get(self.action, InspectionSerializer)

    def _detail(self, inspection, code=status.HTTP_200_OK):
        fresh = Inspection.objects.prefetch_related("targets__items", "members", "experts").get(pk=inspection.pk)
        return Response(InspectionDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=PlanSerializer, responses={201: InspectionDetailSerializer}, summary="安排检查")
    def create(self, request):
        return self._detail(self.call(services.create_inspection, request.user, self.validated()),
                            status.HTTP_201_CREATED)

    steps = STEPS

    def step_response(self, inspection, result):
        return self._detail(inspection)

    @transition(CompleteSerializer, "结束检查", InspectionDetailSerializer)
    def complete(self, request, pk=None):
        return self.perform_step("complete")

    @transition(CancelSerializer, "取消检查", InspectionDetailSerializer)
    def cancel(self, request, pk=None):
        return self.perform_step("cancel")

    @transition(AddTargetSerializer, "增加检查对象", InspectionDetailSerializer, url_path="targets")
    def add_target(self, request, pk=None):
        return self.perform_step("target")

    @extend_schema(request=SignSerializer, responses={201: SignatureSerializer}, summary="现场签名")
    @action(detail=True, methods=["post"], serializer_class=SignSerializer, parser_classes=PARSERS)
    def sign(self, request, pk=None):
        d = self.validated()
        signature = self.call(services.sign, request.user, self.get_object().pk, d["target"], role=d["role"],
                              name=d["name"], image=d["image"], key=d["key"])
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class RecordSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=CheckItem.Result.choices[1:])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    photo = serializers.FileField(required=False, allow_null=True)
    key = serializers.CharField(required=False, allow_blank=True, default="", max_length=64,
                                help_text="离线提交标识：同一标识重复提交只记录一次")


class ItemHazardSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(required=False)
    level = serializers.ChoiceField(choices=Hazard.Level.choices, required=False)
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.filter(active=True), required=False,
                                                   allow_null=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class ItemViewSet(ServiceCallMixin, ScopedReadOnlyViewSet):
    """检查项: record a result from the field; turn a 不符合 into a hazard."""

    model = CheckItem
    serializer_class = ItemSerializer
    parser_classes = PARSERS

    def get_serializer_class(self):
        return {"record": RecordSerializer, "to_hazard": ItemHazardSerializer}.get(self.action, ItemSerializer)

    @extend_schema(request={"multipart/form-data": RecordSerializer}, responses=ItemSerializer,
                   summary="记录检查结果（符合/不符合/不适用）")
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        d = self.validated()
        item = self.call(services.record_item, request.user, self.get_object().pk, d["result"], d["note"],
                         d.get("photo"), key=d["key"])
        return Response(ItemSerializer(item).data)

    @extend_schema(request={"multipart/form-data": ItemHazardSerializer}, responses={201: ItemSerializer},
                   summary="不符合项转为隐患（预填）")
    @action(detail=True, methods=["post"], url_path="hazard")
    def to_hazard(self, request, pk=None):
        d = self.validated()
        photos = d.pop("photos", [])
        self.call(services.hazard_from_item, request.user, self.get_object().pk, d, photos)
        return Response(ItemSerializer(CheckItem.objects.get(pk=pk)).data, status=status.HTTP_201_CREATED)


class TemplateItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    text = serializers.CharField()
    basis = serializers.CharField()
    criterion = serializers.IntegerField(source="criterion_id", allow_null=True)


class TemplateSerializer(serializers.ModelSerializer):
    items = TemplateItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name", "sector", "note", "active", "items"]


class TemplateViewSet(ScopedReadOnlyViewSet):
    """检查表模板."""

    model = ChecklistTemplate
    serializer_class = TemplateSerializer

    def scoped_queryset(self, qs):
        return qs.prefetch_related("items")


class DrawSerializer(serializers.ModelSerializer):
    reproducible = serializers.SerializerMethodField()

    class Meta:
        model = RandomDraw
        fields = ["id", "title", "region", "sector", "key_only", "inspector_unit", "enterprise_count",
                  "inspector_count", "seed", "population", "inspector_population", "enterprises", "inspectors",
                  "grading", "population_grades", "drawn_at", "published_at", "reproducible"]

    @extend_schema_field(serializers.BooleanField(help_text="用记录的种子和名录重新抽取，结果是否一致"))
    def get_reproducible(self, obj):
        return draws.reproduce(obj) == (obj.enterprises, obj.inspectors)


class NewDrawSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    region = ScopedPrimaryKeyField(Region)
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.all(), required=False, allow_null=True)
    key_only = serializers.BooleanField(default=False)
    inspector_unit = ScopedPrimaryKeyField(Unit)
    enterprise_count = serializers.IntegerField(min_value=1)
    inspector_count = serializers.IntegerField(min_value=1)
    seed = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    grading = serializers.ChoiceField(choices=[("", "不区分"), ("weighted", "按分级加权"), ("red_first", "红色企业必抽")],
                                      required=False, allow_blank=True, default="",
                                      help_text="按红黄绿分级差异化抽取")


class DrawPlanSerializer(serializers.Serializer):
    planned_on = serializers.DateField()
    template = ScopedPrimaryKeyField(ChecklistTemplate, required=False,
                                                  allow_null=True)


class DrawViewSet(ServiceCallMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    """“双随机”抽取: draw, publish, plan the inspections."""

    model = RandomDraw

    def get_serializer_class(self):
        return {"create": NewDrawSerializer, "plan": DrawPlanSerializer}.get(self.action, DrawSerializer)

    @extend_schema(request=NewDrawSerializer, responses={201: DrawSerializer}, summary="抽取")
    def create(self, request):
        draw = self.call(draws.make_draw, request.user, **self.validated())
        return Response(DrawSerializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DrawSerializer, summary="公示抽取结果")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return Response(DrawSerializer(self.call(draws.publish, request.user, self.get_object().pk)).data)

    @extend_schema(request=DrawPlanSerializer, responses={201: InspectionSerializer(many=True)},
                   summary="生成检查任务")
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        created = self.call(draws.plan_inspections, request.user, self.get_object().pk, **self.validated())
        return Response(InspectionSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnforcementAction
        fields = ["id", "kind", "case_number", "region", "sector", "enterprise", "party_name", "inspection", "hazard",
                  "facts", "legal_basis", "decided_on", "deadline", "fine", "person_fine", "transferred_to", "status",
                  "closed_on"]
        read_only_fields = ["status", "closed_on"]
        extra_kwargs = {"region": {"required": False}, "sector": {"required": False},
                        "fine": {"required": False}, "person_fine": {"required": False}}


class CloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EnforcementViewSet(ServiceCallMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    """执法措施 (an enterprise sees those taken against it)."""

    model = EnforcementAction
    filterset_class = EnforcementFilter

    def get_serializer_class(self):
        return CloseSerializer if self.action == "close" else ActionSerializer

    def scoped_queryset(self, qs):
        return qs.order_by("-decided_on", "-id")

    @extend_schema(request=ActionSerializer, responses={201: ActionSerializer}, summary="登记执法措施")
    def create(self, request):
        data = self.validated()
        data.setdefault("fine", 0)
        data.setdefault("person_fine", 0)
        created = self.call(enforcement.record_action, request.user, data)
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseSerializer, responses=ActionSerializer, summary="结案")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        d = self.validated()
        closed = self.call(enforcement.close_action, request.user, self.get_object().pk, d["closed_on"], d["comment"])
        return Response(ActionSerializer(closed).data)


class ScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionSchedule
        fields = ["id", "title", "kind", "region", "sector", "key_only", "every", "red_every", "lead_unit", "leader",
                  "members", "template", "with_criteria", "active"]
        read_only_fields = fields


class NewScheduleSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=Inspection.Kind.choices)
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.filter(active=True))
    key_only = serializers.BooleanField(default=False)
    every = serializers.ChoiceField(choices=InspectionSchedule.EVERY)
    red_every = serializers.ChoiceField(choices=InspectionSchedule.EVERY, required=False, allow_blank=True, default="")
    lead_unit = ScopedPrimaryKeyField(Unit)
    leader = ScopedPrimaryKeyField(Person, required=False, allow_null=True)
    members = ScopedPrimaryKeyField(Person, many=True, required=False)
    template = ScopedPrimaryKeyField(ChecklistTemplate, required=False, allow_null=True)
    with_criteria = serializers.BooleanField(default=True)


class ScheduleStepSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ScheduleViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """周期检查计划 (each period's inspection is made by the scheduler): 制定, 停用, 恢复 — the services the
    page calls."""

    model = InspectionSchedule
    serializer_class = ScheduleSerializer
    parser_classes = PARSERS
    steps = SCHEDULE_STEPS
    result_serializer = ScheduleSerializer

    def get_serializer_class(self):
        return {"create": NewScheduleSerializer, "pause": ScheduleStepSerializer,
                "resume": ScheduleStepSerializer}.get(self.action, ScheduleSerializer)

    @extend_schema(request=NewScheduleSerializer, responses={201: ScheduleSerializer}, summary="制定周期检查计划")
    def create(self, request):
        from . import schedules

        d = self.validated()
        schedule, _ = self.call(schedules.plan_schedule, request.user, **{**d, "members": list(d.get("members", []))})
        return Response(ScheduleSerializer(schedule).data, status=status.HTTP_201_CREATED)

    @transition(ScheduleStepSerializer, "停用周期检查计划", ScheduleSerializer)
    def pause(self, request, pk=None):
        return self.perform_step("pause")

    @transition(ScheduleStepSerializer, "恢复周期检查计划", ScheduleSerializer)
    def resume(self, request, pk=None):
        return self.perform_step("resume")
