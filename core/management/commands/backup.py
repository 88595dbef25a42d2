from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库与附件，并写出带 SHA-256 校验的清单（SQLite 与 PostgreSQL）。"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="备份存放目录（每次备份在其下新建一个子目录）")

    def handle(self, *args, out, **options):
        try:
            target = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(target))
