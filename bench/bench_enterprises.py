"""How long do 100,000 enterprises take to generate and to query, on SQLite and on PostgreSQL?

    make bench                       # both databases (PostgreSQL in a throwaway cluster)
    python bench/bench_enterprises.py --n 20000 --only sqlite

Prints one line per figure and the PostgreSQL/SQLite ratio of each.
"""

import argparse

from common import manage, measure, on_both, report

MEASURE = r"""
import os, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiben.settings")
django.setup()
from django.test import Client
from org.models import User, Region
from dashboard.figures import enterprise_figures
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
    manage(env, "migrate", "-v0")
    out = manage(env, "generate_data", "--enterprises", str(n), "--seed", "1")
    figures = {"generate_s": float(out.strip().split("seconds=")[-1]), **measure(env, MEASURE)}
    report(label, figures)
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    args = ap.parse_args()
    on_both(lambda env, label: run(env, args.n, label), args.only, __file__, ["--n", str(args.n)])
    print(f"enterprises={args.n}")


if __name__ == "__main__":
    main()
