"""Recount the hazard roll-ups (hazards/tally.py) from the register: after a bulk load, a restore,
or to check them. Safe at any time: one transaction replaces both tables."""

from django.core.management.base import BaseCommand

from hazards import tally


class Command(BaseCommand):
    help = "从隐患台账重新统计隐患汇总表"

    def handle(self, *args, **options):
        rows, months = tally.rebuild()
        self.stdout.write(f"隐患汇总：{rows} 行；月度汇总：{months} 行。")
