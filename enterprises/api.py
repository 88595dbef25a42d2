from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import ScopedPrimaryKeyField, ScopedViewSetMixin
from core.validators import normalize_credit_code, validate_credit_code
from org.models import Region, Sector

from . import grading, services
from .filters import EnterpriseFilter
from .models import Contact, Enterprise, Licence, Ship, Vehicle


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "role", "name", "phone", "certificate_no", "training_status", "trained_on"]
        extra_kwargs = {"id": {"read_only": False, "required": False,
                               "help_text": "已有人员的 ID（保留其培训记录）；新增人员不填"}}


class LicenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Licence
        fields = ["kind", "number", "issuer", "issued_on", "valid_until"]


class VehicleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vehicle
        fields = ["plate_no", "vehicle_type", "transport_cert_no", "is_two_plus_one", "active"]
        extra_kwargs = {"plate_no": {"validators": []}}  # uniqueness: the service, with one message


class ShipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ship
        fields = ["name", "registry_no", "gross_tonnage", "passenger_capacity", "active"]


class EnterpriseSerializer(serializers.ModelSerializer):
    sectors = serializers.PrimaryKeyRelatedField(many=True, queryset=Sector.objects.filter(active=True))
    region = ScopedPrimaryKeyField(Region)
    contacts = ContactSerializer(many=True, required=False)
    licences = LicenceSerializer(many=True, required=False)
    vehicles = VehicleSerializer(many=True, required=False)
    ships = ShipSerializer(many=True, required=False)
    standardization_expires = serializers.DateField(read_only=True, allow_null=True)
    grade = serializers.SerializerMethodField(help_text="企业分级 red/yellow/green（按安委办设置的规则实时计算）")
    article_113 = serializers.SerializerMethodField(help_text="安全生产法第一百一十三条情形")

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "short_name", "credit_code", "legal_representative", "sectors", "region", "address",
            "latitude", "longitude", "phone", "business_scope", "vehicles_count", "ships_count", "employees_count",
            "is_two_plus_one", "standardization_level", "standardization_date", "standardization_expires",
            "credit_level", "status", "version", "contacts", "licences", "vehicles", "ships", "created_at", "updated_at",
            "grade", "article_113",
        ]
        read_only_fields = ["is_two_plus_one", "status", "version", "created_at", "updated_at"]
        # Uniqueness is checked by the service under a lock, with one Chinese message.
        extra_kwargs = {"credit_code": {"validators": [validate_credit_code]}}

    def validate_credit_code(self, value):
        return normalize_credit_code(value)

    def get_grade(self, obj) -> str | None:
        # Present on reads (annotated in the viewset's queryset); absent on a just-written record.
        return getattr(obj, "grade", None)

    def get_article_113(self, obj) -> bool | None:
        return getattr(obj, "art113", None)


class EnterpriseUpdateSerializer(EnterpriseSerializer):
    version = serializers.IntegerField(help_text="读取时的版本号；他人已修改时返回 409")

    class Meta(EnterpriseSerializer.Meta):
        read_only_fields = ["is_two_plus_one", "status", "created_at", "updated_at"]


class StatusChangeSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Enterprise.Status.choices)
    reason = serializers.CharField(max_length=500)
    effective_on = serializers.DateField(required=False)


CHILDREN = ("contacts", "licences", "vehicles", "ships")


def _split(data):
    """Serializer data → (fields, sector ids, child lists) as the services take them."""
    fields = {k: v for k, v in data.items() if k not in ("sectors", "version", *CHILDREN)}
    sector_ids = [s.pk for s in data["sectors"]] if "sectors" in data else None
    return fields, sector_ids, {k: data.get(k) for k in CHILDREN}


class EnterpriseViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):
    """生产经营单位, scoped to the caller. Changes go through the same services as the web UI."""

    model = Enterprise
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter

    def scoped_queryset(self, qs):
        qs = qs.select_related("region").prefetch_related("sectors", *CHILDREN).order_by("name", "id")
        return grading.annotate(qs) if self.action in ("list", "retrieve") else qs

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return EnterpriseUpdateSerializer
        if self.action == "change_status":
            return StatusChangeSerializer
        return EnterpriseSerializer

    def _call(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or "没有权限。") from exc

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, sector_ids, children = _split(serializer.validated_data)
        enterprise = self._call(
            services.create_enterprise, request.user, fields, sector_ids,
            **{k: v or [] for k, v in children.items()},
        )
        return Response(EnterpriseSerializer(enterprise).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields, sector_ids, children = _split(serializer.validated_data)
        enterprise = self._call(
            services.update_enterprise, request.user, instance.pk, serializer.validated_data.get("version"),
            fields, sector_ids, **children,
        )
        return Response(EnterpriseSerializer(enterprise).data)

    @extend_schema(request=StatusChangeSerializer, responses=EnterpriseSerializer, summary="变更经营状态")
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        instance = self.get_object()
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        enterprise = self._call(
            services.change_status, request.user, instance.pk, d["to_status"], d["reason"], d.get("effective_on")
        )
        return Response(EnterpriseSerializer(enterprise).data)
