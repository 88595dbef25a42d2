import django_filters
from django.utils import timezone

from .models import TipOff

OPEN = [TipOff.State.SUBMITTED, TipOff.State.ACCEPTED, TipOff.State.VERIFYING]


class TipOffFilter(django_filters.FilterSet):
    """The tip-off list's filters, on the page and on /api/tipoffs/ alike."""

    state = django_filters.ChoiceFilter(
        label="状态", method="filter_state", empty_label="全部",
        choices=[*TipOff.State.choices, ("open", "办理中"), ("late", "逾期未办结")])

    class Meta:
        model = TipOff
        fields = ["state"]

    def filter_state(self, qs, name, value):
        if value in TipOff.State.values:
            return qs.filter(state=value)
        qs = qs.filter(state__in=OPEN)
        return qs.filter(due_on__lt=timezone.localdate()) if value == "late" else qs
