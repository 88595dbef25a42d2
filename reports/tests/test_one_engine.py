"""The 执法月报表 and the 调度统计表 count from one engine (core.stats): a firm given two
责令限期整改 in two 道路运输 sub-sectors is one 家 in the row and in 合计 of both tables."""

import datetime

import pytest

from org.models import Sector

from inspections import monthly
from inspections.models import EnforcementAction
from reports import dispatch

pytestmark = pytest.mark.django_db


def order(world, sector, day):
    return EnforcementAction.objects.create(
        kind=EnforcementAction.Kind.ORDER, region=world.a, sector=sector, enterprise=world.alice_ent,
        facts="未按规定开展隐患排查", legal_basis="《安全生产法》第一百零二条", decided_on=day,
        deadline=day + datetime.timedelta(days=30), created_by=world.u.safety)


def test_one_firm_in_two_sub_sectors_is_one_firm_in_both_tables(world, sectors):
    day = datetime.date(2026, 11, 10)
    order(world, sectors["road-freight"], day)
    order(world, sectors["road-dangerous-goods"], day)
    order(world, sectors["bridge"], day)  # and once more in another top-level sector

    month = monthly.monthly_report(world.u.safety, 2026, 11)
    table = dispatch.compute(world.u.safety, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))

    for rows, total in ((month["rows"], month["total"]), (table["rows"], table["total"])):
        by_name = {r["sector"]: r["order"] for r in rows if r["order"]}
        assert by_name == {"道路运输": 1, "公路运营": 1}
        # Every top-level 行业领域 is a row, zeros printed (issue 19 #2).
        assert {r["sector"] for r in rows} == set(Sector.objects.filter(depth=0, active=True).values_list("name", flat=True))
        assert total["order"] == 1  # one firm in 合计, though it appears in two rows
    assert month["year_total"]["order"] == 1


def test_both_tables_print_in_the_one_official_layout(world, sectors):
    """The 执法月报表 and the 调度统计表 come out of one writer (core.excel.official_form): the
    same title style, boxed and centred body, bold 合计, A4 landscape fitted to the width."""
    import io

    from openpyxl import load_workbook

    from reports.exports import dispatch_xlsx

    order(world, sectors["road-freight"], datetime.date(2026, 11, 10))
    month = monthly.monthly_report(world.u.safety, 2026, 11)
    table = dispatch.compute(world.u.safety, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    sheets = [load_workbook(io.BytesIO(body)).active for body in (
        monthly.monthly_xlsx(month, "甲县交通运输局"), dispatch_xlsx(table, "调度统计表", "甲县交通运输局"))]
    for ws in sheets:
        assert ws["A1"].font.b and ws["A1"].font.sz == 16 and "A1" in str(ws.merged_cells)
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        totals = [r for r in ws.iter_rows() if r[0].value == "合计"]
        assert len(totals) == 1 and totals[0][0].font.b and totals[0][1].border.left.style == "thin"
        assert totals[0][1].alignment.horizontal == "center"
    month_ws, dispatch_ws = sheets
    assert month_ws.print_title_rows == "$3:$3" and dispatch_ws.print_title_rows == "$4:$6"
    assert [c.value for c in month_ws[month_ws.max_row - 2]][0] == "本年累计"
