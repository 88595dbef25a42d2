import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import TreeChoiceFilter
from org.models import Region, Sector, Unit
from org.rows import RowFilterMixin
from org.scope import in_region, in_sector

from .models import OPEN_STATES, Hazard, State

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


class HazardFilter(RowFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label="全文搜索", method="filter_q")
    level = django_filters.ChoiceFilter(label="等级", choices=Hazard.Level.choices, empty_label="全部")
    state = django_filters.MultipleChoiceFilter(label="状态", choices=State.choices)
    open = django_filters.BooleanFilter(label="未销号", method="filter_open")
    overdue = django_filters.BooleanFilter(label="逾期", method="filter_overdue")
    listed = django_filters.BooleanFilter(label="挂牌督办", method="filter_listed")
    sector = TreeChoiceFilter(label="行业领域", queryset=Sector.objects.filter(active=True).order_by("path"),
                              method="filter_sector", empty_label="全部")
    region = TreeChoiceFilter(label="区划", queryset=Region.objects.all(), method="filter_region", empty_label="全部")
    # By id for drill-down links; by name on screen (a select of every enterprise
    # would be 100,000 options at province scale).
    enterprise = django_filters.NumberFilter(label="企业编号", field_name="enterprise_id")
    enterprise_name = django_filters.CharFilter(label="企业名称", field_name="enterprise__name", lookup_expr="contains")
    supervising_unit = django_filters.ModelChoiceFilter(label="监管单位", queryset=Unit.objects.none(), empty_label="全部")
    source = django_filters.ChoiceFilter(label="来源", choices=[*Hazard.Source.choices, Hazard.INSPECTION_SOURCE_CHOICE],
                                         empty_label="全部", method="filter_source")
    discovered_from = django_filters.DateFilter(label="发现日期从", field_name="discovered_on", lookup_expr="gte")
    discovered_to = django_filters.DateFilter(label="至", field_name="discovered_on", lookup_expr="lte")
    deadline_from = django_filters.DateFilter(label="整改期限从", field_name="deadline", lookup_expr="gte")
    deadline_to = django_filters.DateFilter(label="至", field_name="deadline", lookup_expr="lte")
    accepted_from = django_filters.DateFilter(label="验收通过日期从", field_name="accepted_at", lookup_expr="date__gte")
    accepted_to = django_filters.DateFilter(label="验收通过不晚于", field_name="accepted_at", lookup_expr="date__lte")
    closed_from = django_filters.DateFilter(label="销号日期从", field_name="closed_at", lookup_expr="date__gte")
    closed_to = django_filters.DateFilter(label="至", field_name="closed_at", lookup_expr="date__lte")
    open_on = django_filters.DateFilter(label="某日仍未销号", method="filter_open_on")
    rejected = django_filters.BooleanFilter(label="已驳回", method="filter_rejected")

    class Meta:
        model = Hazard
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = Unit.objects.for_user(user) if user is not None else None
        for name in ("open", "overdue", "listed"):
            self.filters[name].field.widget.choices = YES_NO

    # The form class is built once. django-filter builds it, and every one of its 26 fields, on each
    # request (and the form then copies them again) — a millisecond and a half of every list page.
    # What differs by user, the 监管单位 choices, is set on the form's own copy of its field.
    _form_class = None

    def get_form_class(self):
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            if self.units is not None:
                form.fields["supervising_unit"].queryset = self.units
        return self._form

    def filter_source(self, qs, name, value):
        if value == Hazard.INSPECTION_SOURCE_CHOICE[0]:
            return qs.filter(source__in=Hazard.INSPECTION_SOURCES)
        return qs.filter(source=value)

    def filter_q(self, qs, name, value):
        return qs.search(value)

    def filter_open(self, qs, name, value):
        return qs.filter(state__in=OPEN_STATES) if value else qs.exclude(state__in=OPEN_STATES)

    def filter_overdue(self, qs, name, value):
        overdue = qs.overdue()
        return overdue if value else qs.exclude(pk__in=overdue.values("pk"))

    def filter_listed(self, qs, name, value):
        listed = Hazard.objects.listed().values("pk")
        return qs.filter(pk__in=listed) if value else qs.exclude(pk__in=listed)

    def filter_sector(self, qs, name, sector):
        return qs.filter(in_sector(sector.path))

    def filter_region(self, qs, name, region):
        return qs.filter(in_region(region.path))

    def filter_rejected(self, qs, name, value):
        return qs.filter(state=State.REJECTED) if value else qs.exclude(state=State.REJECTED)

    def filter_open_on(self, qs, name, day):
        """Open at the end of `day`: found by then, not rejected, not closed by then (动态清零 stock)."""
        end = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.max.time()))
        return qs.filter(discovered_on__lte=day).exclude(state=State.REJECTED).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gt=end)
        )
