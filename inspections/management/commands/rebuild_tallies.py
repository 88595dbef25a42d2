"""Recount the roll-ups from the registers — the hazards' (hazards/tally.py) and the inspection list's
(inspections/tally.py): after a bulk load, a restore, or to check them. Safe at any time: each app's
tables are replaced in one transaction. (Here, not in hazards: inspections may import hazards.)"""

from django.core.management.base import BaseCommand

from hazards import tally
from inspections import tally as inspection_tally


class Command(BaseCommand):
    help = "从隐患台账和检查记录重新统计汇总表"

    def handle(self, *args, **options):
        rows, months = tally.rebuild()
        self.stdout.write(f"隐患汇总：{rows} 行；月度汇总：{months} 行。")
        firms, regions = inspection_tally.rebuild()
        self.stdout.write(f"受检企业汇总：{firms} 行；督查人员汇总：{regions} 行。")
