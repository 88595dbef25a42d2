"""python manage.py dispatch_report [--form CODE] --from YYYY-MM-DD --to YYYY-MM-DD [--region CODE]
    --format json|xlsx [--out FILE]

Prints (or writes) the 调度统计表 in a form (default: sector-tree, every top-level 行业领域;
yunxi-2023: attachment 2 of the Yunxi plan as issued) for the period, over a region (default:
the whole country's data) — the same computation as the web page."""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from org.models import Region, User
from reports import dispatch
from reports.exports import dispatch_xlsx




class Command(BaseCommand):
    help = "输出调度统计表（JSON 或 Excel）"

    def add_arguments(self, parser):
        parser.add_argument("--form", default="sector-tree", help="报表格式代码（sector-tree、yunxi-2023 …）")
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--region", help="区划代码（默认全部）")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--out", help="输出文件（xlsx 必填，json 默认输出到屏幕）")

    def handle(self, *args, form, start, end, region, format, out, **options):
        from reports.models import ReportForm

        definition = ReportForm.objects.filter(code=form).first()
        if definition is None:
            codes = "、".join(ReportForm.objects.values_list("code", flat=True))
            raise CommandError(f"未找到报表格式 {form}（可用：{codes}）。")
        try:
            start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        if end < start:
            raise CommandError("结束日期不能早于开始日期。")
        area = None
        if region:
            area = Region.objects.filter(code=region).first()
            if area is None:
                raise CommandError(f"未找到区划代码 {region}。")
        # Reads as the region's 安委办 would; without --region, every region (the operator on the server).
        reader = User(role="safety_office", region=area, is_active=True, is_superuser=area is None,
                      username="dispatch_report")
        table = dispatch.compute(reader, start, end, area, form=definition)
        if format == "json":
            text = json.dumps(dispatch.as_json(table), ensure_ascii=False, indent=1)
            if out:
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                sys.stdout.write(text + "\n")
            return
        if not out:
            raise CommandError("xlsx 格式请用 --out 指定输出文件。")
        title = definition.title_for(area.name if area else "")
        with open(out, "wb") as fh:
            fh.write(dispatch_xlsx(table, title, f"{area.name}交通运输局" if area else ""))
        self.stdout.write(f"已写入 {out}")
