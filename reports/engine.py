"""The one statistics engine of the issued forms (issue 19): a form's rows and columns are data
(reports.models.ReportForm), counted here from the records.

Rows. Each row has a rule: the 行业领域 subtrees it covers ("sectors"), the campaign themes
(专项整治主题, "themes") whose tagged records it takes, or "other" — everything no other row
took. A record counts in exactly one row: theme rows take their records first (a 烟花爆竹 check
of a road-transport firm is a 烟花爆竹 figure), then sector rows in order, then 其他. Each source
is counted in one grouped query (CASE over the rules), as the old per-sector tables were.

Columns. Chosen from MEASURES, each with its unit and counting rule in one place:
- 组织督查组（个）: inspections completed in the period (by 实际检查日期), one team each.
- 组织督查人员（人次）: their team members and experts.
- 督查检查单位数（家）: distinct enterprises among their targets.
- 重大/其他隐患数（项）: hazards discovered in the period (by 发现日期), not rejected.
- 重大/其他隐患已整改数（项）: of those, accepted by the end of the period's last day.
- 整改率（%）: 已整改 ÷ 隐患数, one decimal; "—" when there were none.
- 责令限期整改 / 行政处罚（含一案双罚）/ 停产停业整顿（家）: distinct enterprises with such an
  action decided in the period (by 决定日期).
A 家 column's 合计 is a distinct count over all rows (a firm in two rows is one 家), never a sum.
The 安全监管执法月报表's columns are in the vocabulary too (MONTHLY_COLUMNS: 检查（次）, 检查企业（家次）,
发现隐患/其中重大（项, by inspections）, 行政处罚/一案双罚/移送（起）, 罚款（万元, unit + personal fine）,
约谈/通报曝光（次）, 联合惩戒（家）), so a form may carry them; inspections.monthly prints that form with
the same rules (a test holds the two to the same figures).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Expression, F, IntegerField, Q
from django.utils import timezone

from core.stats import rate
from hazards.models import Hazard, State
from inspections.models import EnforcementAction, Inspection
from inspections.monthly import fine_total, in_wan, records
from org.rows import precedence, row_keys, rule_ids

K = EnforcementAction.Kind


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str
    source: str = ""  # inspections / people / targets / hazards / actions; "" = derived
    distinct: bool = False  # a 家 count: 合计 is its own distinct aggregate
    group: str = ""  # the header over a run of columns (排查治理隐患, 监管执法)


def groups(columns):
    """The header groups over runs of columns: [(label, first, last)], 1-based over `columns`."""
    out = []
    for i, key in enumerate(columns, start=1):
        label = MEASURES[key].group if key in MEASURES else ""
        if label and out and out[-1][0] == label and out[-1][2] == i - 1:
            out[-1] = (label, out[-1][1], i)
        elif label:
            out.append((label, i, i))
    return out


def header(columns):
    """The two header rows of a form: the first has each group's label over its columns and each
    ungrouped column (spanning both rows); the second the grouped columns' own labels."""
    runs = groups([k for k, *_ in columns])
    spans = {first: (label, last - first + 1) for label, first, last in runs}
    grouped = {i for _, first, last in runs for i in range(first, last + 1)}
    top, bottom = [], []
    for i, (key, label, unit) in enumerate(columns, start=1):
        if i in spans:
            top.append({"label": spans[i][0], "colspan": spans[i][1], "rowspan": 1})
        if i in grouped:
            bottom.append(label)
        else:
            top.append({"label": label, "colspan": 1, "rowspan": 2 if grouped else 1})
    return top, bottom


def _accepted_by(end):
    # By the end of the period's last day (local time); a plain comparison, not a date cast.
    return Q(accepted_at__lt=timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1),
                                                                           datetime.time())))


