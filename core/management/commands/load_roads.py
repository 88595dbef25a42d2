"""Load a county's roads for the map without a tile server: a GeoJSON of road lines (the 路网 the 公路 unit
keeps, exported from its GIS as GeoJSON in WGS-84/CGCS2000, or GCJ-02 with --gcj02). Replaces the county's
roads whole; a bad file changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import maps


class Command(BaseCommand):
    help = "加载县（市、区）路网（GeoJSON 道路线），供无在线底图时的风险地图显示"

    def add_arguments(self, parser):
        parser.add_argument("path", help="GeoJSON 文件")
        parser.add_argument("--region", required=True, help="县级区划代码（6 位），如 150626")
        parser.add_argument("--gcj02", action="store_true", help="坐标为 GCJ-02（高德/腾讯），加载时转换为 WGS-84")

    def handle(self, *args, path, region, gcj02, **options):
        from org.models import Region

        county = Region.objects.filter(code=region).first()
        if county is None:
            raise CommandError(f"区划代码 {region} 不存在。")
        try:
            raw = Path(path).read_bytes()
        except OSError:
            raise CommandError(f"无法读取文件：{path}") from None
        try:
            collection = maps.parse_roads(raw, gcj02=gcj02)
        except maps.RoadsError as exc:
            raise CommandError(str(exc)) from None
        maps.save_roads(county.code, collection)
        counts = {}
        for feature in collection["features"]:
            counts[feature["properties"]["class"]] = counts.get(feature["properties"]["class"], 0) + 1
        names = {"expressway": "高速", "national": "国道", "provincial": "省道", "county": "县道", "other": "其他道路"}
        summary = "，".join(f"{names[c]} {counts[c]} 条" for c in maps.ROAD_CLASSES if c in counts)
        self.stdout.write(self.style.SUCCESS(f"{county.name}路网已加载：{summary}。"))
