"""The landing pages at province scale (issue 23): CPU and wall time per request, and query counts,
for the province safety office and a county safety office on the same database.

    python bench/pages.py                                   # 200,000 hazards, SQLite (built once, then reused)
    python bench/pages.py --hazards 1000000                 # the issue's 1M province
    python bench/pages.py --only postgres                   # the same on a throwaway PostgreSQL cluster

The province is `generate_data --enterprises H/10 --hazards H --inspections H/5 --actions H/10` (the
synthetic 压测省, 100 counties). The SQLite file is kept under /tmp/zhiben-bench/ and reused by later runs
with the same size. Each page is requested once to warm caches, then three times; the median is printed.
CPU is this process's time (on SQLite it includes the database's work; on PostgreSQL the server's is in
the wall time only). The hazard list's fixed cost is the list page with a filter that matches nothing.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from common import PYTHON, ROOT, manage

PAGES = [
    ("dashboard", "/"),
    ("metrics", "/hazards/metrics/"),
    ("inspections", "/inspections/"),
    ("hazard_list", "/hazards/"),
    ("hazard_major_open", "/hazards/?level=major&open=true"),
    ("hazard_overdue", "/hazards/?overdue=true"),
    ("hazard_search", "/hazards/?q=%E7%81%AD%E7%81%AB%E5%99%A8"),
    ("hazard_fixed", "/hazards/?q=%E6%97%A0%E6%AD%A4%E9%A1%B9%E7%9B%AE"),
    ("hazard_stats", "/reports/hazards/"),
    ("dispatch", "/reports/dispatch/"),
    ("export_major_open", "/hazards/export.xlsx?level=major&open=true"),
]

MEASURE = r"""
import os, sys, time, statistics, django, json
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiben.settings")
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from org.models import Region, User

pages = json.loads(sys.argv[1])
province = Region.objects.get(code="990000")
county = Region.objects.filter(path__startswith=province.path, depth=province.depth + 2).order_by("code").first()
users = {}
for scope, region in (("province", province), ("county", county)):
    users[scope], _ = User.objects.get_or_create(username=f"bench-pages-{scope}",
                                                 defaults={"role": "safety_office", "region": region})
for scope, user in users.items():
    client = Client()
    client.force_login(user)
    for name, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        b"".join(response.streaming_content) if response.streaming else response.content
        cpu, wall = [], []
        for _ in range(3):
            c0, w0 = time.process_time(), time.perf_counter()
            with CaptureQueriesContext(connection) as q:
                response = client.get(url)
                b"".join(response.streaming_content) if response.streaming else response.content
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        print(f"{scope}.{name}.cpu_ms={statistics.median(cpu) * 1000:.1f} {scope}.{name}.wall_ms="
              f"{statistics.median(wall) * 1000:.1f} {scope}.{name}.queries={len(q)}")
"""


def build(env, hazards):
    manage(env, "migrate", "-v0")
    manage(env, "generate_data", "--enterprises", str(hazards // 10), "--hazards", str(hazards),
           "--inspections", str(hazards // 5), "--actions", str(hazards // 10))


def run(env):
    import json

    out = subprocess.run([PYTHON, "-c", MEASURE, json.dumps(PAGES)], cwd=ROOT, env=env, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    figures = {}
    for token in out.split():
        key, value = token.split("=")
        figures[key] = float(value)
    return figures


def show(label, figures):
    print(f"{label}: page, scope, CPU ms, wall ms, queries")
    for name, _ in PAGES:
        for scope in ("province", "county"):
            k = f"{scope}.{name}"
            print(f"  {name:<20} {scope:<9} {figures[k + '.cpu_ms']:>9.1f} {figures[k + '.wall_ms']:>9.1f}"
                  f" {figures[k + '.queries']:>5.0f}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hazards", type=int, default=200_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.only == "sqlite":
        folder = Path("/tmp/zhiben-bench")
        folder.mkdir(exist_ok=True)
        db = folder / f"province-{args.hazards}.sqlite3"
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", MEDIA_ROOT=str(folder / "media"))
        if not (folder / f"province-{args.hazards}.done").exists():
            db.unlink(missing_ok=True)
            build(env, args.hazards)
            (folder / f"province-{args.hazards}.done").touch()
        else:
            manage(env, "migrate", "-v0")
        show("sqlite", run(env))
    elif os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env = dict(os.environ)
        build(env, args.hazards)
        show("postgres", run(env))
    else:
        subprocess.run([str(ROOT / "scripts" / "with_pg.sh"), sys.executable, __file__, "--hazards", str(args.hazards),
                        "--only", "postgres"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
