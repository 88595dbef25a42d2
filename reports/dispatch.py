"""调度统计表 (attachment 2 of the Yunxi sample; SPEC §11), for any period and region.

The counting rules of every column live with the measures in reports.engine (also in README).
Which rows the table has, and which columns, is the form's (reports.models.ReportForm): the
sector-tree form (every top-level 行业领域) by default, or an issued form such as attachment 2 of
the Yunxi plan (seven fixed rows). 合计 counts distinct enterprises over all rows, so a firm in
two rows is one 家 in 合计.
"""

import datetime
from decimal import Decimal

from . import engine

# The sector-tree form's columns, as the shipped definitions have them (reports.models).
COLUMNS = [(key, engine.MEASURES[key].label, engine.MEASURES[key].unit) for key in
           ["teams", "people", "units", "major", "general", "major_done", "general_done", "major_rate",
            "general_rate", "order", "penalty", "suspension"]]


def shipped_form(code="sector-tree"):
    """A shipped form definition: the row in the database, or (before its migration has run, or
    after a test flushed it) the definition it was seeded from."""
    from .models import SHIPPED_FORMS, ReportForm

    found = ReportForm.objects.filter(code=code).first()
    if found is None:
        spec = next(f for f in SHIPPED_FORMS if f["code"] == code)
        found = ReportForm(**spec)
    return found


def form_for(duty):
    """The form a reporting duty takes (its code, picked on 报表格式), else the sector tree."""
    from .models import ReportForm

    return (ReportForm.objects.filter(code=duty.form).first() if duty.form else None) or shipped_form()


def compute(user, start, end, region=None, form=None):
    """The table as data: its form, header, rows (each of the form's rows, zeros included —
    for the sector-tree form every top-level 行业领域, in tree order), 合计. Counted by the one
    engine (reports.engine) from the records the user may read."""
    form = form or shipped_form()
    rows, total = engine.count(form.resolved_rows(), form.columns, user, start, end, region)
    columns = [(key, engine.MEASURES[key].label, engine.MEASURES[key].unit) for key in form.columns]
    return {"start": start, "end": end, "region": region, "rows": rows, "total": total, "columns": columns,
            "form": form, "units_row": form.units_row}


def period_label(start, end):
    """"2026年1月至11月（累计数）" as the official header has it; spans of years say both years."""
    if start.year == end.year:
        return f"{start.year}年{start.month}月至{end.month}月（累计数）"
    return f"{start.year}年{start.month}月至{end.year}年{end.month}月（累计数）"


def month_to_date(today):
    return datetime.date(today.year, 1, 1), today


def as_json(table):
    """Plain JSON-able dict (decimals as strings, dates ISO) for the command and the API."""
    def clean(r):
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in r.items() if k != "rule"}

    return {"period": {"from": table["start"].isoformat(), "to": table["end"].isoformat(),
                       "label": period_label(table["start"], table["end"])},
            "region": table["region"].code if table["region"] else None,
            "form": {"code": table["form"].code, "title": table["form"].title, "units_row": table["form"].units_row},
            "columns": [{"key": k, "label": label, "unit": unit} for k, label, unit in table["columns"]],
            "rows": [clean(r) for r in table["rows"]], "total": clean(table["total"])}
