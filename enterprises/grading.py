"""企业红/黄/绿 code and the 安全生产法 第一百一十三条 flag, as SQL annotations.

Counts come from correlated subqueries on the hazard, accident and enforcement
tables, so a page of enterprises costs one query and the colour can be filtered
on. The rule (thresholds, window) is data: enterprises.models.GradingRule.
"""

import datetime

from django.db.models import Case, CharField, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import GradingRule

COLOURS = {"red": "红", "yellow": "黄", "green": "绿"}
SERIOUS = ("penalty", "suspension", "blacklist", "dual_penalty")
PENALTIES = ("penalty", "dual_penalty")


def _count(qs):
    counted = qs.order_by().values("enterprise").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def annotate(qs, rule=None, today=None):
    """Adds open_major, overdue, accidents_n, actions_n, serious_n, vetoed_n, grade and art113. The latest
    published 考核 (appraisal) counts too: 一票否决 → 红, a score below the mark → 黄."""
    from accidents.models import Accident
    from hazards.models import Hazard
    from inspections.models import EnforcementAction

    rule = rule or GradingRule.current()
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=rule.window_days)
    mine = {"enterprise": OuterRef("pk")}
    hazards = Hazard.objects.filter(**mine)
    actions = EnforcementAction.objects.filter(**mine, decided_on__gte=since)
    qs = qs.annotate(
        open_major=_count(hazards.open().filter(level=Hazard.Level.MAJOR)),
        overdue=_count(hazards.overdue(today)),
        accidents_n=_count(Accident.objects.filter(**mine, occurred_at__date__gte=since)),
        actions_n=_count(actions),
        serious_n=_count(actions.filter(kind__in=SERIOUS)),
        art113=Exists(article_113_hazards(today).filter(**mine)),
        vetoed_n=Case(When(appraisal_vetoed=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
    )
    red = _any([("open_major", rule.red_open_major), ("accidents_n", rule.red_accidents),
                ("serious_n", rule.red_serious_actions), ("vetoed_n", rule.red_appraisal_vetoed)])
    yellow = _any([("overdue", rule.yellow_overdue), ("actions_n", rule.yellow_actions)])
    if rule.yellow_appraisal_below:  # the latest published 考核 below the mark
        low = Q(appraisal_score__lt=rule.yellow_appraisal_below)
        yellow = low if yellow is None else yellow | low
    whens = [When(red, then=Value("red"))] if red is not None else []
    whens += [When(yellow, then=Value("yellow"))] if yellow is not None else []
    return qs.annotate(grade=Case(*whens, default=Value("green"), output_field=CharField()))


def _any(conditions):
    q = None
    for field, threshold in conditions:
        if threshold:
            term = Q(**{f"{field}__gte": threshold})
            q = term if q is None else q | term
    return q


def article_113_hazards(today=None):
    """重大 hazards penalised 3 times within 180 days or 4 times within a year (安全生产法 §113:
    grounds for closing the business). Counted over the windows ending today."""
    from hazards.models import Hazard

    from inspections.models import EnforcementAction

    today = today or timezone.localdate()
    # Each hazard's penalties counted by key on the (hazard, kind, decided_on) index — not a join grouped
    # by every column of the hazard.
    penalties = EnforcementAction.objects.filter(hazard=OuterRef("pk"), kind__in=PENALTIES)

    def within(days):
        counted = (penalties.filter(decided_on__gte=today - datetime.timedelta(days=days)).order_by()
                   .values("hazard").annotate(n=Count("id")).values("n"))
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    return (Hazard.objects.filter(level=Hazard.Level.MAJOR).annotate(p180=within(180), p365=within(365))
            .filter(Q(p180__gte=3) | Q(p365__gte=4)))
