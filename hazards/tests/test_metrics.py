"""Every figure equals the records behind it, and its link lists exactly those records."""

import datetime
import io

import time_machine
from openpyxl import Workbook

from core.models import ImportBatch
from hazards import metrics
from hazards.models import Hazard, State

FAR = datetime.date.today() + datetime.timedelta(days=30)


def set_dates(h, discovered, closed=None, rectified=None, original=None):
    fields = {"discovered_on": discovered}
    if closed:
        fields["closed_at"] = datetime.datetime.combine(closed, datetime.time(10), tzinfo=datetime.timezone.utc)
    if rectified:
        fields["rectified_on"] = rectified
    if original:
        fields["original_deadline"] = original
    h = Hazard.objects.get(pk=h.pk)  # saved, as a correction is: the roll-ups move with it
    for name, value in fields.items():
        setattr(h, name, value)
    h.save(update_fields=list(fields))


def listed_numbers(client, query):
    page = client.get(f"/hazards/?{query}").content.decode()
    return {n for n in Hazard.objects.values_list("number", flat=True) if n in page}


def test_summary_counts_and_rates(world, make_hazard, client_for):
    closed_on_time = make_hazard(State.CLOSED)
    set_dates(closed_on_time, datetime.date(2025, 3, 1), rectified=datetime.date(2025, 3, 10),
              original=datetime.date(2025, 3, 31))
    closed_late = make_hazard(State.CLOSED, level="general")
    set_dates(closed_late, datetime.date(2025, 3, 1), rectified=datetime.date(2025, 5, 1),
              original=datetime.date(2025, 4, 1))
    make_hazard(State.RECTIFYING)
    make_hazard(State.REJECTED)
    s = metrics.summary(Hazard.objects.for_user(world.u.safety))
    assert (s["total"], s["major"], s["general"], s["closed"], s["rejected"]) == (3, 2, 1, 2, 1)
    assert s["close_rate"] == round(100 * 2 / 3, 1) and s["on_time_rate"] == 50.0
    assert s["funds"] == 2.5 * 2  # the two major hazards carry the 2.5 万元 plan
    client = client_for(world.u.safety)
    for name, (_, query) in metrics.figure_filters(datetime.date.today()).items():
        expected = set(Hazard.objects.filter(metrics.figure_filters(datetime.date.today())[name][0])
                       .values_list("number", flat=True))
        assert listed_numbers(client, query) == expected, name


def test_dynamic_clearance_stock_increment_and_zero(world, make_hazard, client_for):
    cutoff, target = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    cleared = make_hazard(State.CLOSED)  # found 2025, closed before target
    set_dates(cleared, datetime.date(2025, 5, 1), closed=datetime.date(2026, 3, 1))
    late = make_hazard(State.CLOSED)  # found 2025, closed after target
    set_dates(late, datetime.date(2025, 6, 1), closed=datetime.date(2026, 8, 1))
    still_open = make_hazard(State.RECTIFYING)  # found 2025, open
    set_dates(still_open, datetime.date(2025, 7, 1))
    before_cutoff = make_hazard(State.CLOSED)  # closed before the cut-off: not stock
    set_dates(before_cutoff, datetime.date(2025, 1, 1), closed=datetime.date(2025, 12, 1))
    new = make_hazard(State.RECTIFYING)  # found after the cut-off: increment
    set_dates(new, datetime.date(2026, 2, 1))
    general = make_hazard(State.RECTIFYING, level="general")  # not 重大: ignored
    set_dates(general, datetime.date(2025, 2, 1))
    qs = Hazard.objects.for_user(world.u.safety)
    (row,), links = metrics.clearance(qs, cutoff, target)
    assert (row["stock"], row["stock_open"], row["stock_cleared"]) == (3, 1, 1)
    assert (row["increment"], row["increment_open"], row["zero"]) == (1, 1, False)
    client = client_for(world.u.safety)
    assert listed_numbers(client, links["stock"]) == {cleared.number, late.number, still_open.number}
    assert listed_numbers(client, links["stock_open"]) == {still_open.number}
    assert listed_numbers(client, links["stock_cleared"]) == {cleared.number}
    assert listed_numbers(client, links["increment"]) == {new.number}
    by_sector, _ = metrics.clearance(qs, cutoff, target, "sector")
    assert [(r["label"], r["stock"]) for r in by_sector] == [("道路普通货物运输", 3)]


