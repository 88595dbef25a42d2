"""Keeping roll-up tables (hazards/tally.py, inspections/tally.py): rows of counts under a key,
changed by adding deltas in the changing transaction."""

from django.db import connection


def upsert(table, key, values, rows):
    """Add `rows` (key + values tuples) to `table`: INSERT … ON CONFLICT (key) DO UPDATE adds each value
    to the row already there. One statement, SQLite and PostgreSQL."""
    if not rows:
        return
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in key + values)
    one_row = "(" + ", ".join(["%s"] * (len(key) + len(values))) + ")"  # a row's parameters
    sets = ", ".join(f"{q(c)} = {q(table)}.{q(c)} + excluded.{q(c)}" for c in values)
    sql = (f"INSERT INTO {q(table)} ({columns}) VALUES {', '.join([one_row] * len(rows))} "
           f"ON CONFLICT ({', '.join(q(c) for c in key)}) DO UPDATE SET {sets}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
