import django_filters

from core.forms import DATE
from django.db.models import Q

from .models import Slot, Task


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


class SlotFilter(django_filters.FilterSet):
    """The reporting calendar's filters, on the page and on /api/slots/ alike."""

    due_from = django_filters.DateFilter(label="截止日期从", field_name="due_date", lookup_expr="gte", widget=DATE)
    due_to = django_filters.DateFilter(label="至", field_name="due_date", lookup_expr="lte", widget=DATE)
    status = django_filters.ChoiceFilter(label="状态", choices=Slot.Status.choices, empty_label="全部",
                                         method="by_status")

    class Meta:
        model = Slot
        fields = ["due_from", "due_to", "status"]

    def by_status(self, qs, name, value):
        return qs.filter(Slot.status_q(value))
