import datetime

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.api import ScopedReadOnlyViewSet
from core.validators import mask_phone

from .filters import PersonFilter
from .models import DutyShift, Expert, Person, Region, Sector, Unit, WorkingGroup, WorkingGroupMember


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "depth"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "code", "name", "parent", "depth", "is_two_plus_one", "active"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "region", "parent", "sectors", "head", "active"]


class PersonSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "name", "unit", "position", "phone", "active"]

    def get_phone(self, obj) -> str:
        # Full numbers are shown in the web directory to colleagues; integrations get masked ones.
        return mask_phone(obj.phone)


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = WorkingGroupMember
        fields = ["role", "person", "unit", "name", "title"]


class WorkingGroupSerializer(serializers.ModelSerializer):
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = WorkingGroup
        fields = ["id", "name", "kind", "region", "parent", "office_unit", "duties", "members"]


class RegionViewSet(ScopedReadOnlyViewSet):
    """行政区划 within the user's scope."""

    kind = "reference"
    model = Region
    serializer_class = RegionSerializer


class SectorViewSet(ScopedReadOnlyViewSet):
    kind = "reference"
    model = Sector
    serializer_class = SectorSerializer


class UnitViewSet(ScopedReadOnlyViewSet):
    kind = "directory"
    model = Unit
    serializer_class = UnitSerializer

    def scoped_queryset(self, qs):
        return qs.prefetch_related("sectors")


class PersonViewSet(ScopedReadOnlyViewSet):
    kind = "directory"
    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilter


class WorkingGroupViewSet(ScopedReadOnlyViewSet):
    kind = "directory"
    model = WorkingGroup
    serializer_class = WorkingGroupSerializer

    def scoped_queryset(self, qs):
        return qs.prefetch_related("members__person", "members__unit")


class ExpertSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Expert
        fields = ["id", "name", "field", "title", "employer", "phone", "region", "sectors", "available"]

    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)


class ExpertViewSet(ScopedReadOnlyViewSet):
    """专家库 (phones masked)."""

    kind = "experts"
    model = Expert
    serializer_class = ExpertSerializer

    def scoped_queryset(self, qs):
        return qs.prefetch_related("sectors")


class DutyShiftSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = DutyShift
        fields = ["id", "region", "date", "start", "end", "role", "person", "person_name"]


class DutyShiftViewSet(ScopedReadOnlyViewSet):
    """7×24 值班表; filter with ?from=YYYY-MM-DD&to=YYYY-MM-DD."""

    kind = "duty"
    model = DutyShift
    serializer_class = DutyShiftSerializer

    def scoped_queryset(self, qs):
        qs = qs.select_related("person").order_by("date", "start")
        params = self.request.query_params
        for key, lookup in (("from", "date__gte"), ("to", "date__lte")):
            value = params.get(key)
            if value:
                try:
                    qs = qs.filter(**{lookup: datetime.date.fromisoformat(value)})
                except ValueError:
                    raise ValidationError({key: "日期格式应为 YYYY-MM-DD。"}) from None
        return qs
