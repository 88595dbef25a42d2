"""The rows of an issued form as conditions on a record (issue 19).

A row takes records by 行业领域 subtree ("sectors") and/or 专项整治主题 ("themes"), or is 其他
("other": what no row took). A record counts in exactly one row: theme rows first, then sector
rows in order, then 其他. The statistics engine (reports.engine) counts with these conditions and
the lists (hazards, inspections, enforcement actions) filter with them (`RowFilterMixin`), so a
figure's link shows exactly the records its cell counted.
"""

from django.db.models import Q


def row_keys():
    """What rows name, as the keys records carry: {"sectors": {code: [the ids of its subtree]},
    "themes": {code: id}}. Both tables are small reference lists, read whole once."""
    from .models import Sector, Theme

    sectors = list(Sector.objects.values_list("id", "code", "path"))
    return {"sectors": {code: [i for i, _, p in sectors if p.startswith(path)] for _, code, path in sectors},
            "themes": dict(Theme.objects.values_list("code", "id"))}


def rule_q(rule, keys):
    """A row's own rule (its sectors' subtrees or its themes) as a condition on a record's own
    sector_id / theme_id (`keys` from row_keys()): an id list the database checks against the
    indexed key, never the sector's path or the theme's code joined and compared per row."""
    sectors, themes = rule_ids(rule, keys)
    q = Q(pk__in=[])
    if sectors:
        q |= Q(sector_id__in=sectors)
    if themes:
        q |= Q(theme_id__in=themes)
    return q


def rule_ids(rule, keys):
    """(sector ids, theme ids) a row's own rule takes: a record is the row's when its sector_id is
    in the first or its theme_id in the second (rule_q; the engine's row CASE)."""
    sectors = sorted({i for code in rule.get("sectors", ()) for i in keys["sectors"].get(code, ())})
    themes = sorted({keys["themes"][code] for code in rule.get("themes", ()) if code in keys["themes"]})
    return sectors, themes


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

    def narrows(self):
        """Whether the filter takes anything away from its queryset: a field with a value, a report row's
        rule, or input it refuses (then nothing is listed). Unbound, it takes nothing. A whole scope's
        figures can then come from its roll-ups (the inspection list's totals, the hazard metrics)."""
        if not self.is_bound:
            return False
        if any(self.data.get(k) for k in self.ROW_PARAMS) or not self.is_valid():
            return True
        return any(v not in (None, "", [], ()) for v in self.form.cleaned_data.values())

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.data or {}
        if not any(data.get(k) for k in self.ROW_PARAMS):
            return queryset
        keys = row_keys()
        take = {"sectors": _codes(data.get("row_sectors")), "themes": _codes(data.get("row_themes"))}
        skip = {"sectors": _codes(data.get("skip_sectors")), "themes": _codes(data.get("skip_themes"))}
        if data.get("row_other") != "1":
            queryset = queryset.filter(rule_q(take, keys))
        if skip["sectors"] or skip["themes"]:
            queryset = queryset.exclude(rule_q(skip, keys))
        return queryset
