"""Issued forms as data (issue 19 #1, #2): attachment 2 of the Yunxi plan prints its seven rows
and 合计 whatever the records, zeros included, and every cell of every row — for several periods
and regions — equals an independent recount done here in Python from the records themselves."""

import datetime
import io
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from hazards.models import Hazard
from inspections.models import EnforcementAction, Inspection
from org.models import Region, Sector, Theme, User
from reports import dispatch
from reports.engine import MEASURES
from reports.models import ReportForm

YUNXI_ROWS = ["1 建设领域", "2.烟花爆竹安全", "3.交通安全", "4.文化体育旅游", "5.学生安全", "6.自然灾害", "7.其他", "合计"]
UNITS = ["个", "人次", "家", "项", "项", "项", "项", "%", "%", "家", "家", "家"]


@pytest.fixture
def province(db, sectors, themes):
    """The synthetic province of generate_data, a third of its records tagged with a theme."""
    call_command("generate_data", enterprises=150, hazards=600, inspections=200, actions=200, seed=19,
                 stdout=StringIO())
    rng = random.Random(19)
    themes = list(Theme.objects.all())
    for model in (Hazard, Inspection, EnforcementAction):
        for pk in model.objects.values_list("pk", flat=True):
            if rng.random() < 0.35:
                model.objects.filter(pk=pk).update(theme=rng.choice(themes))
    return Region.objects.get(code="990000")


def reader(region):
    return User(role="safety_office", region=region, is_active=True, username="recount")


def row_of(record, rows, paths):
    """Which row a record counts in, decided here independently of the engine: theme rows
    first, then sector rows in order, then 其他."""
    theme = record.theme.code if record.theme_id else None
    ordered = ([r for r in rows if r["rule"].get("themes")] + [r for r in rows if r["rule"].get("sectors")]
               + [r for r in rows if r["rule"].get("other")])
    for r in ordered:
        rule = r["rule"]
        if theme and theme in rule.get("themes", ()):
            return r["label"]
        if any(record.sector.path.startswith(paths[c]) for c in rule.get("sectors", ()) if c in paths):
            return r["label"]
        if rule.get("other"):
            return r["label"]
    return None


