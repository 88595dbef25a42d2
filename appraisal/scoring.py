"""Score a 考核 round: every subject starts from the scheme's base; each computed item deducts its points
per record found (appraisal.rules), never more than the item's cap; manual items deduct what was entered
with its reason; a 一票否决 item with any record zeroes the subject and names why. Ranked by score (equal
scores share a rank). A draft is scored live; a published round reads its stored, frozen rows — the
same `Score` shape either way, so the pages, the PDF and the API print one thing."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from .models import Item, ManualScore, Scheme
from .rules import RULES

ZERO = Decimal("0.0")


@dataclass
class Line:
    item: Item
    points: Decimal
    text: str
    url: str
    day: object = None
    veto: bool = False


@dataclass
class Score:
    subject: object  # a Unit or an Enterprise
    name: str
    lines: list = field(default_factory=list)
    score: Decimal = ZERO
    deducted: Decimal = ZERO
    vetoed: bool = False
    veto_reason: str = ""
    rank: int = 0
    credit: str = ""

    def by_item(self, items):
        """[(item, deducted on it, its lines)] in the scheme's order, for the per-subject sheet."""
        return [(i, sum((x.points for x in self.lines if x.item.pk == i.pk), ZERO),
                 [x for x in self.lines if x.item.pk == i.pk]) for i in items]


def subjects(scheme):
    """Whom a scheme scores: the county's own units (not the bureau itself nor outside bodies), or its
    operating enterprises."""
    from enterprises.models import Enterprise
    from org.models import Unit

    if scheme.target == Scheme.Target.UNITS:
        return list(Unit.objects.filter(region=scheme.region, active=True)
                    .exclude(kind__in=(Unit.Kind.BUREAU, Unit.Kind.EXTERNAL)).select_related("region")
                    .prefetch_related("sectors")
                    .order_by("path"))
    return list(Enterprise.objects.filter(region__path__startswith=scheme.region.path,
                                          status=Enterprise.Status.OPERATING).order_by("name"))


def as_of(rnd, today=None):
    today = today or timezone.localdate()
    return min(rnd.end, today)


def _capped(item, hits, already=ZERO):
    lines, used = [], already
    for hit in hits:
        points = ZERO if item.veto else max(min(item.each, item.cap - used), ZERO)
        used += points
        lines.append(Line(item, points, hit.text, hit.url, hit.day, veto=item.veto))
    return lines


def compute(rnd, today=None):
    """Live scores of a draft round."""
    scheme = rnd.scheme
    items = list(scheme.items.all())
    people = subjects(scheme)
    scores = {s.pk: Score(s, s.name) for s in people}
    today = today or timezone.localdate()
    # Computed items: one query per rule over all the subjects.
    for item in items:
        if item.is_manual or item.rule not in RULES:
            continue
        found = RULES[item.rule].find(people, rnd.start, rnd.end, today)
        for pk, hits in found.items():
            if pk in scores:
                scores[pk].lines += _capped(item, hits)
    subject_field = "unit_id" if scheme.target == Scheme.Target.UNITS else "enterprise_id"
    for m in ManualScore.objects.filter(round=rnd).select_related("item"):
        pk = getattr(m, subject_field)
        if pk in scores:
            url = reverse("appraisal:manual_file", args=[m.pk]) if m.file else ""
            scores[pk].lines.append(Line(m.item, m.points, m.reason, url, m.created_at.date(), veto=m.item.veto))
    return _finish(scheme, list(scores.values()))


def _finish(scheme, scores):
    for s in scores:
        vetoes = [x for x in s.lines if x.veto]
        s.deducted = sum((x.points for x in s.lines), ZERO)
        s.vetoed = bool(vetoes)
        s.veto_reason = "；".join(f"{x.item.title}：{x.text}" for x in vetoes)
        s.score = ZERO if s.vetoed else max(scheme.base - s.deducted, ZERO)
        s.credit = scheme.credit_for(s.score, s.vetoed) if scheme.target == Scheme.Target.ENTERPRISES else ""
    scores.sort(key=lambda s: (-s.score, s.name))
    for s in scores:
        s.rank = 1 + sum(1 for other in scores if other.score > s.score)
    return scores


def stored(rnd):
    """The frozen scores of a published (or superseded) round."""
    results = rnd.results.select_related("unit", "enterprise").prefetch_related("deductions__item")
    out = []
    for r in results:
        s = Score(r.unit or r.enterprise, r.name, score=r.score, deducted=r.deducted, vetoed=r.vetoed,
                  veto_reason=r.veto_reason, rank=r.rank, credit=r.credit)
        s.result_id = r.pk
        s.lines = [Line(d.item, d.points, d.text, d.url, d.day, d.veto) for d in r.deductions.all()]
        out.append(s)
    return out


def scores(rnd, today=None):
    return stored(rnd) if rnd.frozen else compute(rnd, today)


def find(rnd, kind, pk, today=None):
    """One subject's score in the round (its sheet), or None."""
    return next((s for s in scores(rnd, today) if s.subject is not None and s.subject.pk == pk
                 and (kind == "unit") == (rnd.scheme.target == Scheme.Target.UNITS)), None)


