"""Hazards at scale: list page, metrics page and the metrics aggregate against
a hand-written SQL query for the same figures, on SQLite and PostgreSQL.

    make bench-hazards                   # 200,000 hazards, both databases
    python bench/bench_hazards.py --n 50000 --only sqlite

Prints timings, the ORM/hand-SQL ratio (with a check that both give the same
figures) and the list page's query count.
"""

import argparse

from common import manage, measure, on_both, report

MEASURE = r"""
import os, time, django, datetime
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiben.settings")
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from org.models import User, Region
from hazards.models import Hazard
from hazards import metrics

province = Region.objects.get(code="990000")
user = User.objects.create(username="bench-h", role="safety_office", region=province)
c = Client(); c.force_login(user)
today = timezone.localdate()
HAND = '''
SELECT
  SUM(CASE WHEN h.state <> 'rejected' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.state <> 'rejected' AND h.level = 'major' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.state = 'closed' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.state IN ('accepted', 'closed') THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.state IN ('accepted', 'closed') AND h.rectified_on <= h.original_deadline THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.state IN ('pending_confirmation', 'confirmed', 'rectifying') AND h.deadline < %s THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.state <> 'rejected' THEN h.plan_funds END)
FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
WHERE r.path LIKE %s
'''

def hand():
    with connection.cursor() as cur:
        cur.execute(HAND, [today, province.path + "%"])
        return cur.fetchone()

def orm():
    s = metrics.summary(Hazard.objects.for_user(user), today)
    return (s["total"], s["major"], s["closed"], s["rectified"], s["on_time"], s["overdue"], s["funds"])

def timed(label, fn, repeat=5):
    fn()
    t = time.perf_counter()
    for _ in range(repeat): fn()
    ms = (time.perf_counter() - t) / repeat * 1000
    print(f"{label}_ms={ms:.1f}")
    return ms

a, b = orm(), hand()
same = all(abs(float(x or 0) - float(y or 0)) < 0.01 for x, y in zip(a, b))
print(f"figures_match={1 if same else 0}")
print(f"hazards_not_rejected={a[0]}")
t_orm = timed("metrics_orm", orm)
t_hand = timed("metrics_hand_sql", hand)
print(f"orm_over_hand={t_orm / t_hand:.2f}")
timed("list_page", lambda: c.get("/hazards/"))
timed("list_search", lambda: c.get("/hazards/?q=消防通道"))
timed("list_overdue", lambda: c.get("/hazards/?overdue=true&level=major"))
timed("metrics_page", lambda: c.get("/hazards/metrics/"), repeat=3)
with CaptureQueriesContext(connection) as ctx:
    c.get("/hazards/")
print(f"list_queries={len(ctx.captured_queries)}")
"""


def run(env, n, enterprises, label):
    manage(env, "migrate", "-v0")
    out = manage(env, "generate_data", "--enterprises", str(enterprises), "--hazards", str(n), "--seed", "1")
    figures = {"generate_s": float(out.strip().split("seconds=")[-1]), **measure(env, MEASURE)}
    report(label, figures)
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--enterprises", type=int, default=20_000)
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    args = ap.parse_args()
    on_both(lambda env, label: run(env, args.n, args.enterprises, label), args.only, __file__,
            ["--n", str(args.n), "--enterprises", str(args.enterprises)])
    print(f"hazards={args.n}")


if __name__ == "__main__":
    main()
