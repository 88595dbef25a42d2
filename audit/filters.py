import django_filters
from django import forms
from django.db.models import Q

from .models import AuditEntry


class AuditFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=AuditEntry.Kind.choices, empty_label="全部")
    username = django_filters.CharFilter(label="用户名", lookup_expr="iexact")
    ip = django_filters.CharFilter(label="地址")
    object_type = django_filters.CharFilter(label="对象类型", lookup_expr="istartswith")
    object_id = django_filters.CharFilter(label="对象ID")
    start = django_filters.DateFilter(label="起", field_name="at", lookup_expr="date__gte",
                                      widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = django_filters.DateFilter(label="止", field_name="at", lookup_expr="date__lte",
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    q = django_filters.CharFilter(label="关键词", method="search")

    class Meta:
        model = AuditEntry
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(object_repr__icontains=value) | Q(detail__icontains=value) | Q(path__icontains=value))