MEASURES = {
    "teams": Measure("组织督查组", "个", "inspections"),
    "people": Measure("组织督查人员", "人次", "people"),
    "units": Measure("督查检查单位数", "家", "targets", distinct=True),
    "major": Measure("重大隐患数", "项", "hazards", group="排查治理隐患"),
    "general": Measure("其他隐患数", "项", "hazards", group="排查治理隐患"),
    "major_done": Measure("重大隐患已整改数", "项", "hazards", group="排查治理隐患"),
    "general_done": Measure("其他隐患已整改数", "项", "hazards", group="排查治理隐患"),
    "major_rate": Measure("重大隐患整改率", "%", group="排查治理隐患"),
    "general_rate": Measure("其他隐患整改率", "%", group="排查治理隐患"),
    "order": Measure("责令限期整改", "家", "actions", distinct=True, group="监管执法"),
    "penalty": Measure("行政处罚", "家", "actions", distinct=True, group="监管执法"),
    "suspension": Measure("停产停业整顿", "家", "actions", distinct=True, group="监管执法"),
    # The 安全监管执法月报表's columns (inspections.monthly counts that form with the same rules).
    "checks": Measure("检查", "次", "inspections"),
    "checked_firms": Measure("检查企业", "家次", "targets"),
    "found": Measure("发现隐患", "项", "found"),
    "found_major": Measure("其中重大", "项", "found"),
    "cases": Measure("行政处罚", "起", "actions"),
    "fine": Measure("罚款", "万元", "actions"),
    "interview": Measure("约谈", "次", "actions"),
    "exposure": Measure("通报曝光", "次", "actions"),
    "blacklist": Measure("联合惩戒/黑名单", "家", "actions", distinct=True),
    "dual_penalty": Measure("一案双罚", "起", "actions"),
    "transfer": Measure("移送", "起", "actions"),
}
# The 执法月报's columns in its order, as a form would pick them.
MONTHLY_COLUMNS = ["checks", "checked_firms", "found", "found_major", "order", "cases", "fine", "suspension",
                   "interview", "exposure", "blacklist", "dual_penalty", "transfer"]
RATES = {"major_rate": ("major_done", "major"), "general_rate": ("general_done", "general")}


def _aggregates(end):
    accepted = _accepted_by(end)
    return {
        "inspections": {"teams": Count("id"), "checks": Count("id")},
        "members": {"members": Count("members")},
        "experts": {"experts": Count("experts")},
        "targets": {"units": Count("targets__enterprise", distinct=True), "checked_firms": Count("targets")},
        "found": {"found": Count("id"), "found_major": Count("id", filter=Q(level="major"))},
        "hazards": {"major": Count("id", filter=Q(level="major")), "general": Count("id", filter=Q(level="general")),
                    "major_done": Count("id", filter=Q(level="major") & accepted),
                    "general_done": Count("id", filter=Q(level="general") & accepted)},
        "actions": {"order": Count("enterprise", filter=Q(kind=K.ORDER), distinct=True),
                    "penalty": Count("enterprise", filter=Q(kind__in=[K.PENALTY, K.DUAL_PENALTY]), distinct=True),
                    "suspension": Count("enterprise", filter=Q(kind=K.SUSPENSION), distinct=True),
                    "cases": Count("id", filter=Q(kind=K.PENALTY)), "fine": fine_total(),
                    "interview": Count("id", filter=Q(kind=K.INTERVIEW)),
                    "exposure": Count("id", filter=Q(kind=K.EXPOSURE)),
                    "blacklist": Count("enterprise", filter=Q(kind=K.BLACKLIST), distinct=True),
                    "dual_penalty": Count("id", filter=Q(kind=K.DUAL_PENALTY)),
                    "transfer": Count("id", filter=Q(kind=K.TRANSFER))},
    }


class RowCase(Expression):
    """The index of the row a record counts in, in the order rows claim records (org.rows.precedence:
    themes first, then sectors, then 其他); NULL when no row takes it. The same conditions as the
    lists' rule_q (org.rows.rule_ids), written as one CASE over the record's own sector_id and
    theme_id with the ids inlined: as When(Q) objects every source's query resolved and compiled
    about a thousand lookups (most of a county table's time went to building SQL, not running it)."""

    output_field = IntegerField()

    def __init__(self, rows, keys):
        super().__init__()
        self.columns = [F("sector_id"), F("theme_id")]
        # The CASE once, as (sector ids, theme ids, row) per WHEN and the 其他 row: each query only
        # puts its own column names in.
        self.whens, self.other = [], None
        for i in precedence(rows):
            if rows[i]["rule"].get("other"):
                self.other = int(i)
                continue
            sectors, themes = rule_ids(rows[i]["rule"], keys)
            if sectors or themes:
                self.whens.append((tuple(sectors), tuple(themes), int(i)))
        self.whens = tuple(self.whens)

    @property
    def identity(self):
        return (type(self), self.whens, self.other, tuple(c.name if isinstance(c, F) else str(c) for c in self.columns))

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def row_of(self, sector_id, theme_id):
        """The same CASE, for one (sector_id, theme_id) pair in Python: the row a group of records with those
        keys counts in, or None."""
        for sectors, themes, row in self.whens:
            if sector_id in sectors or theme_id in themes:
                return row
        return self.other

    def as_sql(self, compiler, connection):
        sector, theme = (compiler.compile(c)[0] for c in self.columns)
        other = "NULL" if self.other is None else str(self.other)
        whens = []
        for sectors, themes, row in self.whens:
            parts = [f"{column} IN ({', '.join(str(int(k)) for k in ids)})"
                     for column, ids in ((sector, sectors), (theme, themes)) if ids]
            whens.append(f"WHEN {' OR '.join(parts)} THEN {row}")
        if not whens:
            return other, []
        return f"CASE {' '.join(whens)} ELSE {other} END", []