def pct(done, total):
    return None if not total else (Decimal(done) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def recount(form, region, start, end):
    rows = form.resolved_rows()
    paths = dict(Sector.objects.values_list("code", "path"))
    labels = [r["label"] for r in rows]
    cells = {label: {"insp": [], "haz": [], "act": []} for label in labels}
    within = {"region__path__startswith": region.path}
    for i in (Inspection.objects.filter(status="completed", done_on__gte=start, done_on__lte=end, **within)
              .select_related("sector", "theme").prefetch_related("members", "experts", "targets")):
        label = row_of(i, rows, paths)
        if label:
            cells[label]["insp"].append(i)
    for h in (Hazard.objects.filter(discovered_on__gte=start, discovered_on__lte=end, **within)
              .exclude(state="rejected").select_related("sector", "theme")):
        label = row_of(h, rows, paths)
        if label:
            cells[label]["haz"].append(h)
    for a in EnforcementAction.objects.filter(decided_on__gte=start, decided_on__lte=end, **within).select_related(
            "sector", "theme"):
        label = row_of(a, rows, paths)
        if label:
            cells[label]["act"].append(a)
    accepted_by = end + datetime.timedelta(days=1)

    def figures(insp, haz, act):
        from django.utils import timezone

        done = [h for h in haz if h.accepted_at and timezone.localtime(h.accepted_at).date() < accepted_by]
        f = {"teams": len(insp), "people": sum(i.members.count() + i.experts.count() for i in insp),
             "units": len({t.enterprise_id for i in insp for t in i.targets.all() if t.enterprise_id}),
             "major": sum(h.level == "major" for h in haz), "general": sum(h.level == "general" for h in haz),
             "major_done": sum(h.level == "major" for h in done), "general_done": sum(h.level == "general" for h in done),
             "order": len({a.enterprise_id for a in act if a.kind == "order" and a.enterprise_id}),
             "penalty": len({a.enterprise_id for a in act if a.kind in ("penalty", "dual_penalty") and a.enterprise_id}),
             "suspension": len({a.enterprise_id for a in act if a.kind == "suspension" and a.enterprise_id})}
        f["major_rate"], f["general_rate"] = pct(f["major_done"], f["major"]), pct(f["general_done"], f["general"])
        return f

    out = {label: figures(c["insp"], c["haz"], c["act"]) for label, c in cells.items()}
    out["合计"] = figures(*[[x for c in cells.values() for x in c[k]] for k in ("insp", "haz", "act")])
    return out


def test_every_cell_of_the_issued_form_equals_an_independent_recount(province, tmp_path, client):
    """One generated province (a few seconds to build) serves the four checks below."""
    check_the_issued_form(province)
    check_the_sector_tree_form(province)
    check_the_command(tmp_path)
    check_every_figure_links_to_its_records(province, client)
    check_the_enforcement_monthly_columns(province)


MONTHLY_KEYS = {"inspections": "checks", "targets": "checked_firms", "hazards": "found", "major": "found_major",
                "order": "order", "penalty": "cases", "fine": "fine", "suspension": "suspension",
                "interview": "interview", "exposure": "exposure", "blacklist": "blacklist",
                "dual_penalty": "dual_penalty", "transfer": "transfer"}


def check_the_enforcement_monthly_columns(province):
    """The engine's 执法月报 measures over the sector tree give the 执法月报表's figures, row by row,
    for the month and for the year to date."""
    from inspections.monthly import KEYS, monthly_report
    from reports.engine import MONTHLY_COLUMNS, count

    assert [MONTHLY_KEYS[k] for k in KEYS] == MONTHLY_COLUMNS
    user = reader(province)
    rows = ReportForm.objects.get(code="sector-tree").resolved_rows()
    today = datetime.date.today()
    compared = nonzero = 0
    for month in sorted({today.month, max(1, today.month - 1)}):
        report = monthly_report(user, today.year, month, province)
        start = datetime.date(today.year, month, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        for first, expected_rows, expected_total in [(start, report["rows"], report["total"]),
                                                      (datetime.date(today.year, 1, 1), None, report["year_total"])]:
            body, total = count(rows, MONTHLY_COLUMNS, user, first, end, province)
            pairs = [(total, expected_total)]
            if expected_rows is not None:
                assert [r["label"] for r in body] == [r["sector"] for r in expected_rows]
                pairs += list(zip(body, expected_rows))
            for got, want in pairs:
                for key in KEYS:
                    assert got[MONTHLY_KEYS[key]] == want[key], (month, want["sector"], key)
                    compared += 1
                    nonzero += bool(want[key])
    assert compared >= 13 * 10 and nonzero > 20


def check_every_figure_links_to_its_records(province, client):
    """Each figure of the issued form — theme rows, sector rows and 其他 alike — links to the list
    showing the same number (the lists filter by the form's row rules, org.rows)."""
    from reports.tests.test_dispatch import LIST_FIGURE, figure_on_list
    from reports.views import links

    user = User.objects.create(username="prov-links", role="safety_office", region=province)
    client.force_login(user)
    today = datetime.date.today()
    table = dispatch.compute(user, datetime.date(today.year, 1, 1), today, form=ReportForm.objects.get(code="yunxi-2023"))
    urls = links(table)
    checked = nonzero = 0
    for row in [*table["rows"], table["total"]]:
        for key, (kind, total_key) in LIST_FIGURE.items():
            assert figure_on_list(client, urls[row["label"]][key], kind, total_key) == row[key], (row["label"], key)
            checked += 1
            nonzero += bool(row[key])
    assert checked == 8 * len(LIST_FIGURE) and nonzero > 30


def check_the_issued_form(province):
    form = ReportForm.objects.get(code="yunxi-2023")
    today = datetime.date.today()
    cities = list(Region.objects.filter(parent=province).order_by("code")[:2])
    compared = nonzero = 0
    for region in [province, *cities]:
        for start, end in [(datetime.date(today.year, 1, 1), today), (today - datetime.timedelta(days=90), today)]:
            table = dispatch.compute(reader(region), start, end, region, form=form)
            assert [r["label"] for r in [*table["rows"], table["total"]]] == YUNXI_ROWS
            expected = recount(form, region, start, end)
            for r in [*table["rows"], table["total"]]:
                for key in form.columns:
                    assert r[key] == expected[r["label"]][key], (region.name, start, r["label"], key)
                    compared += 1
                    nonzero += bool(r[key])
    assert compared == 3 * 2 * 8 * 12  # 576 cells: three regions, two periods, 8 rows, 12 columns
    assert nonzero > 100
    # Themes took their records: the campaign rows are not all zero.
    year = dispatch.compute(reader(province), datetime.date(today.year, 1, 1), today, province, form=form)
    assert any(year["rows"][1][k] for k in ("major", "general", "teams"))


def check_the_sector_tree_form(province):
    form = ReportForm.objects.get(code="sector-tree")
    today = datetime.date.today()
    start = datetime.date(today.year, 1, 1)
    table = dispatch.compute(reader(province), start, today, province, form=form)
    tops = list(Sector.objects.filter(depth=0, active=True).order_by("path").values_list("name", flat=True))
    assert [r["label"] for r in table["rows"]] == tops
    expected = recount(form, province, start, today)
    for r in [*table["rows"], table["total"]]:
        assert {k: r[k] for k in form.columns} == expected[r["label"]], r["label"]


def check_the_command(tmp_path):
    today = datetime.date.today()
    json_path = tmp_path / "yunxi.json"
    call_command("dispatch_report", "--form", "yunxi-2023", "--from", f"{today.year}-01-01", "--to", today.isoformat(),
                 "--region", "990000", "--format", "json", "--out", str(json_path), stdout=StringIO())
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [r["label"] for r in data["rows"]] + [data["total"]["label"]] == YUNXI_ROWS
    assert [c["unit"] for c in data["columns"]] == UNITS
    path = tmp_path / "yunxi.xlsx"
    call_command("dispatch_report", "--form", "yunxi-2023", "--from", f"{today.year}-01-01", "--to", today.isoformat(),
                 "--region", "990000", "--format", "xlsx", "--out", str(path), stdout=StringIO())
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet["A1"].value == "压测省交通运输系统安全生产督查情况统计表"
    assert [c.value for c in sheet[6]][1:] == UNITS  # the units row as printed
    assert [sheet.cell(r, 1).value for r in range(7, 15)] == YUNXI_ROWS
    assert all(sheet.cell(r, c).value is not None for r in range(7, 15) for c in range(2, 14))  # zeros, not blanks
    bad = StringIO()
    with pytest.raises(Exception, match="未找到报表格式"):
        call_command("dispatch_report", "--form", "nope", "--from", "2026-01-01", "--to", "2026-02-01", stdout=bad)


def test_the_issued_form_prints_its_units_row_as_issued():
    from reports.models import SHIPPED_FORMS

    yunxi = next(f for f in SHIPPED_FORMS if f["code"] == "yunxi-2023")
    assert [MEASURES[k].unit for k in yunxi["columns"]] == UNITS
    assert [r["label"] for r in yunxi["rows"]] == YUNXI_ROWS[:-1]