def test_clearance_reaches_zero_when_all_stock_closed_by_target(world, make_hazard):
    h = make_hazard(State.CLOSED)
    set_dates(h, datetime.date(2023, 5, 1), closed=datetime.date(2024, 6, 1))
    (row,), _ = metrics.clearance(Hazard.objects.all(), datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    assert row["stock"] == 1 and row["zero"] is True


def test_an_open_increment_is_not_cleared_in_any_row(world, make_hazard, client_for):
    """Issue 24 #2: a firm whose stock is closed (or that had none) but whose increment is open is not
    已清零 — one rule for the total, by sector, by unit and by enterprise."""
    cutoff, target = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    cleared = make_hazard(State.CLOSED)
    set_dates(cleared, datetime.date(2025, 5, 1), closed=datetime.date(2026, 3, 1))
    new = make_hazard(State.RECTIFYING)
    set_dates(new, datetime.date(2026, 2, 1))
    qs = Hazard.objects.for_user(world.u.safety)
    (total,), _ = metrics.clearance(qs, cutoff, target)
    assert (total["stock_zero"], total["increment_open"], total["zero"], total["state"]) == (True, 1, False, "增量未清零")
    for group in ("sector", "unit", "enterprise"):
        rows, _ = metrics.clearance(qs, cutoff, target, group)
        assert rows and all(not r["zero"] and r["state"] == "增量未清零" for r in rows if r["increment_open"]), group
    page = client_for(world.u.safety).get(f"/hazards/metrics/?cutoff={cutoff}&target={target}").content.decode()
    assert 'data-clear="no"' in page and 'data-clear="yes"' not in page
    assert 'data-testid="clear-state">增量未清零<' in page


def test_metrics_page_renders_and_is_scoped(world, make_hazard, client_for):
    make_hazard(State.RECTIFYING)
    page = client_for(world.u.safety).get("/hazards/metrics/").content.decode()
    assert 'data-kpi="total">1<' in page and "动态清零" in page
    page = client_for(world.u.safety_b).get("/hazards/metrics/").content.decode()
    assert 'data-kpi="total">0<' in page
    bad = client_for(world.u.safety).get("/hazards/metrics/?cutoff=abc&target=2026-13-01")
    assert bad.status_code == 200 and "有效的日期" in bad.content.decode()


def ledger(rows):
    from hazards.spreadsheet import IMPORT_COLUMNS

    wb = Workbook()
    wb.active.append(IMPORT_COLUMNS)
    for r in rows:
        wb.active.append([r.get(c) for c in IMPORT_COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "台账.xlsx"
    return buf


@time_machine.travel(datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone.utc))
def test_importing_a_ledger_all_or_nothing(world, client_for, sectors):
    good = {"隐患名称": "停车场消防器材过期", "隐患等级": "一般", "行业领域": "道路普通货物运输",
            "统一社会信用代码": world.alice_ent.credit_code, "发现日期": "2025-03-02", "隐患描述": "灭火器过期",
            "状态": "已销号", "销号日期": "2025-03-20", "整改期限": "2025-03-31"}
    bad = dict(good, 隐患名称="罐车超载", 隐患等级="重大", 统一社会信用代码=world.charlie_ent.credit_code)
    client = client_for(world.u.safety)
    client.post("/hazards/import/", {"file": ledger([good, bad])})
    batch = ImportBatch.objects.get()
    messages = {(e["row"], e["column"]) for e in batch.errors}
    assert messages == {(3, "统一社会信用代码"), (3, "判定标准编号")}
    client.post(f"/hazards/import/{batch.pk}/commit/", {"action": "commit"})
    assert not Hazard.objects.exists()
    client.post("/hazards/import/", {"file": ledger([good])})
    batch = ImportBatch.objects.latest("id")
    assert batch.errors == []
    client.post(f"/hazards/import/{batch.pk}/commit/", {"action": "commit"})
    h = Hazard.objects.get()
    assert (h.state, h.enterprise, h.closed_at.date().isoformat()) == ("closed", world.alice_ent, "2025-03-20")
    assert h.events.get().type == "imported"
    assert h.number.startswith("510101-2025-")


def test_a_unit_cannot_import_outside_its_sectors(world, client_for):
    row = {"隐患名称": "x", "隐患等级": "一般", "行业领域": "道路普通货物运输", "统一社会信用代码": world.alice_ent.credit_code,
           "发现日期": "2025-03-02", "隐患描述": "d"}
    client_for(world.u.highway).post("/hazards/import/", {"file": ledger([row])})
    cols = {e["column"] for e in ImportBatch.objects.get().errors}
    assert cols == {"行业领域", "统一社会信用代码"}


def test_breakdowns_equal_direct_counts(world, make_hazard, sectors):
    from hazards import services

    from .conftest import photo

    make_hazard(State.CLOSED)
    make_hazard(State.RECTIFYING, level="general")
    services.report_hazard(world.u.highway, {"title": "护栏缺失", "description": "d", "sector": sectors["bridge"],
                                             "place_name": "甲县大桥", "region": world.a, "source": "supervision"},
                           [photo()])
    qs = Hazard.objects.for_user(world.u.safety)
    page = metrics.page_figures(qs)
    for group, field in (("sector", "sector_id"), ("unit", "supervising_unit_id"), ("source", "source")):
        for r in page[f"by_{group}"]:
            direct = qs.filter(**{field: r["key"]}).exclude(state="rejected")
            assert r["total"] == direct.count(), (group, r["label"])
            assert r["closed"] == direct.filter(state="closed").count()
        assert sum(r["total"] for r in page[f"by_{group}"]) == page["summary"]["total"] == 3
    assert page["summary"]["by_state"] == {"closed": 1, "rectifying": 1, "reported": 1}


def test_clearance_groups_sum_to_the_total(world, make_hazard, sectors):
    for state in (State.CLOSED, State.RECTIFYING, State.CONFIRMED):
        make_hazard(state)
    qs = Hazard.objects.for_user(world.u.safety)
    cutoff, target = datetime.date.today() + datetime.timedelta(days=1), datetime.date.today() + datetime.timedelta(days=9)
    (total,), _ = metrics.clearance(qs, cutoff, target)
    for group in ("sector", "unit", "enterprise"):
        rows, _ = metrics.clearance(qs, cutoff, target, group)
        assert sum(r["stock"] for r in rows) == total["stock"] == 2  # the closed one is not stock
        assert sum(r["stock_open"] for r in rows) == total["stock_open"] == 2
    rows, _ = metrics.clearance(qs, cutoff, target, "enterprise")
    assert [r["label"] for r in rows] == [world.alice_ent.name]


def test_metrics_filter_by_words_like_the_list(world, make_hazard, client_for):
    """The metrics page takes the list's filters, the full-text ?q= included (issue 17 #10: it
    answered 500 on SQLite, the search being a WHERE on a table the page's subqueries rename)."""
    make_hazard(State.RECTIFYING)
    client = client_for(world.u.safety)
    found = client.get("/hazards/metrics/", {"q": "车辆"})
    assert found.status_code == 200 and 'data-kpi="total">1<' in found.content.decode()
    none = client.get("/hazards/metrics/", {"q": "anything"})
    assert none.status_code == 200 and 'data-kpi="total">0<' in none.content.decode()
    assert client.get("/hazards/", {"q": "车辆"}).context["table"].paginator.count == 1


def test_the_enterprise_ranking_cut_in_sql_is_the_head_of_the_whole_ranking(world, make_hazard):
    """The metrics page's 按企业（前50）: ranked and cut by the database (a province has tens of
    thousands of firms), the same rows in the same order as the whole ranking's head."""
    cutoff, target = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    firms = [world.alice_ent, world.alice_ent, world.bob_ent, None, world.charlie_ent]
    found = [datetime.date(2025, 3, 1)] * 4 + [datetime.date(2026, 2, 1)]  # the last is increment
    for firm, day in zip(firms, found):
        h = make_hazard(State.RECTIFYING)
        set_dates(h, day)
        Hazard.objects.filter(pk=h.pk).update(enterprise=firm, place_name="" if firm else "G65 K12")
    qs = Hazard.objects.all()
    whole, _ = metrics.clearance(qs, cutoff, target, "enterprise")
    assert [(r["label"], r["stock_open"], r["increment"]) for r in whole] == [
        (world.alice_ent.name, 2, 0), (world.bob_ent.name, 1, 0), ("（未指定）", 1, 0), (world.charlie_ent.name, 0, 1)]
    for limit in range(1, 6):
        assert metrics.clearance(qs, cutoff, target, "enterprise", limit=limit)[0] == whole[:limit], limit


def test_metrics_follow_a_report_rows_rule_like_the_list(world, make_hazard, client_for):
    """A report figure's link carries its row's rule (?row_sectors=…): the metrics count that row's hazards,
    as the list does, not the whole scope's roll-up."""
    make_hazard()  # alice's road freight
    client = client_for(world.u.safety)
    assert 'data-kpi="total">1<' in client.get("/hazards/metrics/").content.decode()
    assert 'data-kpi="total">1<' in client.get("/hazards/metrics/", {"row_sectors": "road"}).content.decode()
    bridges = client.get("/hazards/metrics/", {"row_sectors": "bridge"})
    assert 'data-kpi="total">0<' in bridges.content.decode()
    assert client.get("/hazards/", {"row_sectors": "bridge"}).context["table"].paginator.count == 0


def test_a_report_rows_rule_travels_with_every_metrics_link(world, make_hazard, client_for):
    """Each figure on the metrics page links to the list that shows its number: under a report row's rule the
    links carry the rule (KPIs, breakdowns, 动态清零), the page says so, and the period form keeps it."""
    from lxml import html

    make_hazard()  # alice's road freight: in the 道路运输 row, not in 桥梁
    client = client_for(world.u.safety)
    for rule, expected in (("road", 1), ("bridge", 0)):
        page = client.get("/hazards/metrics/", {"row_sectors": rule})
        doc = html.fromstring(page.content.decode())
        assert doc.xpath("//*[@data-testid='row-rule']")
        assert doc.xpath(f"//form//input[@name='row_sectors'][@value='{rule}']")
        total = doc.xpath("//*[@data-kpi='total']/ancestor::a")[0].get("href")
        assert f"row_sectors={rule}" in total
        assert client.get(total).context["table"].paginator.count == expected
        links = [a.get("href") for a in doc.xpath("//a[starts-with(@href, '/hazards/?')]")]
        assert links and all(f"row_sectors={rule}" in href for href in links), links
    assert not html.fromstring(client.get("/hazards/metrics/").content.decode()).xpath("//*[@data-testid='row-rule']")


def test_clearance_links_under_a_period_list_each_figures_number(world, make_hazard, client_for):
    """The page counted over a 发现日期 range: each 动态清零 figure links to the list of exactly its hazards
    (the range kept in the stock links; the increment from the later of the cutoff and the range's start)."""
    from lxml import html

    dates = {"old_open": (datetime.date(2025, 3, 1), None), "in_open": (datetime.date(2025, 9, 1), None),
             "in_cleared": (datetime.date(2025, 10, 1), datetime.date(2026, 2, 1)),
             "new_early": (datetime.date(2026, 1, 10), None), "new_late": (datetime.date(2026, 3, 10), None),
             "after": (datetime.date(2026, 5, 10), None)}
    made = {}
    for name, (found, closed) in dates.items():
        made[name] = make_hazard(State.CLOSED if closed else State.RECTIFYING)
        set_dates(made[name], found, closed=closed)
    client = client_for(world.u.safety)
    page = client.get("/hazards/metrics/", {"discovered_from": "2025-06-01", "discovered_to": "2026-04-30",
                                            "cutoff": "2026-02-01", "target": "2026-06-30"})
    doc = html.fromstring(page.content.decode())
    links = doc.xpath("//*[@data-testid='clearance']//a")
    # 存量 (found before the cutoff within the range, open at it), 仍未销号, 目标日前已销号, 增量, 增量未销号
    assert [int(a.text_content()) for a in links] == [3, 2, 1, 1, 1]
    for a in links:
        assert client.get(a.get("href")).context["table"].paginator.count == int(a.text_content()), a.get("href")
    numbers = {name: h.number for name, h in made.items()}
    assert listed_numbers(client, links[0].get("href").split("?", 1)[1]) == {
        numbers["in_open"], numbers["in_cleared"], numbers["new_early"]}
    assert listed_numbers(client, links[3].get("href").split("?", 1)[1]) == {numbers["new_late"]}
