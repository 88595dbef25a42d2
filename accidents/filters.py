import django_filters

from core.filters import MONTHS, YearFilter

from .models import Accident


class AccidentFilter(django_filters.FilterSet):
    """The accident list's filters, on the page and on /api/accidents/ alike."""

    grade = django_filters.ChoiceFilter(label="等级", choices=Accident.Grade.choices, empty_label="全部")
    year = YearFilter(label="年度", field_name="occurred_at", lookup_expr="year")
    month = django_filters.ChoiceFilter(label="月份", field_name="occurred_at", lookup_expr="month",
                                       choices=MONTHS, empty_label="全部")

    class Meta:
        model = Accident
        fields = ["grade", "year", "month"]
