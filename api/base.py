from rest_framework import viewsets


class ScopedViewSetMixin:
    """Every API read goes through the model's for_user() scope.

    Subclasses set `model` and may refine the queryset in `scoped_queryset`.
    """

    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return self.model.objects.none()
        return self.scoped_queryset(self.model.objects.for_user(self.request.user))

    def scoped_queryset(self, qs):
        return qs


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
