from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from org.scope import readable, require_read


class ScopedViewSetMixin:
    """Every API read goes through the one door (org.scope.readable): a role outside the
    record kind's readers gets 403 (as on the web page), everyone else the rows of their scope.

    Subclasses set `model` (and `kind` where the model's queryset does not name one, e.g.
    the organisation directory) and may refine the queryset in `scoped_queryset`.
    """

    model = None
    kind = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return self.model.objects.none()
        if self.kind:
            require_read(self.request.user, self.kind)
        return self.scoped_queryset(readable(self.model, self.request.user))

    def scoped_queryset(self, qs):
        return qs


def actions_for(serializer, available):
    """The `actions` field of a record: what the requesting user may do to it now (the same
    list the record's page offers); empty when serialized outside a request."""
    request = serializer.context.get("request")
    return list(available(request.user)) if request is not None else []


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ServiceCallMixin:
    """Validate the request with the action's serializer, call one service, map a
    Django PermissionDenied onto DRF's (403). ServiceError maps in api.exceptions."""

    def validated(self, serializer_class=None):
        cls = serializer_class or self.get_serializer_class()
        s = cls(data=self.request.data, context=self.get_serializer_context())
        s.is_valid(raise_exception=True)
        return dict(s.validated_data)

    def call(self, func, *args, **kwargs):
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
        from rest_framework.exceptions import PermissionDenied

        try:
            return func(*args, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or "没有权限。") from exc


def transition(serializer_class, summary, response, url_path=None):
    """Declare a POST /<records>/{id}/<name>/ endpoint that runs one step (see StepEndpointsMixin)."""
    def wrap(func):
        func = extend_schema(request=serializer_class, responses=response, summary=summary)(func)
        return action(detail=True, methods=["post"], serializer_class=serializer_class, url_path=url_path,
                      parser_classes=[JSONParser, MultiPartParser, FormParser])(func)
    return wrap


class StepEndpointsMixin(ServiceCallMixin):
    """Transition endpoints run the app's `steps` (core.actions.Steps): the very map the
    record's page runs, after the endpoint's serializer validated the input."""

    steps = None
    result_serializer = None  # how the record is answered after a step (its detail serializer)

    def perform_step(self, name, **fixed):
        obj = self.get_object()
        data = {**self.validated(), **fixed}
        result = self.call(self.steps.perform, self.request.user, obj, name, data)
        return self.step_response(obj, result)

    def step_response(self, obj, result):
        """The record as it stands after the step, read afresh through the same scope."""
        from rest_framework.response import Response

        fresh = self.scoped_queryset(type(obj).objects.all()).get(pk=obj.pk)
        return Response(self.result_serializer(fresh, context=self.get_serializer_context()).data)


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A reference in API input (a person, unit, enterprise, region, template…) that must lie
    inside the caller's scope, as the web form's choices do: an id outside it reads as unknown."""

    default_error_messages = {
        "does_not_exist": "编号为 {pk_value} 的记录不存在或不在您的管理范围内。",
        "incorrect_type": "应填写记录编号（整数），收到的是 {data_type}。",
        "required": "该字段为必填项。",
        "null": "该字段不能为空。",
    }

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.model.objects.for_user(request.user)
