"""The database itself refuses to change audit rows.

PostgreSQL: UPDATE is always refused; DELETE only for rows older than the
180-day minimum retention (what `prune_audit` removes after archiving them).
SQLite: UPDATE is refused. Its DELETE stays at the application level (model and
queryset refuse it) because SQLite has no TRUNCATE: the test runner's table
flush is a DELETE, which a trigger would block.
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION '审计日志只能追加，不能修改';
  END IF;
  IF OLD.at > now() - interval '180 days' THEN
    RAISE EXCEPTION '审计日志在保留期（180天）内不能删除';
  END IF;
  RETURN OLD;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": PG_UP, "sqlite": SQLITE_UP}.get(vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # one statement on SQLite; PostgreSQL takes the whole script


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}.get(vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            for statement in filter(str.strip, sql.split(";\n")):
                cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
