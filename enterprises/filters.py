import django_filters
from django.db.models import Exists, OuterRef

from core.filters import TreeChoiceFilter
from org.models import Region, Sector
from org.scope import in_region

from . import attention
from .models import Enterprise


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q")
    sector = TreeChoiceFilter(label="行业领域", queryset=Sector.objects.all(), method="filter_sector", empty_label="全部")
    region = TreeChoiceFilter(label="区划", queryset=Region.objects.all(), method="filter_region", empty_label="全部")
    status = django_filters.ChoiceFilter(label="经营状态", choices=Enterprise.Status.choices, empty_label="全部")
    is_two_plus_one = django_filters.BooleanFilter(label="两客一危")
    standardization_level = django_filters.ChoiceFilter(label="标准化等级", choices=Enterprise.Standardization.choices, empty_label="全部")
    grade = django_filters.ChoiceFilter(label="分级（红黄绿）", method="filter_grade", empty_label="全部",
                                        choices=[("red", "红"), ("yellow", "黄"), ("green", "绿")])
    attention = django_filters.ChoiceFilter(label="需关注", method="filter_attention", empty_label="全部",
                                            choices=list(attention.LABELS.items()))

    class Meta:
        model = Enterprise
        fields = ["q", "sector", "region", "status", "is_two_plus_one", "standardization_level", "grade", "attention"]

    def filter_attention(self, queryset, name, value):
        return queryset.filter(attention.conditions()[value])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            from org.scope import get_scope

            scope = get_scope(user)
            self.filters["region"].queryset = Region.objects.filter(path__startswith=scope.region_path or "/none/")
        self.filters["sector"].queryset = Sector.objects.filter(active=True).order_by("path")
        self.filters["is_two_plus_one"].field.widget.choices = [("", "全部"), ("true", "是"), ("false", "否")]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_sector(self, queryset, name, sector):
        # A sector includes its sub-sectors: 道路运输 finds 危险货物道路运输 too.
        through = Enterprise.sectors.through
        ids = Sector.objects.filter(path__startswith=sector.path).values("id")
        return queryset.filter(Exists(through.objects.filter(enterprise_id=OuterRef("pk"), sector_id__in=ids)))

    def filter_grade(self, queryset, name, value):
        from .grading import annotate

        if "grade" not in queryset.query.annotations:
            queryset = annotate(queryset)
        return queryset.filter(grade=value)

    def filter_region(self, queryset, name, region):
        return queryset.filter(in_region(region.path))
