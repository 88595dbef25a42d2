import django_filters
from django.db.models import Q

from core.search import normalize

from .models import Person


class PersonFilter(django_filters.FilterSet):
    """The staff directory's search, on the page and on /api/people/ alike: every word must
    match a name, a position or a unit name."""

    q = django_filters.CharFilter(label="姓名、职务或单位", method="search")
    unit = django_filters.NumberFilter(label="单位", field_name="unit_id")

    class Meta:
        model = Person
        fields = ["q", "unit"]

    def search(self, qs, name, value):
        for term in normalize(value).split():
            qs = qs.filter(Q(name__contains=term) | Q(position__contains=term) | Q(unit__name__contains=term))
        return qs
