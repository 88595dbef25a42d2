"""`manage.py serve [addr:port]`: what `make run` runs — the development web server and the scheduler,
stopped together (issue 26).

Each child runs in its own session, so this process alone answers the terminal's Ctrl-C or a
supervisor's SIGTERM/SIGINT to the group: it asks the web server's process group to stop and the
scheduler to stop (it stops its cluster and releases its lease), waits up to STOP_SECONDS, then kills
whatever is left of both groups. Nothing it started outlives it. If the scheduler finds another one
running on the same database, the web server runs on alone.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_SECONDS = 8


def _signal_group(pid, sig):
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class Command(BaseCommand):
    help = "启动网页服务和后台调度（make run 使用）；Ctrl-C 或 SIGTERM 时二者在 10 秒内一并停止"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true", help="不自动重载代码")

    def handle(self, *args, addrport, noreload=False, **options):
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        web_cmd = [sys.executable, manage, "runserver", addrport] + (["--noreload"] if noreload else [])
        web = subprocess.Popen(web_cmd, start_new_session=True)
        scheduler = subprocess.Popen([sys.executable, manage, "scheduler"], start_new_session=True)
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda signum, frame: stopping.append(signum))
        try:
            while not stopping and web.poll() is None:
                time.sleep(0.2)
        finally:
            self._stop(web, scheduler)
        return None

    def _stop(self, web, scheduler):
        if web.poll() is None:
            _signal_group(web.pid, signal.SIGTERM)
        if scheduler.poll() is None:
            try:
                scheduler.send_signal(signal.SIGTERM)  # the scheduler stops its cluster and frees its lease
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline and (web.poll() is None or scheduler.poll() is None):
            time.sleep(0.1)
        for child in (web, scheduler):  # whatever is left in either group, leader or not
            _signal_group(child.pid, signal.SIGKILL)
            try:
                child.wait(2)
            except subprocess.TimeoutExpired:
                pass
