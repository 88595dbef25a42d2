"""python manage.py parse_plan PATH — print the parsed plan as JSON (spec/plan.schema.json)."""

import json

from django.core.management.base import BaseCommand, CommandError

from plans.parsing import UnreadableDocument, parse_file


class Command(BaseCommand):
    help = "解析方案文件（.docx/.txt/.pdf），输出 JSON"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args, path, indent, **options):
        try:
            result = parse_file(path)
        except FileNotFoundError as exc:
            raise CommandError(f"文件不存在：{path}") from exc
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=indent))
