"""企业履责 API: the enterprise's 带队检查 with their items, its papers, and a supervising unit's 确认备案 /
退回 through the same steps as the page."""

from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, StepEndpointsMixin, actions_for, transition

from .actions import STEPS
from .models import Filing, SelfCheck, SelfCheckItem
from .permissions import ACTIONS


class SelfCheckItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelfCheckItem
        fields = ["id", "order", "text", "result", "note", "hazard"]
        read_only_fields = fields


class SelfCheckSerializer(serializers.ModelSerializer):
    items = SelfCheckItemSerializer(many=True, read_only=True)

    class Meta:
        model = SelfCheck
        fields = ["id", "enterprise", "sector", "checked_on", "leader", "members", "summary", "items", "created_at"]
        read_only_fields = fields


class FilingSerializer(serializers.ModelSerializer):
    actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作（与页面一致）")

    class Meta:
        model = Filing
        fields = ["id", "enterprise", "kind", "title", "dated", "hours", "people", "note", "state", "reviewed_at",
                  "review_note", "version", "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        return actions_for(self, lambda user: [a for a in ACTIONS.available(user, obj) if a in STEPS])


class ReviewSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时的版本号；他人已处理时返回 409")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReturnSerializer(ReviewSerializer):
    comment = serializers.CharField(max_length=2000, help_text="退回原因")


class SelfCheckViewSet(ScopedReadOnlyViewSet):
    """主要负责人带队检查（企业自查）."""

    model = SelfCheck
    serializer_class = SelfCheckSerializer

    def scoped_queryset(self, qs):
        return qs.prefetch_related("items")


class FilingViewSet(StepEndpointsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """企业履责材料: 全员安全生产责任制、应急预案（备案）、安全承诺、自主培训."""

    model = Filing
    serializer_class = FilingSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    steps = STEPS
    result_serializer = FilingSerializer

    @transition(ReviewSerializer, "确认应急预案备案", FilingSerializer)
    def confirm(self, request, pk=None):
        return self.perform_step("confirm")

    @transition(ReturnSerializer, "退回应急预案", FilingSerializer, url_path="return")
    def return_(self, request, pk=None):
        return self.perform_step("return")