def sources(user, start, end, region=None):
    """The period's records as the user may read them: completed inspections, hazards found
    (not rejected), enforcement actions decided."""
    inspections, actions, hazards = records(user, region)
    done = inspections.filter(status=Inspection.Status.COMPLETED, done_on__gte=start, done_on__lte=end)
    return {
        "inspections": done,
        "members": done.filter(members__isnull=False),
        "experts": done.filter(experts__isnull=False),
        "targets": done.filter(targets__enterprise__isnull=False),
        "hazards": hazards.filter(discovered_on__gte=start, discovered_on__lte=end).exclude(state=State.REJECTED),
        # 执法月报: hazards found by inspections (督导检查/执法检查), by 发现日期.
        "found": hazards.filter(source__in=Hazard.INSPECTION_SOURCES, discovered_on__gte=start, discovered_on__lte=end),
        "actions": actions.filter(decided_on__gte=start, decided_on__lte=end),
    }


def count(rows, columns, user, start, end, region=None):
    """[{label, key, rule, <measure>: value …}] for the rows and a 合计 row, over the period."""
    case = RowCase(rows, row_keys())
    found = {i: {} for i in range(len(rows))}
    total = {}
    wanted = set(columns) | {part for key in columns if key in RATES for part in RATES[key]}
    measures = _aggregates(end)
    for source, qs in sources(user, start, end, region).items():
        aggregates = {k: v for k, v in measures[source].items()
                      if k in wanted or (source in ("members", "experts") and "people" in wanted)}
        if not aggregates:
            continue
        distinct = {k: v for k, v in aggregates.items() if MEASURES.get(k, Measure("", "")).distinct}
        if distinct:
            # Distinct counts (家) do not add up over a row's sectors: the row is worked out in SQL (the CASE).
            counted = qs.annotate(zb_row=case).exclude(zb_row=None)
            for r in counted.values("zb_row").annotate(**aggregates).order_by():
                found[r["zb_row"]].update({k: r[k] or 0 for k in aggregates})
        else:
            # Plain counts add up: grouped by the records' own keys, each (sector, theme) given its row here
            # (the CASE once per group, not once per record).
            for r in qs.values("sector_id", "theme_id").annotate(**aggregates).order_by():
                row = case.row_of(r["sector_id"], r["theme_id"])
                if row is not None:
                    figures = found[row]
                    for k in aggregates:
                        figures[k] = figures.get(k, 0) + (r[k] or 0)
        total.update({k: sum(found[i].get(k, 0) for i in found) for k in aggregates if k not in distinct})
        if distinct:
            total.update({k: v or 0 for k, v in counted.aggregate(**distinct).items()})

    def figures(f):
        out = {key: f.get(key, 0) for key in MEASURES if MEASURES[key].source and key != "people"}
        out["people"] = f.get("members", 0) + f.get("experts", 0)
        out["fine"] = in_wan(out["fine"])
        for key, (done, all_) in RATES.items():
            out[key] = rate(out[done], out[all_])
        return {key: out[key] for key in columns}

    body = [{"sector": row["label"], "label": row["label"], "rule": row["rule"],
             "sector_id": row.get("sector_id"), **figures(found[i])} for i, row in enumerate(rows)]
    return body, {"sector": "合计", "label": "合计", "rule": None, "sector_id": None, **figures(total)}
