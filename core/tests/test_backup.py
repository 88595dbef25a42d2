"""backup → restore into an empty database reproduces the demo county: same row counts,
same files (SHA-256), on SQLite and on PostgreSQL alike."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from core.backup import BackupError, backup, read_manifest, restore, sha256
from core.testing import photo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database(tmp_path):
    """A URL of an empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    from core.backup import _pg_url

    # One target per pytest-xdist worker: two workers restoring into one database would race.
    name = f"zhiben_restore_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    db = dict(settings.DATABASES["default"], NAME="postgres")
    with psycopg.connect(_pg_url(db), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield _pg_url(dict(db, NAME=name)).replace("postgresql://", "postgres://")
    with psycopg.connect(_pg_url(db), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def demo_with_a_photo():
    call_command("load_demo", stdout=StringIO())
    from hazards import services
    from org.models import User

    user = User.objects.filter(role="enterprise").select_related("enterprise").first()
    services.report_hazard(user, {"title": "消防通道堵塞", "description": "仓库消防通道堆放货物",
                                  "sector": user.enterprise.sectors.first(), "level": "general"}, [photo()])


def test_backup_and_restore_reproduce_the_demo_county(tmp_path, empty_database):
    demo_with_a_photo()
    expected = {m._meta.db_table: m._base_manager.count() for m in apps.get_models() if m._meta.managed}
    target = backup(tmp_path / "backups")
    manifest = read_manifest(target)
    assert manifest["vendor"] == connection.vendor
    assert any(rel.startswith("media/hazards/") for rel in manifest["files"])

    counts = restore(target, database_url=empty_database, media_root=tmp_path / "restored-media")
    for table in ("enterprises_enterprise", "hazards_hazard", "hazards_attachment", "plans_task", "org_user",
                  "audit_auditentry", "risks_riskpoint"):
        assert counts[table] == expected[table] > 0, table
    originals = {p.relative_to(settings.MEDIA_ROOT).as_posix(): sha256(p)
                 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    restored = {p.relative_to(tmp_path / "restored-media").as_posix(): sha256(p)
                for p in (tmp_path / "restored-media").rglob("*") if p.is_file()}
    assert restored == originals


def test_a_tampered_backup_is_refused_before_anything_is_restored(tmp_path, empty_database):
    demo_with_a_photo()
    target = backup(tmp_path / "backups")
    victim = next(p for p in (target / "media").rglob("*") if p.is_file())
    victim.write_bytes(b"changed")
    with pytest.raises(BackupError, match="校验失败"):
        restore(target, database_url=empty_database, media_root=tmp_path / "restored-media")
    assert not (tmp_path / "restored-media").exists()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("load_demo", stdout=StringIO())
    target = backup(tmp_path / "backups")
    url = settings.DATABASES["default"]
    with pytest.raises(BackupError, match="不是空的"):
        if connection.vendor == "sqlite":
            restore(target, database_url=f"sqlite:///{url['NAME']}", media_root=tmp_path / "m")
        else:
            from core.backup import _pg_url

            restore(target, database_url=_pg_url(url).replace("postgresql://", "postgres://"),
                    media_root=tmp_path / "m")


def test_the_commands_print_the_backup_and_the_summary(tmp_path, empty_database):
    """The round trip exactly as README documents it (issue 17 #14): `backup --out DIR`, then
    `restore DIR` — the newest backup under DIR — with every table in the manifest, the
    migrations and (on SQLite) the full-text index tables included."""
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("backup", "--out", str(tmp_path / "b"), stdout=out)
    target = out.getvalue().strip()
    counts = read_manifest(target)["counts"]
    assert counts["django_migrations"] > 0
    if connection.vendor == "sqlite":
        assert counts["hazards_hazard_fts"] == counts["hazards_hazard"] > 0
    with connection.cursor() as cursor:
        everything = set(connection.introspection.table_names(cursor))
    assert everything - {"sqlite_sequence", "sqlite_stat1"} <= set(counts)
    out = StringIO()
    call_command("restore", str(tmp_path / "b"), "--database-url", empty_database, "--media-root",
                 str(tmp_path / "m"), stdout=out)
    assert "已恢复" in out.getvalue()
