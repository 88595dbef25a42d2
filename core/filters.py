"""Filters shared by the list pages' FilterSets (and so by their API endpoints)."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.INT)
class TreeChoiceFilter(django_filters.ModelChoiceFilter):
    """Choose a tree node (行业领域, 行政区划) by id; the filter method includes its descendants."""


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number in range (year 0 would break the date lookup)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1949)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


MONTHS = [(m, f"{m}月") for m in range(1, 13)]


def subtree(field):
    """A filter method: records whose `field` (a tree node) lies in the chosen node's subtree."""

    from org.scope import subtree as branch

    def method(qs, name, value):
        # The branch's ids as a subquery against the indexed key, not the path joined per row.
        return qs.filter(**{f"{field}__in": branch(type(value), value.path)})

    return method
