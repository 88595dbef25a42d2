import django_filters

from core.filters import YearFilter

from .models import Training


class TrainingFilter(django_filters.FilterSet):
    """The training list's filters, on the page and on /api/trainings/ alike."""

    kind = django_filters.ChoiceFilter(label="培训类别", choices=Training.Kind.choices, empty_label="全部")
    year = YearFilter(label="结束年度", field_name="end_on", lookup_expr="year")

    class Meta:
        model = Training
        fields = ["kind", "year"]
