"""The inspection and enforcement lists' filters, on the pages and on their API endpoints alike.
The reports' figures link here with the same parameters (?done_from, ?decided_to, ?sector, ?region)."""

import django_filters

from core.filters import MONTHS, TreeChoiceFilter, YearFilter, subtree
from org.models import Region, Sector
from org.rows import RowFilterMixin

from .models import EnforcementAction, Inspection

OPEN = [Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS]


class PlaceFilterSet(RowFilterMixin, django_filters.FilterSet):
    sector = TreeChoiceFilter(label="行业领域", queryset=Sector.objects.all(), method=subtree("sector"),
                              empty_label="全部")
    region = TreeChoiceFilter(label="区划", queryset=Region.objects.all(), method=subtree("region"),
                              empty_label="全部")


class InspectionFilter(PlaceFilterSet):
    kind = django_filters.ChoiceFilter(label="检查类型", choices=Inspection.Kind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", method="filter_status", empty_label="全部",
                                         choices=[*Inspection.Status.choices, ("open", "未完成")])
    year = YearFilter(label="计划年度", field_name="planned_on", lookup_expr="year")
    done_from = django_filters.DateFilter(label="实际检查日期从", field_name="done_on", lookup_expr="gte")
    done_to = django_filters.DateFilter(label="至", field_name="done_on", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields = ["kind", "status", "year", "done_from", "done_to", "sector", "region"]

    def filter_status(self, qs, name, value):
        return qs.filter(status__in=OPEN) if value == "open" else qs.filter(status=value)


class EnforcementFilter(PlaceFilterSet):
    kind = django_filters.MultipleChoiceFilter(label="措施类型", choices=EnforcementAction.Kind.choices)
    year = YearFilter(label="决定年度", field_name="decided_on", lookup_expr="year")
    month = django_filters.ChoiceFilter(label="月份", field_name="decided_on", lookup_expr="month", choices=MONTHS,
                                       empty_label="全部")
    decided_from = django_filters.DateFilter(label="决定日期从", field_name="decided_on", lookup_expr="gte")
    decided_to = django_filters.DateFilter(label="至", field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = EnforcementAction
        fields = ["kind", "year", "month", "decided_from", "decided_to", "sector", "region"]
