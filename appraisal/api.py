"""考核 API: schemes with their items; rounds with every subject's score and deductions (live while a
draft, frozen once published); 发布 and 更正 through the same steps as the page."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, StepEndpointsMixin, actions_for, transition

from . import scoring
from .actions import STEPS
from .models import Item, Round, Scheme
from .permissions import ACTIONS


class SchemeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "order", "title", "rule", "each", "cap", "veto", "basis"]
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer):
    items = SchemeItemSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = ["id", "title", "target", "base", "pass_mark", "credit_bands", "basis", "items"]
        read_only_fields = fields


class RoundSerializer(serializers.ModelSerializer):
    actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作（与页面一致）")

    class Meta:
        model = Round
        fields = ["id", "scheme", "label", "period", "start", "end", "number", "supersedes", "reason", "state",
                  "published_at", "as_of", "version", "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        return actions_for(self, lambda user: [a for a in ACTIONS.available(user, obj) if a in STEPS])


class LineSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    item_title = serializers.CharField(source="item.title")
    points = serializers.DecimalField(max_digits=6, decimal_places=1)
    text = serializers.CharField(help_text="扣分事由")
    url = serializers.CharField(help_text="产生扣分的记录")
    day = serializers.DateField(allow_null=True)
    veto = serializers.BooleanField()


class ScoreSerializer(serializers.Serializer):
    subject = serializers.IntegerField(source="subject.pk", help_text="单位或企业编号")
    name = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=1)
    deducted = serializers.DecimalField(max_digits=6, decimal_places=1)
    vetoed = serializers.BooleanField()
    veto_reason = serializers.CharField()
    credit = serializers.CharField()
    lines = LineSerializer(many=True)


class RoundVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时的版本号；他人已处理时返回 409")


class ReviseSerializer(RoundVersionSerializer):
    comment = serializers.CharField(max_length=2000, help_text="更正原因")


class SchemeViewSet(ScopedReadOnlyViewSet):
    """考核方案."""

    model = Scheme
    serializer_class = SchemeSerializer

    def scoped_queryset(self, qs):
        return qs.prefetch_related("items")


class RoundViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    """考核（每轮）: 计分中 the figures are live; 已发布 they are frozen."""

    model = Round
    serializer_class = RoundSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    steps = STEPS
    result_serializer = RoundSerializer

    @extend_schema(responses=ScoreSerializer(many=True), summary="各考核对象的得分、名次和扣分明细")
    @action(detail=True, methods=["get"])
    def scores(self, request, pk=None):
        return Response(ScoreSerializer(scoring.scores(self.get_object()), many=True).data)

    def step_response(self, obj, result):
        # 更正 answers with the new version it made; 发布 with the round itself.
        return super().step_response(result if isinstance(result, Round) else obj, result)

    @transition(RoundVersionSerializer, "发布考核结果（冻结）", RoundSerializer)
    def publish(self, request, pk=None):
        return self.perform_step("publish")

    @transition(ReviseSerializer, "更正：生成新版本", RoundSerializer)
    def revise(self, request, pk=None):
        return self.perform_step("revise")
