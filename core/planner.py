"""The query planner's statistics (issue 23).

Without statistics SQLite guesses: an index it has none for looks as selective as a primary key, so on a
province's database a new index can send a firm's few hazards through a scan of every 重大 one. ANALYZE
records them — 0.6 s at 200,000 hazards — and `refresh()` runs it after every migrate (a new index has
none), after a bulk load (`generate_data`) and in the scheduler's daily pass. PostgreSQL's
autovacuum keeps its own; ANALYZE there is harmless and makes a freshly loaded database plan well at once."""

from django.db import connections


def refresh(using="default", **signal_kwargs):
    """ANALYZE the database `using` (a post_migrate signal passes it, with other arguments ignored here)."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
