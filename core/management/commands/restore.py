from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 backup 生成的目录恢复数据库与附件：先校验全部文件，只恢复到空库，恢复后核对记录数。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录（含 manifest.json）")
        parser.add_argument("--database-url", help="恢复到此数据库（默认：当前配置的数据库）")
        parser.add_argument("--media-root", help="附件恢复到此目录（默认：MEDIA_ROOT）")
        parser.add_argument("--force", action="store_true", help="目标不是空的也覆盖")

    def handle(self, *args, source, database_url=None, media_root=None, force=False, **options):
        try:
            counts = restore(source, database_url=database_url, media_root=media_root, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已恢复 {len(counts)} 张表，共 {sum(counts.values())} 行记录；附件与清单一致。")
