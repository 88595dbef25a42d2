"""The scope door filters by indexed ids (issue 23 §1): a county user's hazards, inspections and
enterprises are `region_id IN (SELECT id FROM region WHERE path LIKE …)` against the row's own key,
never a region joined per row — and the database's plan reads them through an index on region."""

import datetime

import pytest
from django.db import connection

from enterprises.models import Enterprise
from hazards.models import Hazard
from inspections.models import Inspection


def plan(qs):
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny test tables are cheaper to scan; forbid that so the plan shows which index serves.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            # The plan a large table gets: no statistics from an earlier test's few rows (ANALYZE's figures
            # stay with the connection after its transaction is rolled back). They are deleted, and a schema
            # change (an index made and dropped, undone with the test) makes the connection read them again.
            cursor.execute("SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
                cursor.execute("CREATE INDEX zb_reload_stats ON org_region (code)")
                cursor.execute("DROP INDEX zb_reload_stats")
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize("model, table, ordered", [
    (Hazard, "hazards_hazard", ("-reported_at", "-id")),
    (Inspection, "inspections_inspection", ("-planned_on", "-id")),
    # The enterprise scope alone (its counts and figures): ordered by id, PostgreSQL may walk a tiny table
    # by its primary key and probe the region per row, which says nothing about the scope's shape.
    (Enterprise, "enterprises_enterprise", ()),
])
def test_a_county_reads_its_rows_through_the_region_index(world, model, table, ordered):
    user = world.u.safety
    qs = model.objects.for_user(user).order_by(*ordered).values("id")
    sql = str(qs.query).lower()
    assert f'"{table}"."region_id" in (select "id" from "org_region" where "path" like' in sql, sql
    assert 'join "org_region"' not in sql, sql
    # PostgreSQL, on a test's near-empty table, may walk the ORDER BY's index instead (a costing of one
    # row, not the scope's shape): there the scope's filter alone is planned.
    shown = plan(qs if connection.vendor == "sqlite" else qs.order_by())
    region_indexes = [name for name in index_names(table) if "region" in name]
    assert any(name in shown for name in region_indexes), (region_indexes, shown)


def index_names(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [name for name, c in constraints.items() if c["index"] and c["columns"] and c["columns"][0] == "region_id"]


def test_a_county_dashboard_trend_is_a_range_on_its_index(world, sectors):
    """The per-month trend filters a county's hazards by date with the (region, discovered_on) index. SQLite's
    plan says so. PostgreSQL chooses between that index and the date's own by statistics a test's near-empty
    table does not have (the full suite's order decides): there the query is checked to be a range on the
    indexed columns, and the index to exist."""
    qs = Hazard.objects.for_user(world.u.safety).filter(discovered_on__gte=datetime.date(2026, 1, 1)).values("id")
    if connection.vendor == "sqlite":
        shown = plan(qs)
        assert any(name in shown for name in index_names("hazards_hazard")), shown
        return
    sql = str(qs.query)
    assert '"hazards_hazard"."region_id" IN (SELECT' in sql and '"hazards_hazard"."discovered_on" >= 2026-01-01' in sql
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "hazards_hazard")
    assert any(c["index"] and c["columns"][:2] == ["region_id", "discovered_on"] for c in constraints.values())


def test_the_province_aggregates_read_their_covering_index(world, sectors):
    """动态清零 (the 重大 hazards' dates and groups) and the metrics' 逾期 (the open ones past their
    deadline) are read from an index that holds every column they use. SQLite's plan says so (COVERING
    INDEX); PostgreSQL picks among indexes by statistics a test's near-empty tables do not have, so there
    the index is checked to hold every column the query reads."""
    from hazards import metrics, tally

    qs = Hazard.objects.for_user(world.u.safety)
    clearance = metrics._clearance_groups(qs, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30),
                                          ("sector_id", "supervising_unit_id"))
    overdue = tally.overdue_groups(qs, datetime.date(2026, 11, 30))
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "hazards_hazard")
    for query, index in ((clearance, "hazard_major_clearance"), (overdue, "hazard_open_overdue")):
        read = {c.column for c in Hazard._meta.concrete_fields if f'"hazards_hazard"."{c.column}"' in str(query.query)}
        assert read - {"id"} <= set(indexes[index]["columns"]), (index, read)
        if connection.vendor == "sqlite":
            assert f"COVERING INDEX {index}" in plan(query)


def test_a_county_search_is_led_by_its_region_not_by_the_province_matches(world, sectors, monkeypatch):
    """A county's full-text search for a common word reads the county's rows and probes the matches:
    the word may match a fifth of a province's register. SQLite: the region index drives and the match
    list is a subquery probed per row, never the outer loop fetching every match by key; a rare word
    (few matches) is its rows by key. PostgreSQL: the scope's region ids and the match on the row itself — the
    GIN index's expression, which the planner ANDs with the region index — never a subquery of every match."""
    from core import fulltext
    from tests.factories import report_hazard

    report_hazard(world, sectors, level="general", title="站场灭火器过期未更换")

    def searched():
        return fulltext.fulltext_filter(Hazard.objects.for_user(world.u.safety), "灭火器").values("id")

    if connection.vendor == "sqlite":
        rare = plan(searched())
        monkeypatch.setattr(fulltext, "FEW_MATCHES", -1)  # as if the word matched more than the few
        common = plan(searched())
        first = common.splitlines()[0]
        assert "region" in first and "hazards_hazard" in first, common
        assert "INTEGER PRIMARY KEY" not in common, common
        assert "INTEGER PRIMARY KEY" in rare and "hazards_hazard_fts" not in rare, rare
    else:
        # PostgreSQL weighs the GIN match against the region by statistics (a near-empty test table has
        # none: it walks the primary key); what is pinned is the query's shape — the scope's indexed
        # region ids and the index's own expression on the row (a county's search for a common word on the
        # 1M province: 44 ms, against 239 ms with the matches as `id IN (SELECT id … WHERE match)`).
        sql = str(searched().query).lower()
        assert '"hazards_hazard"."region_id" in (select' in sql, sql
        assert """to_tsvector('simple', "hazards_hazard"."search_text") @@ to_tsquery('simple',""" in sql, sql
        assert '"hazards_hazard"."id" in (select' not in sql, sql
        assert [h["id"] for h in searched()] == [h.pk for h in Hazard.objects.filter(title__contains="灭火器")]
