from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.backup import orphan_media


class Command(BaseCommand):
    help = "列出（--dry-run）或删除附件目录中没有任何记录引用的文件（事务回滚后遗留的上传）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")
        parser.add_argument("--grace-minutes", type=int, default=60, help="不动最近这么多分钟内写入的文件（默认 60）")

    def handle(self, *args, dry_run=False, grace_minutes=60, **options):
        root = Path(settings.MEDIA_ROOT)
        orphans = orphan_media(grace_minutes)
        for path in orphans:
            self.stdout.write(path.relative_to(root).as_posix())
            if not dry_run:
                path.unlink()
        verb = "发现" if dry_run else "已删除"
        self.stdout.write(f"{verb} {len(orphans)} 个无记录引用的附件文件。")
