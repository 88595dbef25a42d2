import django_filters

from core.filters import TreeChoiceFilter
from org.models import Sector
from org.scope import in_sector

from . import services
from .models import RiskPoint


class RiskPointFilter(django_filters.FilterSet):
    """The risk list's filters, on the page and on /api/risk-points/ alike."""

    enterprise = django_filters.NumberFilter(label="企业编号", field_name="enterprise_id")
    level = django_filters.ChoiceFilter(label="等级", choices=RiskPoint.Level.choices, empty_label="全部")
    sector = TreeChoiceFilter(label="行业领域", queryset=Sector.objects.all(), method="filter_sector",
                              empty_label="全部")
    review = django_filters.ChoiceFilter(label="复评", choices=[("due", "15天内到期复评")], method="filter_review",
                                         empty_label="全部")
    filing = django_filters.ChoiceFilter(label="重大风险备案", choices=RiskPoint.Filing.choices, empty_label="全部")

    class Meta:
        model = RiskPoint
        fields = ["enterprise", "level", "sector", "review", "filing"]

    def filter_sector(self, qs, name, value):
        return qs.filter(in_sector(value.path))

    def filter_review(self, qs, name, value):
        return services.due_for_review(qs)
