"""The 调度统计表 at province scale, on SQLite and PostgreSQL.

    python bench/reports.py                       # 20,000 firms, 200,000 hazards, 40,000 inspections, 20,000 actions
    python bench/reports.py --scale 5 --only sqlite   # five times that

Prints the time of the table for the current year (reports.dispatch.compute, all rows and
合计) against hand-written SQL for the same figures over the same tables (the floor), their
ratio (target ≤ 1.5), a check that both give the same 合计 (sums and distinct counts), and the page's query count,
which must not depend on the data.
"""

import argparse

from common import manage, measure, on_both, report

MEASURE = r"""
import os, sys, time, datetime, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiben.settings")
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from org.models import User, Region
from reports import dispatch

province = Region.objects.get(code="990000")
user = User.objects.create(username="bench-r", role="safety_office", region=province)
today = timezone.localdate()
start, end = datetime.date(today.year, 1, 1), today
sys.path.append("bench")  # after the project: bench/reports.py is not the reports app
from floors import hand as floor_rows

def hand():
    return floor_rows(province, start, end)

def orm():
    return dispatch.compute(user, start, end)

def timed(label, fn, repeat=5):
    fn()
    t = time.perf_counter()
    for _ in range(repeat): fn()
    ms = (time.perf_counter() - t) / repeat * 1000
    print(f"{label}_ms={ms:.1f}")
    return ms

table, floor = orm(), hand()
hz = floor[4]
same = (sum(r[1] for r in floor[0]) == table["total"]["teams"]
        and sum(r[1] for r in hz) == table["total"]["major"] and sum(r[2] for r in hz) == table["total"]["general"]
        and sum(r[3] for r in hz) == table["total"]["major_done"]
        and floor[6][0][0] == table["total"]["units"] and floor[7][0][1] == table["total"]["penalty"])
print(f"figures_match={1 if same else 0}")
print(f"hazards_in_year={table['total']['major'] + table['total']['general']}")
t_orm = timed("dispatch_orm", orm)
t_hand = timed("dispatch_hand_sql", hand)
print(f"orm_over_hand={t_orm / t_hand:.2f}")
c = Client(); c.force_login(user)
with CaptureQueriesContext(connection) as ctx:
    c.get("/reports/dispatch/")
print(f"page_queries={len(ctx.captured_queries)}")
timed("dispatch_page", lambda: c.get("/reports/dispatch/"), repeat=3)
"""


def run(env, scale, label):
    manage(env, "migrate", "-v0")
    out = manage(env, "generate_data", "--enterprises", str(int(20_000 * scale)),
                 "--hazards", str(int(200_000 * scale)), "--inspections", str(int(40_000 * scale)),
                 "--actions", str(int(20_000 * scale)), "--seed", "1")
    figures = {"generate_s": float(out.strip().split("seconds=")[-1]), **measure(env, MEASURE)}
    report(label, figures)
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1)
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    args = ap.parse_args()
    on_both(lambda env, label: run(env, args.scale, label), args.only, __file__, ["--scale", str(args.scale)])


if __name__ == "__main__":
    main()
