"""The rows of an issued form as conditions on a record (issue 19).

A row takes records by 行业领域 subtree ("sectors") and/or 专项整治主题 ("themes"), or is 其他
("other": what no row took). A record counts in exactly one row: theme rows first, then sector
rows in order, then 其他. The statistics engine (reports.engine) counts with these conditions and
the lists (hazards, inspections, enforcement actions) filter with them (`RowFilterMixin`), so a
figure's link shows exactly the records its cell counted.
"""

from django.db.models import Q


def rule_q(rule, sector_paths):
    """A row's own rule (its sectors' subtrees or its themes) as a condition on a record."""
    q = Q(pk__in=[])
    for code in rule.get("sectors", ()):
        if code in sector_paths:
            q |= Q(sector__path__startswith=sector_paths[code])
    if rule.get("themes"):
        q |= Q(theme__code__in=list(rule["themes"]))
    return q


def precedence(rows):
    """Row indices in the order records are claimed: theme rows, sector rows, then 其他."""
    return sorted(range(len(rows)), key=lambda i: (0 if rows[i]["rule"].get("themes") else
                                                   2 if rows[i]["rule"].get("other") else 1, i))


def link_params(rows, i):
    """The list parameters that select exactly the records row `i` counts: its own rule
    (row_sectors / row_themes; none for 其他) less every row that claims records before it
    (skip_sectors / skip_themes)."""
    order = precedence(rows)
    before = order[:order.index(i)]
    rule = rows[i]["rule"]
    params = {}
    if rule.get("other"):
        params["row_other"] = "1"
    else:
        params["row_sectors"] = ",".join(rule.get("sectors", ()))
        params["row_themes"] = ",".join(rule.get("themes", ()))
    params["skip_sectors"] = ",".join(c for j in before for c in rows[j]["rule"].get("sectors", ()))
    params["skip_themes"] = ",".join(c for j in before for c in rows[j]["rule"].get("themes", ()))
    return {k: v for k, v in params.items() if v}


def _codes(value):
    return [c for c in (value or "").split(",") if c][:200]


class RowFilterMixin:
    """A FilterSet mixin: ?row_sectors, ?row_themes (or ?row_other=1) and ?skip_sectors, ?skip_themes,
    as a report figure's link carries them (`link_params`)."""

    ROW_PARAMS = ("row_sectors", "row_themes", "row_other", "skip_sectors", "skip_themes")

    def filter_queryset(self, queryset):
        from .models import Sector

        queryset = super().filter_queryset(queryset)
        data = self.data or {}
        if not any(data.get(k) for k in self.ROW_PARAMS):
            return queryset
        sectors = _codes(data.get("row_sectors")) + _codes(data.get("skip_sectors"))
        paths = dict(Sector.objects.filter(code__in=sectors).values_list("code", "path"))
        take = {"sectors": _codes(data.get("row_sectors")), "themes": _codes(data.get("row_themes"))}
        skip = {"sectors": _codes(data.get("skip_sectors")), "themes": _codes(data.get("skip_themes"))}
        if data.get("row_other") != "1":
            queryset = queryset.filter(rule_q(take, paths))
        if skip["sectors"] or skip["themes"]:
            queryset = queryset.exclude(rule_q(skip, paths))
        return queryset
