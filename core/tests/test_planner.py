"""The planner's statistics are gathered (core/planner.py): after a migrate and on demand."""

from django.db import connection
from django.core.management.sql import emit_post_migrate_signal

from core import planner
from org.models import Region


def _analyzed(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = %s", [table])
        return cursor.fetchone()[0]


def test_refresh_records_the_statistics_of_the_tables(world):
    assert Region.objects.count() >= 3
    planner.refresh()
    assert _analyzed("org_region") > 0


def test_every_migrate_refreshes_them(world):
    """A migrate ends with post_migrate: the statistics are gathered again (on SQLite they are cleared
    first, so the test sees them come back)."""
    if connection.vendor == "sqlite":
        planner.refresh()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
        assert _analyzed("org_region") == 0
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert _analyzed("org_region") > 0
