"""The chain up (issue 19 #4): what an office receives, and the table it sums from it.

A duty of a plan is sent to the safety office of the plan's region: the county's for its units,
the city's for its counties (鄂尔多斯市 receives 乌审旗's monthly table). For one duty and one
period (a due date) the office sees every unit's slot — on time, late, missing — with the review
state of its latest table, and the summed table: the sum of the latest *accepted* version of each
unit's table, cell by cell. 家 columns add up too, since an enterprise lies in one county only;
整改率 is recomputed from the summed counts (never a sum of rates). The live recount over the
office's region (reports.dispatch.compute) agrees with the sum when every unit's table was
accepted and nothing changed since; the page says where it does not.
"""

from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

from core.stats import rate
from org.scope import home_region
from plans.models import ReportingDuty, Slot

from . import dispatch, engine
from .models import Submission


def received_duties(user):
    """The 统计报表 duties whose tables come to this user's office: those of its region's plans."""
    region = home_region(user)
    if region is None:
        return ReportingDuty.objects.none()
    return (ReportingDuty.objects.for_user(user).filter(plan__region=region, kind=ReportingDuty.Kind.FORM)
            .select_related("plan").order_by("plan_id", "id"))


@dataclass
class Period:
    due_date: object
    period: str
    slots: list = field(default_factory=list)

    @cached_property
    def counts(self):
        """按时 / 逾期报送 / 未报送 by the slot's state, 待审核 / 已接收 / 已退回 by its latest table's review."""
        out = dict.fromkeys(["on_time", "late", "missing", "pending_review", "accepted", "returned"], 0)
        for s in self.slots:
            review = "pending_review" if s.latest_review == Submission.Review.PENDING else s.latest_review
            for key in (s.state, review):
                if key in out:
                    out[key] += 1
        return out

    def filtered(self, state=None, review=None):
        """The slots a figure of the 收到的报表 list counts (its link's ?state= or ?review=)."""
        if state:
            return [s for s in self.slots if s.state == state]
        if review:
            return [s for s in self.slots if s.latest_review == review]
        return self.slots


def periods(user, duty, today):
    """The duty's periods, newest first: each with its slots (status and review state)."""
    slots = Slot.objects.for_user(user).filter(duty=duty).with_review().select_related("unit").order_by(
        "-due_date", "unit__path")
    out = {}
    for s in slots:
        s.state = s.status(today)
        out.setdefault(s.due_date, Period(s.due_date, s.period)).slots.append(s)
    return list(out.values())


def _number(value):
    if value in (None, "", "—"):
        return None
    return Decimal(str(value))


def _amount(key, value):
    """A stored figure as it adds up: 万元 keeps its decimals, counts are whole."""
    number = _number(value)
    if number is None:
        return None
    return number if engine.MEASURES[key].unit == "万元" else int(number)


def summed(duty, slots):
    """The table summed from the latest accepted version of each slot's table (None where a unit
    has none accepted), in the duty's form: {rows, total, columns, start, end, counted, form}."""
    form = dispatch.form_for(duty)
    columns = list(form.columns)
    labels = [r["label"] for r in form.resolved_rows()]
    accepted = {}
    for sub in (Submission.objects.filter(slot__in=[s.pk for s in slots], review=Submission.Review.ACCEPTED)
                .order_by("slot_id", "-version")):
        accepted.setdefault(sub.slot_id, sub)
    sums = {label: {} for label in labels}
    total = {}
    for sub in accepted.values():
        for row in sub.figures["rows"]:
            target = sums.setdefault(row["label"], {})
            for key in columns:
                if key not in engine.RATES and _number(row.get(key)) is not None:
                    target[key] = target.get(key, 0) + _amount(key, row[key])
        for key in columns:
            if key not in engine.RATES and _number(sub.figures["total"].get(key)) is not None:
                total[key] = total.get(key, 0) + _amount(key, sub.figures["total"][key])

    def figures(found):
        out = {key: found.get(key, 0) for key in columns if key not in engine.RATES}
        for key, (done, all_) in engine.RATES.items():
            if key in columns:
                out[key] = rate(found[done], found[all_]) if done in found and all_ in found else None
        return out

    start, end = (min(s.period_start for s in accepted.values()), max(s.period_end for s in accepted.values())) \
        if accepted else (None, None)
    rows = [{"label": label, "sector": label, "sector_id": None, **figures(sums[label])} for label in sums]
    return {"rows": rows, "total": {"label": "合计", "sector": "合计", "sector_id": None, **figures(total)},
            "columns": [(k, engine.MEASURES[k].label, engine.MEASURES[k].unit) for k in columns],
            "start": start, "end": end, "region": None, "form": form, "units_row": form.units_row,
            "counted": accepted}


def differences(summed_table, live_table):
    """The cells where the sum of accepted tables and the live recount disagree: [(row, column label,
    summed, live)]. Empty when they agree on every cell, 合计 included."""
    live = {r["label"]: r for r in [*live_table["rows"], live_table["total"]]}
    out = []
    for row in [*summed_table["rows"], summed_table["total"]]:
        other = live.get(row["label"], {})
        for key, label, _unit in summed_table["columns"]:
            a, b = _number(row.get(key)), _number(other.get(key))
            if a != b:
                out.append((row["label"], label, row.get(key), other.get(key)))
    return out
