"""Backup and restore (SPEC §13): the database, the uploaded files and a manifest.

A backup directory holds
  database.sqlite3 | database.pgdump   SQLite online backup / pg_dump custom format
  media/                               a copy of MEDIA_ROOT
  manifest.json                        vendor, time, row counts per table, SHA-256 of every file

Native tools, not dumpdata: they are fast at province scale and keep what JSON
fixtures lose (sequences, the audit log's triggers). On PostgreSQL the row counts
and pg_dump read one exported snapshot, so the manifest describes exactly the dump.
Restore checks every checksum before touching anything, refuses a non-empty
target, and after restoring compares the row counts with the manifest.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (in Chinese)."""


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def tables():
    """Every table of an installed model (auto-created many-to-many tables included)."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    return sorted(names)


def _sqlite_counts(conn):
    """Rows of every table in the file — the models', django_migrations and the full-text
    index tables alike (SQLite's own sqlite_* bookkeeping aside)."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def _count(cursor, names, quote):
    existing = set(connection.introspection.table_names(cursor))
    out = {}
    for name in names:
        if name in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")
            out[name] = cursor.fetchone()[0]
    return out


def _pg_url(db):
    from urllib.parse import quote

    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{db['NAME']}"


def _run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} 执行失败：{result.stderr.strip()[:500]}")


def _copy_media(src, dst):
    files = {}
    src = Path(src)
    if not src.exists():
        return files
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = path.relative_to(src).as_posix()
        target = Path(dst) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        files[f"media/{rel}"] = sha256(target)
    return files


def backup(out_dir):
    """Write a new backup under out_dir; return its directory."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(out_dir) / f"zhiben-backup-{stamp}"
    if target.exists():
        raise BackupError(f"备份目录已存在：{target}")
    target.mkdir(parents=True)
    vendor = connection.vendor
    names = tables()
    quote = connection.ops.quote_name
    if vendor == "sqlite":
        db_file = target / "database.sqlite3"
        connection.ensure_connection()
        dest = sqlite3.connect(db_file)
        try:
            connection.connection.backup(dest)  # consistent online copy
        finally:
            dest.close()
        check = sqlite3.connect(db_file)
        try:
            counts = _sqlite_counts(check)
        finally:
            check.close()
    elif vendor == "postgresql":
        db_file = target / "database.pgdump"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count(cursor, sorted(set(names) | set(connection.introspection.table_names(cursor))), quote)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={db_file}", f"--dbname={_pg_url(settings.DATABASES['default'])}"])
    else:
        raise BackupError(f"不支持的数据库类型：{vendor}")
    files = {db_file.name: sha256(db_file)}
    files.update(_copy_media(settings.MEDIA_ROOT, target / "media"))
    manifest = {"format": 1, "created_at": timezone.now().isoformat(), "vendor": vendor,
                "counts": counts, "files": files}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def locate(source):
    """The backup to use for `source`: the directory itself when it holds a manifest, else the
    newest zhiben-backup-* inside it (so `backup --out DIR` then `restore DIR` works)."""
    source = Path(source)
    if (source / MANIFEST).is_file() or not source.is_dir():
        return source
    found = sorted(p for p in source.glob("zhiben-backup-*") if (p / MANIFEST).is_file())
    return found[-1] if found else source


def read_manifest(source):
    source = locate(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"读不到备份清单 {source / MANIFEST}：{exc}") from None
    bad = [rel for rel, digest in manifest["files"].items()
           if not (source / rel).is_file() or sha256(source / rel) != digest]
    if bad:
        raise BackupError(f"备份文件校验失败（缺失或已被改动）：{'、'.join(bad[:10])}")
    return manifest


def restore(source, database_url=None, media_root=None, force=False):
    """Restore a backup into an empty database (the configured one, or database_url)
    and media directory. Returns the manifest's counts, checked against the result."""
    import dj_database_url

    source = locate(source)
    manifest = read_manifest(source)
    db = dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
    vendor = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite" if "sqlite" in db["ENGINE"] else db["ENGINE"]
    if vendor != manifest["vendor"]:
        raise BackupError(f"备份来自 {manifest['vendor']}，不能恢复到 {vendor} 数据库。")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()) and not force:
        raise BackupError(f"附件目录 {media_root} 不是空的；确认覆盖请加 --force。")
    if vendor == "sqlite":
        counts = _restore_sqlite(source / "database.sqlite3", Path(db["NAME"]), force)
    else:
        counts = _restore_pg(source / "database.pgdump", db, force)
    for rel in manifest["files"]:
        if rel.startswith("media/"):
            target = media_root / rel[len("media/"):]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, target)
    differ = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
    if differ:
        raise BackupError(f"恢复后的记录数与备份清单不符：{differ}")
    return counts


def _restore_sqlite(db_file, target, force):
    if target.exists() and target.stat().st_size and not force:
        with sqlite3.connect(target) as existing:
            used = existing.execute("SELECT COUNT(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        if used:
            raise BackupError(f"目标数据库 {target} 不是空的；确认覆盖请加 --force。")
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(db_file)
    dest = sqlite3.connect(target)
    try:
        src.backup(dest)
        return _sqlite_counts(dest)
    finally:
        src.close()
        dest.close()


def _restore_pg(dump, db, force):
    import psycopg

    url = _pg_url(db)
    with psycopg.connect(url) as conn:
        used = conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    if used and not force:
        raise BackupError(f"目标数据库 {db['NAME']} 不是空的；确认覆盖请加 --force。")
    args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if used:
        args += ["--clean", "--if-exists"]
    _run(args + [f"--dbname={url}", str(dump)])
    with psycopg.connect(url) as conn:
        names = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}





def orphan_media(grace_minutes=60):
    """Files under MEDIA_ROOT that no FileField of any record names: left behind by a write
    that was rolled back after its file was stored. Files younger than `grace_minutes` are
    left alone (their record may be committing right now)."""
    import time

    from django.db import models

    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    referenced = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field in fields:
            referenced.update(model._base_manager.exclude(**{field: ""}).values_list(field, flat=True).iterator())
    cutoff = time.time() - grace_minutes * 60
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and p.relative_to(root).as_posix() not in referenced and p.stat().st_mtime < cutoff)
