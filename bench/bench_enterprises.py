"""How long do 100,000 enterprises take to generate and to query, on SQLite and on PostgreSQL?

    make bench                       # both databases (PostgreSQL in a throwaway cluster)
    python bench/bench_enterprises.py --n 20000 --only sqlite

Prints one line per figure and the PostgreSQL/SQLite ratio of each.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = r"""
import os, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiben.settings")
django.setup()
from django.test import Client
from org.models import User, Region
from core.dashboard import enterprise_figures
user = User.objects.create(username="bench", role="safety_office", region=Region.objects.get(code="990000"))
c = Client(); c.force_login(user)
def timed(label, fn, repeat=5):
    fn()
    t = time.perf_counter()
    for _ in range(repeat): fn()
    print(f"{label}_ms={(time.perf_counter() - t) / repeat * 1000:.1f}")
timed("list_page", lambda: c.get("/enterprises/"))
timed("search", lambda: c.get("/enterprises/?q=物流"))
timed("filter_sector", lambda: c.get("/enterprises/?sector=1&status=operating"))
timed("dashboard_figures", lambda: enterprise_figures(user))
timed("dashboard_page", lambda: c.get("/"))
"""


def run(env, n, label):
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    out = subprocess.run([py, "manage.py", "generate_data", "--enterprises", str(n), "--seed", "1"],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    figures = {"generate_s": float(out.strip().split("seconds=")[-1])}
    res = subprocess.run([py, "-c", MEASURE], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    for line in res.split():
        key, value = line.split("=")
        figures[key] = float(value)
    for key, value in figures.items():
        print(f"{label:<10} {key:<22} {value:>10.2f}")
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    args = ap.parse_args()
    results = {}
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3")
            results["sqlite"] = run(env, args.n, "sqlite")
    if args.only in (None, "postgres"):
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            results["postgres"] = run(dict(os.environ), args.n, "postgres")
        else:
            # Re-run this script inside a throwaway cluster and read its figures back.
            cmd = [str(ROOT / "scripts" / "with_pg.sh"), sys.executable, __file__, "--n", str(args.n), "--only", "postgres"]
            out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
            results["postgres"] = {}
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 3 and parts[0] == "postgres":
                    print(line)
                    results["postgres"][parts[1]] = float(parts[2])
    if len(results) == 2:
        for key in results["sqlite"]:
            a, b = results["sqlite"][key], results["postgres"][key]
            print(f"ratio      {key:<22} postgres/sqlite={b / a if a else float('nan'):.2f}")
    print(f"enterprises={args.n}")


if __name__ == "__main__":
    main()
