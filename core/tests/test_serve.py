"""Issue 26: `make run` stops cleanly and runs one scheduler per database.

The test starts the very command the `run` target runs (`manage.py serve ADDR`, on a free port and a
throwaway SQLite database), sends SIGTERM — then SIGINT — to its process group as a supervisor or a
terminal does, and asserts that no process it started (re-parented ones included, found by the
database path in their environment) is alive 10 seconds later. A second test starts two schedulers
on one database: the second refuses to start while the first holds the lease."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated SQLite file, copied for each run (migrating takes a few seconds)."""
    path = tmp_path_factory.mktemp("serve") / "template.sqlite3"
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True,
                   env=_env(path), timeout=300)
    return path


def _env(db):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DATABASE_URL"] = f"sqlite:///{db}"
    return env


def _fresh(migrated, tmp_path, name):
    db = tmp_path / f"{name}.sqlite3"
    shutil.copy(migrated, db)
    return db


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ours(db):
    """Live processes whose environment names this database: everything a run started, wherever it
    was re-parented."""
    marker = f"DATABASE_URL=sqlite:///{db}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if marker not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue  # a zombie is already gone; its parent has not reaped it yet
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                found.append((int(entry), f.read().replace(b"\0", b" ").decode(errors="replace")))
        except OSError:
            continue
    return found


def _lease_holder(db):
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT holder FROM core_schedulerlease WHERE name = 'scheduler'").fetchone()
    return row[0] if row else ""


def _wait(test, seconds, step=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(step)
    return test()


def _up(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_every_process_of_make_run_stops_within_10_seconds(migrated, tmp_path, sig):
    db = _fresh(migrated, tmp_path, sig.name)
    port = _free_port()
    # The `run` target's command line (Makefile), on a free port.
    run = subprocess.Popen([sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"], cwd=ROOT, env=_env(db),
                           start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait(lambda: _up(port), 60), "the web server did not come up"
        assert _wait(lambda: _lease_holder(db) != "", 60), "the scheduler did not take its lease"
        started = _ours(db)
        assert len(started) >= 4, started  # serve, runserver and its reloader child, the scheduler and its cluster
        os.killpg(run.pid, sig)
        assert _wait(lambda: not _ours(db), 10, step=0.1), _ours(db)
        assert _lease_holder(db) == ""  # released on the way out
    finally:
        for pid, _ in _ours(db):
            os.kill(pid, signal.SIGKILL)


def test_a_second_scheduler_on_the_same_database_does_not_start(migrated, tmp_path):
    db = _fresh(migrated, tmp_path, "two")
    first = subprocess.Popen([sys.executable, "manage.py", "scheduler"], cwd=ROOT, env=_env(db),
                             start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait(lambda: _lease_holder(db) != "", 60)
        holder = _lease_holder(db)
        second = subprocess.run([sys.executable, "manage.py", "scheduler"], cwd=ROOT, env=_env(db),
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 3
        assert "另一个调度进程正在运行" in second.stderr and f"进程 {first.pid}" in second.stderr
        assert _lease_holder(db) == holder  # the first keeps it
        first.send_signal(signal.SIGTERM)
        first.wait(10)
        assert _lease_holder(db) == "" and not _ours(db)
        # Freed: a scheduler may start again.
        again = subprocess.Popen([sys.executable, "manage.py", "scheduler"], cwd=ROOT, env=_env(db),
                                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert _wait(lambda: _lease_holder(db) not in ("", holder), 60)
        again.send_signal(signal.SIGTERM)
        again.wait(10)
    finally:
        for pid, _ in _ours(db):
            os.kill(pid, signal.SIGKILL)
