"""The app under load: gunicorn (2 sync workers, production settings) on PostgreSQL,
driven over real HTTP on 127.0.0.1 with a bounded number of requests.

    make bench-load                                   # throwaway PostgreSQL cluster
    python bench/load.py --requests 500 --concurrency 8

Data: the demo counties plus a synthetic province (generate_data) whose safety office
is the logged-in user, so the hazard list, dashboard and API work over every generated
hazard — more than one county holds. Each endpoint gets a warm-up, then --requests
requests from --concurrency client threads. Printed per endpoint: throughput, latency
p50/p95/p99, errors (anything but 200), and the ratio of each figure to /healthz/ (a
trivial endpoint: middleware + SELECT 1) measured in the same run on the same server.

The client runs on the same two cores as gunicorn and PostgreSQL, so absolute figures
are a floor; the ratios are what carry over to other machines. The PostgreSQL cluster
runs with fsync off (disposable), which flatters writes, not these reads.
Exit status 1 when any request failed.
"""

import argparse
import http.client
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "Bench@2026-load"

ENDPOINTS = [  # (label, path, needs login, text the right page contains)
    ("healthz", "/healthz/", False, '"ok"'),
    ("hazard_list", "/hazards/", True, "隐患"),
    ("dashboard", "/", True, "治本"),
    ("hazard_api", "/api/hazards/", True, '"count"'),
    ("tipoff_page", "/jubao/", False, "举报"),
]

MAKE_USER = r"""
from django.utils import timezone
from org.models import Region, User
u, _ = User.objects.get_or_create(username="bench-load", defaults={"role": "safety_office"})
u.role, u.region = "safety_office", Region.objects.get(code="990000")
u.set_password(%r)
u.must_change_password, u.password_changed_at = False, timezone.now()
u.save()
"""


VACUUM = r"""
from django.db import connection
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
"""


def manage(env, *args):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


class Client:
    """One HTTP request per connection (gunicorn's sync workers close after each), behind
    a pretend TLS proxy: X-Forwarded-Proto says https, as nginx would."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                for key, morsel in SimpleCookie(header).items():
                    self.cookies[key] = morsel.value
            return resp.status, data
        finally:
            conn.close()

    def login(self, username, password):
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise SystemExit(f"login page: HTTP {status}")
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token.group(1).decode()})
        status, _ = self.request("POST", "/accounts/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://127.0.0.1:{self.port}/accounts/login/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login failed: HTTP {status}")


def drive(port, path, cookies, marker, total, concurrency):
    """`total` GETs from `concurrency` threads; returns (seconds, latencies ms, errors)."""
    latencies, errors, lock = [], [], threading.Lock()
    remaining = iter(range(total))

    def worker():
        client = Client(port)
        client.cookies = dict(cookies)
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            t = time.perf_counter()
            try:
                status, body = client.request("GET", path)
                ok = status == 200 and marker.encode() in body
            except OSError as exc:
                status, ok = str(exc), False
            ms = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(ms)
                if not ok:
                    errors.append(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, sorted(latencies), errors


def pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def wait_ready(port, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if Client(port).request("GET", "/healthz/")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz/")


def run(args):
    tmp = tempfile.mkdtemp(prefix="zhiben-load-")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1", MEDIA_ROOT=tmp,
               STATIC_ROOT=os.path.join(tmp, "static"))
    t = time.perf_counter()
    manage(env, "migrate", "-v0")
    manage(env, "load_demo")
    manage(env, "generate_data", "--enterprises", str(args.enterprises), "--hazards", str(args.hazards),
           "--seed", "1")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "-c", MAKE_USER % PASSWORD)
    # A database in service, not one seconds after a bulk load: vacuumed (the visibility map that index-only
    # scans need) and analysed, so autovacuum does not run on the same two cores during the measurement.
    manage(env, "shell", "-c", VACUUM)
    print(f"setup: demo counties + {args.enterprises} enterprises, {args.hazards} hazards "
          f"in {time.perf_counter() - t:.0f} s", flush=True)

    proc = subprocess.Popen([str(BIN / "gunicorn"), "zhiben.wsgi", "--workers", str(args.workers),
                             "--bind", f"127.0.0.1:{args.port}", "--timeout", "60", "--log-level", "warning"],
                            cwd=ROOT, env=env)
    try:
        wait_ready(args.port, proc)
        user = Client(args.port)
        user.login("bench-load", PASSWORD)
        rows, failed = [], 0
        for label, path, needs_login, marker in ENDPOINTS:
            cookies = user.cookies if needs_login else {}
            drive(args.port, path, cookies, marker, min(20, args.requests), args.concurrency)  # warm-up
            seconds, lat, errors = drive(args.port, path, cookies, marker, args.requests, args.concurrency)
            failed += len(errors)
            rows.append((label, len(lat) / seconds, pct(lat, 50), pct(lat, 95), pct(lat, 99), errors))
        print(f"gunicorn workers={args.workers} concurrency={args.concurrency} requests/endpoint={args.requests} "
              f"database={env.get('DATABASE_URL', 'sqlite').split(':')[0]}")
        print(f"{'endpoint':<12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}  "
              f"{'req/s ÷ healthz':>15} {'p50 × healthz':>13}")
        base = rows[0]
        for label, rps, p50, p95, p99, errors in rows:
            print(f"{label:<12} {rps:>8.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {len(errors):>6}  "
                  f"{rps / base[1]:>15.2f} {p50 / base[2]:>13.1f}"
                  + (f"   e.g. {errors[:3]}" if errors else ""))
        print(f"errors_total={failed}")
        return 1 if failed else 0
    finally:
        proc.terminate()
        proc.wait(20)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=400, help="measured requests per endpoint")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    ap.add_argument("--enterprises", type=int, default=2000)
    ap.add_argument("--hazards", type=int, default=20000)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Re-run inside a throwaway PostgreSQL cluster (scripts/with_pg.sh exports DATABASE_URL).
        sys.exit(subprocess.call([str(ROOT / "scripts" / "with_pg.sh"), sys.executable, __file__, *sys.argv[1:]],
                                 cwd=ROOT))
    sys.exit(run(args))


if __name__ == "__main__":
    main()
