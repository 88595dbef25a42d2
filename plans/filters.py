import django_filters
from django.db.models import Q

from .models import Task


class TaskFilter(django_filters.FilterSet):
    """The task ledger's filters, on the page and on /api/tasks/ alike."""

    plan = django_filters.NumberFilter(label="方案", field_name="plan_id")
    phase = django_filters.NumberFilter(label="阶段", field_name="phase_id")
    unit = django_filters.NumberFilter(label="单位（牵头或配合）", method="by_unit")
    status = django_filters.ChoiceFilter(label="状态", choices=Task.Status.choices, empty_label="全部",
                                         method="by_status")

    class Meta:
        model = Task
        fields = ["plan", "phase", "unit", "status"]

    def by_unit(self, qs, name, value):
        return qs.filter(Q(lead_units=value) | Q(units=value)).distinct()

    def by_status(self, qs, name, value):
        return qs.filter(Task.status_q(value))
