"""Enterprises needing attention, one definition per figure: the dashboard counts them and the
enterprise list filters by them (`?attention=<key>`), so a card and its list show one number."""

import datetime

from django.db.models import Q
from django.utils import timezone

from core.dates import add_years

from .models import Enterprise, Licence

LABELS = {
    "std_expired": "标准化证书已过期",
    "std_expiring": "标准化证书90天内到期",
    "licence_expired": "在营企业许可证已过期",
}


def conditions(today=None):
    """{key: Q over Enterprise} for each figure in LABELS."""
    today = today or timezone.localdate()
    valid = Enterprise.STANDARDIZATION_VALID_YEARS
    # A certificate expires N years after its date, so compare its date with today − N years.
    three_years_ago = add_years(today, -valid)
    soon_minus_3 = add_years(today + datetime.timedelta(days=90), -valid)
    graded = ~Q(standardization_level=Enterprise.Standardization.NONE) & Q(standardization_date__isnull=False)
    # The firms with an expired licence, once (not probed per firm): a province counts 100,000 firms.
    expired_licence = Licence.objects.filter(valid_until__lt=today).values("enterprise_id")
    return {
        "std_expired": graded & Q(standardization_date__lt=three_years_ago),
        "std_expiring": graded & Q(standardization_date__gte=three_years_ago, standardization_date__lt=soon_minus_3),
        "licence_expired": Q(status=Enterprise.Status.OPERATING) & Q(pk__in=expired_licence),
    }
