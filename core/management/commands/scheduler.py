"""`manage.py scheduler`: the django-q2 cluster (the daily reminder pass, the delivery sweep), one per
database, that stops cleanly (issue 26).

- It takes the scheduler lease first (core.scheduler); while another process holds it, it says so and
  exits with status 3 instead of starting a second cluster beside the first.
- SIGTERM or SIGINT stops it: the cluster is asked to stop (its workers finish or are stopped), the
  lease is released, and if the cluster has not stopped within STOP_SECONDS its process group is
  killed — it never outlives the signal by more than that.
"""

import os
import signal
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.scheduler import Lease

STOP_SECONDS = 7
RENEW_SECONDS = 10


class Command(BaseCommand):
    help = "启动后台调度（每日提醒、外发投递）；同一数据库只运行一个，收到 SIGTERM/SIGINT 时在数秒内停止"

    def handle(self, *args, **options):
        from django_q.cluster import Cluster

        lease = Lease()
        ok, held = lease.acquire()
        if not ok:
            since = timezone.localtime(held.renewed_at).strftime("%H:%M:%S") if held.renewed_at else "—"
            self.stderr.write(f"另一个调度进程正在运行（主机 {held.host}，进程 {held.pid}，{since} 续约），本进程不启动。")
            raise SystemExit(3)
        stopping = []
        cluster = Cluster()  # installs its own handlers; ours replace them so the stop has a deadline
        signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
        signal.signal(signal.SIGINT, lambda signum, frame: stopping.append(signum))
        self.stdout.write(f"调度进程已启动（进程 {os.getpid()}）。")
        try:
            cluster.start()
            renewed = time.monotonic()
            while not stopping and cluster.sentinel.is_alive():
                time.sleep(0.5)
                if time.monotonic() - renewed >= RENEW_SECONDS:
                    renewed = time.monotonic()
                    if not lease.renew():
                        self.stderr.write("调度租约已被其他进程接管，本进程停止。")
                        break
        finally:
            self._stop(cluster)
            lease.release()
        self.stdout.write("调度进程已停止。")

    def _stop(self, cluster):
        sentinel = cluster.sentinel
        if sentinel is None or not sentinel.is_alive():
            return
        cluster.stop_event.set()
        sentinel.join(STOP_SECONDS)
        if sentinel.is_alive():  # a task that would not finish: stop the sentinel and its workers now
            for child in _descendants(sentinel.pid) + [sentinel.pid]:
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            sentinel.join(1)


def _descendants(pid):
    """Process ids below `pid` (Linux /proc), deepest first."""
    children = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                children.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    out, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        out.append(child)
        todo += children.get(child, [])
    return out[::-1]
