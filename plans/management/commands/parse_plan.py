"""python manage.py parse_plan PATH [--format json|table] — print the parsed plan: the JSON of
spec/plan.schema.json, or a table a clerk can read (one line per proposed task)."""

import json

from django.core.management.base import BaseCommand, CommandError

from plans.parsing import UnreadableDocument, parse_file
from plans.parsing.summary import summary_lines


class Command(BaseCommand):
    help = "解析方案文件（.docx/.doc/.wps/.txt/.pdf），输出 JSON 或表格"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args, path, format, indent, **options):
        try:
            result = parse_file(path)
        except FileNotFoundError as exc:
            raise CommandError(f"文件不存在：{path}") from exc
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc
        if format == "table":
            self.stdout.write("\n".join(summary_lines(result)))
        else:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=indent))
