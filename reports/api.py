"""Reports API: the tables handed in (scoped like their slots) and the receiving office's
接收 / 退回, through the same services as the submission page."""

from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet, StepEndpointsMixin, transition

from .actions import SUBMISSION_STEPS
from .models import Submission


class SubmissionSerializer(serializers.ModelSerializer):
    review_display = serializers.CharField(source="get_review_display", read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "slot", "unit", "version", "period_start", "period_end", "figures", "head", "filler", "phone",
                  "reason", "submitted_at", "review", "review_display", "review_note", "reviewed_at"]


class AcceptTableSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReturnTableSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="退回原因（需要更正的内容）")


class SubmissionViewSet(StepEndpointsMixin, ScopedReadOnlyViewSet):
    model = Submission
    serializer_class = SubmissionSerializer
    result_serializer = SubmissionSerializer
    steps = SUBMISSION_STEPS

    def scoped_queryset(self, qs):
        return qs.order_by("-submitted_at", "-id")

    @transition(AcceptTableSerializer, "接收下级报送的报表（报送对象的安委办）", SubmissionSerializer)
    def accept(self, request, pk=None):
        return self.perform_step("accept")

    @transition(ReturnTableSerializer, "退回下级报送的报表并说明原因", SubmissionSerializer, url_path="return")
    def return_(self, request, pk=None):
        return self.perform_step("return")
