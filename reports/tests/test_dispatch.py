"""Every figure of the 调度统计表 equals what its linked list shows, and the screen,
.xlsx, PDF and JSON carry the same numbers."""

import datetime
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from org.models import User
from reports import dispatch
from reports.views import links

LIST_FIGURE = {  # column → how the linked list page states the figure
    "teams": ("inspections", "teams"), "people": ("inspections", "people"), "units": ("inspections", "units"),
    "major": ("hazards", None), "general": ("hazards", None), "major_done": ("hazards", None),
    "general_done": ("hazards", None), "order": ("actions", "firms"), "penalty": ("actions", "firms"),
    "suspension": ("actions", "firms"),
}


def figure_on_list(client, url, kind, key):
    response = client.get(url)
    assert response.status_code == 200, url
    if kind == "hazards":
        return response.context["table"].paginator.count
    html = response.content.decode()
    return int(re.search(rf'data-total="{key}">(\d+)<', html).group(1))


def check_truth(client, user, start, end):
    table = dispatch.compute(user, start, end)
    urls = links(table)
    checked = 0
    for row in [*table["rows"], table["total"]]:
        for key, (kind, total_key) in LIST_FIGURE.items():
            if not row[key] and checked > 40:
                continue  # zeros are cheap to trust once enough figures were checked
            assert figure_on_list(client, urls[row["label"]][key], kind, total_key) == row[key], (row["sector"], key)
            checked += 1
    return table


@pytest.fixture
def demo(demo_db):
    return User.objects.get(username="safety")


def test_demo_county_figures_equal_their_lists(demo, client):
    client.force_login(demo)
    today = datetime.date.today()
    table = check_truth(client, demo, datetime.date(today.year - 3, 1, 1), today)
    assert table["total"]["teams"] >= 1 and table["total"]["major"] + table["total"]["general"] > 0
    assert table["total"]["order"] >= 1 and table["total"]["penalty"] >= 1


def test_generated_province_figures_equal_their_lists(db, client, sectors):
    call_command("generate_data", enterprises=300, hazards=1500, inspections=400, actions=300, seed=11,
                 stdout=StringIO())
    from org.models import Region

    province = User.objects.create(username="prov-safety", role="safety_office",
                                   region=Region.objects.get(code="990000"))
    client.force_login(province)
    today = datetime.date.today()
    table = check_truth(client, province, datetime.date(today.year, 1, 1), today)
    assert table["total"]["teams"] > 0 and table["total"]["major"] > 0
    assert 2 * table["total"]["teams"] <= table["total"]["people"] <= 5 * table["total"]["teams"]
    # 合计 counts distinct firms over all rows: never more than the sum of the rows.
    assert table["total"]["order"] <= sum(r["order"] for r in table["rows"])


def test_screen_xlsx_pdf_and_json_carry_the_same_numbers(demo, client, tmp_path):
    client.force_login(demo)
    today = datetime.date.today()
    start = datetime.date(today.year - 3, 1, 1)
    query = f"?start={start.isoformat()}&end={today.isoformat()}"
    table = dispatch.compute(demo, start, today)
    html = client.get(f"/reports/dispatch/{query}").content.decode()
    total_tr = re.search(r'<tr data-row="total".*?</tr>', html, re.S).group(0)
    totals_html = re.findall(r'<td data-key="(\w+)">(?:<a [^>]*>)?([^<]*)<', total_tr)
    screen = {k: v.strip() for k, v in totals_html[:len(dispatch.COLUMNS)]}
    sheet = load_workbook(io.BytesIO(client.get(f"/reports/dispatch.xlsx{query}").content)).active
    total_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "合计")
    out = tmp_path / "d.json"
    call_command("dispatch_report", "--from", start.isoformat(), "--to", today.isoformat(), "--region",
                 demo.region.code, "--format", "json", "--out", str(out), stdout=StringIO())
    js = json.loads(out.read_text())["total"]
    pdf = client.get(f"/reports/dispatch.pdf{query}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for i, (key, _, _) in enumerate(dispatch.COLUMNS, start=1):
        value = table["total"][key]
        expected = "—" if value is None else str(value)
        assert screen[key] == expected, key
        assert total_row[i] == "—" if value is None else float(total_row[i]) == float(value), key
        assert (js[key] is None and value is None) or str(js[key]) == str(value), key


def test_the_xlsx_has_the_official_layout(demo, client):
    client.force_login(demo)
    sheet = load_workbook(io.BytesIO(client.get("/reports/dispatch.xlsx").content)).active
    assert sheet["A1"].value.endswith("交通运输系统安全生产督查情况统计表")
    assert sheet["A2"].value.startswith("填报单位（章）")
    assert "（累计数）" in sheet["A3"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A4:A5", "E4:J4", "K4:M4", "B4:B5"} <= merged
    assert [c.value for c in sheet[6]][1:4] == ["个", "人次", "家"]
    assert sheet.page_setup.orientation == "landscape"
    assert any(str(c.value or "").startswith("填表人") for row in sheet.iter_rows() for c in row)


def test_the_form_carries_the_bureau_every_row_and_rates_with_one_decimal(demo, client):
    """Issue 19 #2: 填报单位 is the bureau (the 股室 that prepared it is in the footer); every
    top-level 行业领域 is a row, zeros included; 整改率 cells are formatted 0.0."""
    from org.models import Sector

    client.force_login(demo)
    sheet = load_workbook(io.BytesIO(client.get("/reports/dispatch.xlsx").content)).active
    assert sheet["A2"].value == "填报单位（章）：乌审旗交通运输局"
    assert demo.unit.kind == "office" and any(demo.unit.name in str(c.value or "") for c in sheet[sheet.max_row])
    labels = [sheet.cell(r, 1).value for r in range(7, sheet.max_row + 1)]
    tops = list(Sector.objects.filter(depth=0, active=True).order_by("path").values_list("name", flat=True))
    assert labels[:len(tops)] == tops and labels[len(tops)] == "合计"
    zero_rows = [r for r in range(7, 7 + len(tops)) if all(sheet.cell(r, c).value in (0, "—") for c in range(2, 14))]
    assert zero_rows, "the demo county has sectors without records: their rows print zeros"
    rate_columns = [c for c in range(2, 14) if sheet.cell(5, c).value in ("重大隐患整改率", "其他隐患整改率")]
    assert len(rate_columns) == 2
    assert all(sheet.cell(r, c).number_format == "0.0" for r in range(7, 8 + len(tops)) for c in rate_columns)
    page = client.get("/reports/dispatch/").content.decode()
    assert f"填报单位：乌审旗交通运输局（{demo.unit.name}填报）" in page


def test_bad_periods_and_access(demo, client):
    client.force_login(demo)
    r = client.get("/reports/dispatch/?start=2026-05-01&end=2026-01-01")
    assert r.status_code == 200 and "结束日期不能早于开始日期" in r.content.decode()
    client.force_login(User.objects.get(username="enterprise"))
    assert client.get("/reports/dispatch/").status_code == 403
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式"):
        call_command("dispatch_report", "--from", "2026-13-01", "--to", "2026-12-01", stdout=StringIO())
