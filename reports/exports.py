"""The 调度统计表 as .xlsx in the official layout (core.excel.official_form): title, 填报单位,
period, a merged two-row header (排查治理隐患 and 监管执法 over their columns), the units row,
one row per 行业领域, 合计, the sign-off footer."""

from core.excel import official_cell, official_form

from .dispatch import period_label
from .engine import groups


def dispatch_xlsx(table, title, unit_name, signoff=None):
    signoff = signoff or {}
    columns = table["columns"]
    rows = [[r["sector"], *[official_cell(r[key]) for key, *_ in columns]] for r in [*table["rows"], table["total"]]]
    units_row = table.get("units_row", True)
    office = f"（{signoff['office']}）" if signoff.get("office") else ""
    footer = [f"单位负责人（签字）：{signoff.get('head', '')}", "", "", "", f"填表人（签字）：{signoff.get('filler', '')}{office}",
              "", "", f"填报日期：{signoff.get('date', '')}", "", "", f"联系电话：{signoff.get('phone', '')}"]
    return official_form(
        "调度统计表", title,
        [(f"填报单位（章）：{unit_name}", 6, False), (period_label(table["start"], table["end"]), None, True)],
        [label for _, label, _ in columns], rows, groups=groups([key for key, *_ in columns]),
        units=[unit for *_, unit in columns] if units_row else None,
        footer=footer, number_formats={i: "0.0" if key.endswith("rate") else "0.00"
                                       for i, (key, _label, unit) in enumerate(columns, start=1)
                                       if key.endswith("rate") or unit == "万元"})
