"""Drill frequency rules → a compliance status per enterprise and rule.

For each rule the applicable enterprises are annotated with the date of their
last matching drill (one correlated subquery); the next one is due that many
months later. 未演练 / 已逾期 / 即将到期 (within WARN_DAYS) / 正常.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from enterprises.models import Enterprise

from .models import Drill

WARN_DAYS = 30
LABELS = {"never": "未演练", "overdue": "已逾期", "due_soon": "即将到期", "ok": "正常"}


def applicable(rule, enterprises):
    """The operating enterprises (of a scoped queryset) the rule applies to."""
    qs = enterprises.filter(status=Enterprise.Status.OPERATING)
    if rule.two_plus_one_only:
        qs = qs.filter(is_two_plus_one=True)
    if rule.sector_id:
        qs = qs.filter(Exists(Enterprise.sectors.through.objects.filter(
            enterprise_id=OuterRef("pk"), sector__path__startswith=rule.sector.path)))
    return qs


def with_last_drill(qs, rule):
    drills = Drill.objects.filter(enterprise=OuterRef("pk"))
    if rule.kind:
        drills = drills.filter(kind=rule.kind)
    last = drills.order_by().values("enterprise").annotate(d=Max("held_on")).values("d")
    return qs.annotate(last_drill=Subquery(last))


def status(last_drill, rule, today=None):
    today = today or timezone.localdate()
    if last_drill is None:
        return "never", None
    due = last_drill + relativedelta(months=rule.months)
    if due < today:
        return "overdue", due
    if due <= today + datetime.timedelta(days=WARN_DAYS):
        return "due_soon", due
    return "ok", due


def compliance(rule, enterprises, today=None):
    """Counts per status for a rule, from the annotated rows (dates only, one query)."""
    today = today or timezone.localdate()
    rows = with_last_drill(applicable(rule, enterprises), rule).values_list("pk", "name", "last_drill")
    out = {key: [] for key in LABELS}
    for pk, name, last in rows:
        state, due = status(last, rule, today)
        out[state].append({"pk": pk, "name": name, "last": last, "due": due})
    return out
