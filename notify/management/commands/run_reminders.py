"""python manage.py run_reminders --once [--today YYYY-MM-DD]

One reminder pass and one delivery sweep — for cron, tests and a first look. Without
--once it keeps going (healthchecks-style loop, an alternative to `qcluster`): the pass
once an hour (it is idempotent: a second pass the same day sends nothing new) and the
delivery sweep every minute."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from notify.delivery import deliver_due
from notify.reminders import run_pass


class Command(BaseCommand):
    help = "发送到期提醒与升级提醒（每人每天一份汇总）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只运行一次")
        parser.add_argument("--today", help="按此日期运行（YYYY-MM-DD），用于补发或测试")

    def handle(self, *args, once, today, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today 应为 YYYY-MM-DD 格式的日期") from exc
        if once:
            self._pass(today)
            return
        last_pass = 0.0
        while True:  # pragma: no cover - the loop body is the --once path
            if time.monotonic() - last_pass > 3600:
                self._pass(today, sweep=False)
                last_pass = time.monotonic()
            deliver_due()
            time.sleep(60)

    def _pass(self, today, sweep=True):
        result = run_pass(today)
        line = f"digests={result.digests} lines={result.lines} skipped={result.skipped}"
        if sweep:
            sent, failed = deliver_due()
            line += f" sent={sent} failed={failed}"
        self.stdout.write(line)
