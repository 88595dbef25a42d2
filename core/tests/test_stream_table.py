"""Exports written row by row (issue 23 §4): a ledger of any length costs the same memory, reads back
as the same table, keeps dates as dates and "=…" text as text."""

import datetime
import tracemalloc

from openpyxl import load_workbook

from core.excel import stream_table


def rows(n):
    for i in range(n):
        yield [f"WS-{i:06d}", "车辆灭火器过期" * 3, datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300), i * 1.5,
               "=HYPERLINK(\"http://x\")" if i == 0 else "乌审旗"]


def peak(n):
    tracemalloc.start()
    with stream_table("台账", ["编号", "名称", "日期", "金额", "备注"], rows(n)):
        pass
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def test_memory_does_not_grow_with_the_rows():
    small, large = peak(2_000), peak(20_000)
    assert large < small * 1.5, (small, large)


def test_the_streamed_sheet_reads_back_as_written():
    with stream_table("台账", ["编号", "名称", "日期", "金额", "备注"], rows(50), widths={"名称": 30}) as f:
        wb = load_workbook(f)
    ws = wb["台账"]
    assert [c.value for c in ws[1]] == ["编号", "名称", "日期", "金额", "备注"]
    assert ws[1][0].font.bold and ws.freeze_panes == "A2"
    assert ws.max_row == 51
    first = ws[2]
    assert first[0].value == "WS-000000" and first[2].value == datetime.datetime(2026, 1, 1)
    assert first[2].number_format == "yyyy-mm-dd"
    assert first[4].data_type == "s" and first[4].value.startswith("=HYPERLINK")  # text, not a formula
    assert ws.column_dimensions["B"].width == 30
