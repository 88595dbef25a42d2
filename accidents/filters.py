import django_filters
from django import forms

from .models import Accident


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number in range (year 0 would break the date lookup)."""

    field_class = forms.IntegerField


class AccidentFilter(django_filters.FilterSet):
    """The accident list's filters, on the page and on /api/accidents/ alike."""

    grade = django_filters.ChoiceFilter(label="等级", choices=Accident.Grade.choices, empty_label="全部")
    year = YearFilter(label="年度", field_name="occurred_at", lookup_expr="year", min_value=1949, max_value=2100)
    month = django_filters.ChoiceFilter(label="月份", field_name="occurred_at", lookup_expr="month",
                                       choices=[(m, f"{m}月") for m in range(1, 13)], empty_label="全部")

    class Meta:
        model = Accident
        fields = ["grade", "year", "month"]
