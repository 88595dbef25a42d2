"""Risk point API: scoped reads, create (first assessment), reassess and 登记备案."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.api import ScopedPrimaryKeyField, ScopedViewSetMixin, StepEndpointsMixin, actions_for, transition
from enterprises.models import Enterprise

from . import services
from .actions import STEPS
from .filters import RiskPointFilter
from .models import Assessment, RiskPoint
from .permissions import available_actions


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["method", "values", "score", "level", "bands", "note", "assessed_at"]


class RiskPointSerializer(serializers.ModelSerializer):
    colour = serializers.CharField(read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作（与页面一致）")

    class Meta:
        model = RiskPoint
        fields = ["id", "enterprise", "region", "sector", "work_unit", "event", "factors", "method", "l_value",
                  "e_value", "c_value", "s_value", "score", "level", "colour", "measures", "responsible",
                  "next_review", "filing", "assessed_at", "version", "assessments", "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        return actions_for(self, lambda user: available_actions(user, obj))


class ValuesSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=RiskPoint.Method.choices)
    l = serializers.CharField(help_text="L：LEC 取 10/6/3/1/0.5/0.2/0.1，矩阵取 1–5")  # noqa: E741
    e = serializers.CharField(required=False, allow_blank=True, help_text="E（LEC）：10/6/3/2/1/0.5")
    c = serializers.CharField(required=False, allow_blank=True, help_text="C（LEC）：100/40/15/7/3/1")
    s = serializers.CharField(required=False, allow_blank=True, help_text="S（矩阵）：1–5")


class NewPointSerializer(ValuesSerializer):
    enterprise = ScopedPrimaryKeyField(Enterprise, required=False)
    work_unit = serializers.CharField()
    event = serializers.CharField()
    factors = serializers.CharField()
    measures = serializers.CharField()
    responsible = serializers.CharField()


class ReassessSerializer(ValuesSerializer):
    version = serializers.IntegerField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class RiskPointViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """风险点（一企一清单）."""

    model = RiskPoint
    filterset_class = RiskPointFilter

    def scoped_queryset(self, qs):
        return qs.prefetch_related("assessments").order_by("enterprise_id", "-score", "id")

    def get_serializer_class(self):
        return {"create": NewPointSerializer, "reassess": ReassessSerializer, "file": VersionSerializer,
                "acknowledge": VersionSerializer}.get(self.action, RiskPointSerializer)

    def _out(self, point, code=status.HTTP_200_OK):
        return Response(RiskPointSerializer(RiskPoint.objects.prefetch_related("assessments").get(pk=point.pk),
                                            context=self.get_serializer_context()).data,
                        status=code)

    @extend_schema(request=NewPointSerializer, responses={201: RiskPointSerializer}, summary="登记风险点（首次评估）")
    def create(self, request):
        return self._out(self.call(services.create_point, request.user, self.validated()), status.HTTP_201_CREATED)

    steps = STEPS

    def step_response(self, point, result):
        return self._out(point)

    @transition(ReassessSerializer, "重新评估", RiskPointSerializer)
    def reassess(self, request, pk=None):
        return self.perform_step("reassess")

    @transition(VersionSerializer, "重大风险登记备案（报备）", RiskPointSerializer)
    def file(self, request, pk=None):
        return self.perform_step("file")

    @transition(VersionSerializer, "确认登记备案", RiskPointSerializer)
    def acknowledge(self, request, pk=None):
        return self.perform_step("acknowledge")
