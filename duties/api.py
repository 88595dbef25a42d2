"""履职 API: duties with this year's computed state per period, and work records (read, and
record one through the same service as the page)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedPrimaryKeyField, ScopedReadOnlyViewSet, ServiceCallMixin
from org.models import Person, Unit, WorkingGroup

from . import compliance, services
from .models import Duty, WorkRecord


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    count = serializers.IntegerField(help_text="计入的记录数")
    needed = serializers.IntegerField(help_text="应完成次数")
    state = serializers.CharField(help_text="已完成 / 未完成 / 进行中 / 未开始")


class DutySerializer(serializers.ModelSerializer):
    holder = serializers.CharField(read_only=True)
    rule = serializers.CharField(read_only=True)
    state = serializers.SerializerMethodField(help_text="本年至今：已完成 / 未完成 / 进行中")
    periods = serializers.SerializerMethodField()

    class Meta:
        model = Duty
        fields = ["id", "title", "text", "holder", "person", "unit", "group", "evidence", "record_kind", "every",
                  "times", "rule", "task", "state", "periods"]

    def _summary(self, obj):
        today = timezone.localdate()
        cache = self.context.setdefault("_summaries", {})
        if obj.pk not in cache:
            cache[obj.pk] = compliance.summary(obj, today.year, today)
        return cache[obj.pk]

    def get_state(self, obj) -> str:
        return self._summary(obj)[1]

    @extend_schema(responses=PeriodSerializer(many=True))
    def get_periods(self, obj) -> list:
        return PeriodSerializer(self._summary(obj)[0], many=True).data


class WorkRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkRecord
        fields = ["id", "kind", "held_on", "title", "unit", "group", "host", "attendees", "minutes", "decisions",
                  "created_at"]


class WorkRecordInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WorkRecord.Kind.choices)
    held_on = serializers.DateField()
    title = serializers.CharField(max_length=120)
    unit = ScopedPrimaryKeyField(Unit, required=False, allow_null=True, default=None)
    group = ScopedPrimaryKeyField(WorkingGroup, required=False, allow_null=True, default=None)
    host = ScopedPrimaryKeyField(Person, required=False, allow_null=True, default=None)
    attendees = ScopedPrimaryKeyField(Person, many=True, required=False, default=list)
    minutes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    decisions = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate_held_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError("日期不能晚于今天。")
        return value


class DutyViewSet(ScopedReadOnlyViewSet):
    model = Duty
    kind = "duties"
    serializer_class = DutySerializer

    def scoped_queryset(self, qs):
        return qs.filter(active=True).select_related("person", "unit", "group")

    def list(self, request, *args, **kwargs):
        # The page's duties counted together (compliance.summaries), not one by one per row.
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        today = timezone.localdate()
        context = {**self.get_serializer_context(), "_summaries": compliance.summaries(page, today.year, today)}
        return self.get_paginated_response(DutySerializer(page, many=True, context=context).data)


class WorkRecordViewSet(ServiceCallMixin, ScopedReadOnlyViewSet):
    model = WorkRecord
    kind = "duties"
    serializer_class = WorkRecordSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scoped_queryset(self, qs):
        return qs.prefetch_related("attendees")

    @extend_schema(request=WorkRecordInputSerializer, responses={201: WorkRecordSerializer},
                   summary="登记履职记录（会议、研究部署、约谈、督导……）")
    def create(self, request):
        data = self.validated(WorkRecordInputSerializer)
        record = self.call(services.create_work_record, request.user, **data)
        return Response(WorkRecordSerializer(record).data, status=201)
