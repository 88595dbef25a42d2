"""The demo county for the tests, built by `load_demo` once per test worker and then replayed.

`load_demo` drives every register through its real services (about 13 s). The first test module of a
worker that asks for the demo builds it that way; the rows it added or changed are read back and kept in
memory, and every later module gets the same rows inserted directly (well under a second). A replay is
only used when the database starts from the rows the build started from (every table compared by a
fingerprint): when a transactional test has flushed and re-seeded the tables with other ids, the demo is
built again through the services and kept beside the first. The browser tests flush with their sequences
reset, so each of them starts from the same rows and replays.

Foreign keys are checked at commit on SQLite and PostgreSQL alike (Django declares them DEFERRABLE
INITIALLY DEFERRED), so the rows go in table by table in any order; the module's transaction is rolled
back at its end and never commits."""

import datetime
import hashlib
from io import StringIO

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

SKIP = {"django_migrations", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}  # and the planner's statistics

# (fingerprint of the starting database, day built) → {table: (columns, pk column, added rows, changed rows)}
_kept = {}


def _tables(cursor):
    """Every table but the bookkeeping ones and SQLite's full-text indexes (a virtual table and its shadow
    tables: triggers on the indexed table keep them, so they fill themselves as its rows go in)."""
    virtual = []
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        virtual = [row[0] for row in cursor.fetchall()]
    return sorted(t for t in connection.introspection.table_names(cursor)
                  if t not in SKIP and not any(t == v or t.startswith(v + "_") for v in virtual))


def _read(cursor):
    """{table: (columns, pk column, {pk: row})} for every table."""
    qn = connection.ops.quote_name
    state = {}
    for table in _tables(cursor):
        pk = connection.introspection.get_primary_key_column(cursor, table)
        cursor.execute(f"SELECT * FROM {qn(table)}")
        columns = [c[0] for c in cursor.description]
        at = columns.index(pk) if pk in columns else None
        rows = [tuple(_plain(v) for v in row) for row in cursor.fetchall()]
        state[table] = (columns, pk, {(row[at] if at is not None else n): row for n, row in enumerate(rows)})
    return state


def _plain(value):
    # SQLite reads a TIME column back as datetime.time (Django's converter) but has no adapter to write it.
    return value.isoformat() if isinstance(value, datetime.time) and connection.vendor == "sqlite" else value


def _fingerprint(state):
    """The starting rows, less their timestamps: the seeding after a flush stamps "now" (the scheduler's
    next run, the audit of seeded rules), which says nothing of what the demo's rows refer to."""
    digest = hashlib.sha256()
    for table, (columns, _, rows) in state.items():
        digest.update(f"{table}{columns}".encode())
        for key in sorted(rows, key=repr):
            digest.update(repr(tuple("@" if isinstance(v, datetime.datetime) else v for v in rows[key])).encode())
    return digest.hexdigest()


def _diff(before, after):
    """The rows the build added (new keys) and changed (same key, other values), per table."""
    out = {}
    for table, (columns, pk, rows) in after.items():
        old = before.get(table, (columns, pk, {}))[2]
        added = [row for key, row in rows.items() if key not in old]
        changed = [row for key, row in rows.items() if key in old and old[key] != row]
        gone = [key for key in old if key not in rows]
        if gone:
            return None  # the build deleted rows it found: not replayable, always build
        if added or changed:
            out[table] = (columns, pk, added, changed)
    return out


def _replay(cursor, rows_by_table):
    qn = connection.ops.quote_name
    for table, (columns, pk, added, changed) in rows_by_table.items():
        if changed:
            at = columns.index(pk)
            cursor.executemany(f"DELETE FROM {qn(table)} WHERE {qn(pk)} = %s", [(row[at],) for row in changed])
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) VALUES ({marks})",
                           changed + added)
    # PostgreSQL's sequences do not follow explicit ids (SQLite's AUTOINCREMENT does).
    from django.apps import apps

    for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
        cursor.execute(sql)


def load():
    """Put the demo county into the database (inside the caller's transaction, or committed by a
    transactional test): replayed when this worker has built it from the same starting rows today, else
    built by `load_demo` and kept. Returns "replayed" or "built"."""
    with transaction.atomic(), connection.cursor() as cursor:
        before = _read(cursor)
        start = (_fingerprint(before), timezone.localdate())
        if start in _kept:
            _replay(cursor, _kept[start])
            return "replayed"
        call_command("load_demo", stdout=StringIO())
        rows = _diff(before, _read(cursor))
        if rows is not None:
            _kept[start] = rows
        return "built"
