"""Tip-off API. Handlers get masked reporter data here even when the web page would
show it in full: integrations and exports never carry the reporter's identity.
The public endpoints (no login) submit and check progress, like /jubao/."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from core.api import ScopedPrimaryKeyField, ScopedViewSetMixin, ServiceCallMixin, StepEndpointsMixin, actions_for, transition
from core.http import client_address
from enterprises.models import Enterprise
from hazards.models import Criterion, Hazard
from org.models import Region, Sector, Unit

from . import services
from .filters import TipOffFilter
from .models import TipOff
from .actions import STEPS
from .permissions import ACTIONS


class TipOffSerializer(serializers.ModelSerializer):
    reporter_name = serializers.CharField(source="masked_name", read_only=True)
    reporter_phone = serializers.CharField(source="masked_phone", read_only=True)
    actions = serializers.SerializerMethodField(help_text="当前用户可执行的办理操作（与页面一致）")

    class Meta:
        model = TipOff
        fields = ["id", "code", "state", "region", "sector", "subject", "enterprise", "description", "occurred_on",
                  "anonymous", "reporter_name", "reporter_phone", "submitted_at", "handling_unit", "accepted_at",
                  "due_on", "concluded_at", "findings", "reply", "hazard", "reward_amount", "reward_paid_on",
                  "version", "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        return actions_for(self, lambda user: ACTIONS.available(user, obj))


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class AcceptSerializer(VersionSerializer):
    handling_unit = ScopedPrimaryKeyField(Unit, required=False, allow_null=True)


class ReplySerializer(VersionSerializer):
    reply = serializers.CharField()


class TipOffVerifySerializer(VersionSerializer):
    enterprise = ScopedPrimaryKeyField(Enterprise, required=False, allow_null=True)


class ConcludeSerializer(VersionSerializer):
    findings = serializers.CharField()
    reply = serializers.CharField()


class SubstantiateSerializer(ConcludeSerializer):
    title = serializers.CharField(max_length=120, required=False)
    level = serializers.ChoiceField(choices=Hazard.Level.choices, required=False)
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.filter(active=True), required=False,
                                                   allow_null=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class RewardSerializer(VersionSerializer):
    reward_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    reward_paid_on = serializers.DateField(required=False, allow_null=True)


class TipOffViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """群众举报 (handling). Reporter identity is always masked in the API."""

    model = TipOff
    serializer_class = TipOffSerializer
    filterset_class = TipOffFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scoped_queryset(self, qs):
        return qs.order_by("-submitted_at", "-id")

    steps = STEPS
    result_serializer = TipOffSerializer

    @transition(AcceptSerializer, "受理", TipOffSerializer)
    def accept(self, request, pk=None):
        return self.perform_step("accept")

    @transition(ReplySerializer, "不予受理", TipOffSerializer)
    def decline(self, request, pk=None):
        return self.perform_step("decline")

    @transition(TipOffVerifySerializer, "开始核查", TipOffSerializer)
    def verify(self, request, pk=None):
        return self.perform_step("verify")

    @transition(SubstantiateSerializer, "认定查实（生成隐患）", TipOffSerializer)
    def substantiate(self, request, pk=None):
        return self.perform_step("conclude", conclusion="substantiated")

    @transition(ConcludeSerializer, "认定不属实", TipOffSerializer)
    def unfound(self, request, pk=None):
        return self.perform_step("conclude", conclusion="unfounded")

    @transition(RewardSerializer, "登记奖励", TipOffSerializer)
    def reward(self, request, pk=None):
        return self.perform_step("reward")


class PublicSubmitSerializer(serializers.Serializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.filter(level=Region.Level.COUNTY))
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.filter(active=True))
    subject = serializers.CharField(max_length=500)
    description = serializers.CharField()
    occurred_on = serializers.DateField(required=False, allow_null=True)
    anonymous = serializers.BooleanField(default=True)
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reporter_phone = serializers.CharField(required=False, allow_blank=True, max_length=200)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class PublicProgressSerializer(serializers.Serializer):
    code = serializers.CharField()
    state = serializers.CharField(help_text="办理状态（公众可见的说明）")
    submitted_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    concluded_at = serializers.DateTimeField(allow_null=True)
    reply = serializers.CharField(allow_blank=True)


def public_progress(tipoff):
    concluded = not tipoff.is_open
    return {"code": tipoff.code, "state": tipoff.public_state, "submitted_at": tipoff.submitted_at,
            "accepted_at": tipoff.accepted_at, "due_on": tipoff.due_on,
            "concluded_at": tipoff.concluded_at if concluded else None, "reply": tipoff.reply if concluded else ""}


class PublicLookupThrottle(AnonRateThrottle):
    rate = "30/10m"

    def parse_rate(self, rate):
        return (30, 600)


class PublicTipOffViewSet(ServiceCallMixin, viewsets.GenericViewSet):
    """公众举报（无需登录）: submit, and check progress by receipt code."""

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    lookup_field = "code"
    serializer_class = PublicSubmitSerializer

    def get_throttles(self):
        return [PublicLookupThrottle()] if self.action == "retrieve" else []

    @extend_schema(request={"multipart/form-data": PublicSubmitSerializer}, responses={201: PublicProgressSerializer},
                   summary="提交举报（返回回执码）")
    def create(self, request):
        data = self.validated(PublicSubmitSerializer)
        photos = data.pop("photos", [])
        try:
            tipoff = services.submit(data, photos, client_address(request))
        except services.Throttled as exc:
            return Response({"detail": exc.message}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        return Response(public_progress(tipoff), status=status.HTTP_201_CREATED)

    @extend_schema(responses=PublicProgressSerializer, summary="按回执码查询办理进度",
                   parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="回执码")])
    def retrieve(self, request, code=None):
        tipoff = TipOff.objects.filter(code=(code or "").upper()).first()
        if tipoff is None:
            return Response({"detail": "未找到该回执码。"}, status=status.HTTP_404_NOT_FOUND)
        return Response(public_progress(tipoff))
