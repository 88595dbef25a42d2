"""What both benchmarks share: run a measurement on SQLite in a temp dir and on
PostgreSQL in a throwaway cluster (scripts/with_pg.sh), print 'label key value'
lines, then the PostgreSQL/SQLite ratio of each figure."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def manage(env, *args):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True).stdout


def measure(env, script):
    """Run a measuring script in the project's environment; it prints key=value tokens."""
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return {k: float(v) for k, v in (token.split("=") for token in out.stdout.split())}


def report(label, figures):
    for key, value in figures.items():
        print(f"{label:<10} {key:<22} {value:>10.2f}", flush=True)


def on_both(run_one, only, script_path, extra_args):
    """run_one(env, label) -> figures, on SQLite and/or PostgreSQL, with ratios."""
    results = {}
    if only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", MEDIA_ROOT=tmp)
            results["sqlite"] = run_one(env, "sqlite")
    if only in (None, "postgres"):
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            results["postgres"] = run_one(dict(os.environ), "postgres")
        else:
            # Re-run this script inside a throwaway cluster and read its figures back.
            cmd = [str(ROOT / "scripts" / "with_pg.sh"), sys.executable, script_path, *extra_args, "--only", "postgres"]
            out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
            results["postgres"] = {}
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 3 and parts[0] == "postgres":
                    print(line)
                    results["postgres"][parts[1]] = float(parts[2])
    if len(results) == 2:
        for key, a in results["sqlite"].items():
            b = results["postgres"].get(key)
            if b is not None and a:
                print(f"ratio      {key:<22} postgres/sqlite={b / a:.2f}")
    return results
