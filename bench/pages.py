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
Beside each page, its own SELECTs replayed as plain SQL (what the database alone spends), and the
调度统计表 against its hand-written floor (bench/floors.py) in both region forms.
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
    ("enterprises", "/enterprises/"),
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
import os, sys, time, datetime, statistics, django, json, tracemalloc
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiben.settings")
django.setup()
sys.path.append("bench")  # after the project: bench/reports.py is not the reports app
import floors
from django.utils import timezone
from reports import dispatch
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

def replay(queries):
    # The page's own SELECTs, replayed as plain SQL: what the database alone spends on the page.
    with connection.cursor() as cur:
        for q in queries:
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                cur.execute(q["sql"])
                cur.fetchall()

def timed(fn, repeat=3):
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000

regions = {"province": province, "county": county}
today = timezone.localdate()
start = datetime.date(today.year, 1, 1)
for scope, user in users.items():
    client = Client()
    client.force_login(user)
    for name, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        b"".join(response.streaming_content) if response.streaming else response.content
        connection.queries_log.clear()  # a full log (9,000 entries) would capture nothing
        with CaptureQueriesContext(connection) as q:
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        def fetch():
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        cpu, wall = timed(fetch)
        replay(q.captured_queries)
        sql_cpu, sql_wall = timed(lambda: replay(q.captured_queries))
        print(f"{scope}.{name}.cpu_ms={cpu:.1f} {scope}.{name}.wall_ms={wall:.1f} {scope}.{name}.queries={len(q)}"
              f" {scope}.{name}.sql_cpu_ms={sql_cpu:.1f} {scope}.{name}.sql_wall_ms={sql_wall:.1f}")
    # The export's memory: the Python heap's peak while its stream is read chunk by chunk (tracemalloc,
    # so not timed), for 重大 + 未销号 and for every 重大 (several times the rows). Constant memory: the
    # same peak however many rows.
    for key, export in (("open", "/hazards/export.xlsx?level=major&open=true"), ("all", "/hazards/export.xlsx?level=major")):
        b"".join(client.get(export).streaming_content)  # warm: the first export imports and caches
        tracemalloc.start()
        response = client.get(export)
        streamed = sum(len(chunk) for chunk in response.streaming_content)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{scope}.export_{key}.bytes={streamed} {scope}.export_{key}.peak_mb={peak / 2**20:.1f}")
    # The 调度统计表 against its hand-written floor (bench/floors.py): by the region's ids (the index) and
    # by its path joined per row.
    region = regions[scope]
    compute = timed(lambda: dispatch.compute(user, start, today), repeat=5)[1]
    floor_ids = timed(lambda: floors.hand(region, start, today, "indexed"), repeat=5)[1]
    floor_path = timed(lambda: floors.hand(region, start, today, "path"), repeat=5)[1]
    print(f"{scope}.dispatch_compute.wall_ms={compute:.1f} {scope}.floor_indexed.wall_ms={floor_ids:.1f}"
          f" {scope}.floor_path.wall_ms={floor_path:.1f}")
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
    print(f"{label}: page, scope, CPU ms, wall ms, queries, the page's SQL replayed (CPU ms, wall ms)")
    for name, _ in PAGES:
        for scope in ("province", "county"):
            k = f"{scope}.{name}"
            print(f"  {name:<20} {scope:<9} {figures[k + '.cpu_ms']:>9.1f} {figures[k + '.wall_ms']:>9.1f}"
                  f" {figures[k + '.queries']:>5.0f} {figures[k + '.sql_cpu_ms']:>9.1f}"
                  f" {figures[k + '.sql_wall_ms']:>9.1f}", flush=True)
    print(f"{label}: 隐患台账 export, MB streamed and the Python heap's peak MB while streaming")
    for scope in ("province", "county"):
        for key, what in (("open", "重大 + 未销号"), ("all", "every 重大")):
            k = f"{scope}.export_{key}"
            print(f"  {scope:<9} {what:<14} {figures[k + '.bytes'] / 2**20:>7.1f} MB  peak {figures[k + '.peak_mb']:>6.1f} MB",
                  flush=True)
    print(f"{label}: 调度统计表 this year, wall ms — engine, floor by region ids (index), floor by path join, ratios")
    for scope in ("province", "county"):
        engine, ids, path = (figures[f"{scope}.{k}.wall_ms"] for k in ("dispatch_compute", "floor_indexed",
                                                                        "floor_path"))
        print(f"  {scope:<9} {engine:>9.1f} {ids:>9.1f} {path:>9.1f}   engine/indexed={engine / ids:.2f}"
              f" engine/path={engine / path:.2f}", flush=True)


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
