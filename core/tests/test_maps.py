"""Base maps inside the government network (issue 22 §8): 天地图's vector and annotation layers from its key,
any XYZ template as before, and with neither the county's shipped boundary and its towns; GCJ-02 points
(高德/腾讯 picks) taken back to WGS-84."""

import pytest

from core import maps
from core.middleware import content_security_policy


def test_tianditu_layers_come_from_the_key(settings):
    settings.TIANDITU_KEY, settings.MAP_TILE_URL = "abc123", ""
    vec, cva = maps.base_layers()
    assert vec["url"].startswith("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile")
    assert "LAYER=vec" in vec["url"] and "TILEMATRIXSET=w" in vec["url"] and vec["url"].endswith("&tk=abc123")
    assert "{z}" in vec["url"] and "TILEROW={y}" in vec["url"] and "TILECOL={x}" in vec["url"]
    assert cva["url"].startswith("https://t{s}.tianditu.gov.cn/cva_w/") and "LAYER=cva" in cva["url"]
    assert vec["subdomains"] == "01234567" and "天地图" in vec["attribution"]
    assert "https://*.tianditu.gov.cn" in content_security_policy()


def test_a_custom_template_or_none(settings):
    settings.TIANDITU_KEY, settings.MAP_TILE_URL = "", "https://tiles.example.gov.cn/{z}/{x}/{y}.png"
    assert [layer["url"] for layer in maps.base_layers()] == ["https://tiles.example.gov.cn/{z}/{x}/{y}.png"]
    settings.MAP_TILE_URL = ""
    assert maps.base_layers() == []
    assert "tianditu" not in content_security_policy()


def test_gcj02_goes_back_to_wgs84():
    # Tiananmen: WGS-84 (39.90872, 116.39748) reads as about (39.91012, 116.40372) on a 高德 map.
    glat, glng = maps.wgs84_to_gcj02(39.90872, 116.39748)
    assert abs(glat - 39.91012) < 2e-4 and abs(glng - 116.40372) < 2e-4
    lat, lng = maps.gcj02_to_wgs84(glat, glng)
    assert abs(lat - 39.90872) < 1e-6 and abs(lng - 116.39748) < 1e-6
    assert maps.gcj02_to_wgs84(48.85, 2.35) == (48.85, 2.35)  # outside China: untouched


@pytest.mark.django_db
def test_the_base_layer_is_the_county_boundary_and_its_towns(client_for, world):
    from decimal import Decimal

    from enterprises.models import Enterprise

    county = world.a
    county.code = "150626"
    county.save()
    Enterprise.objects.filter(pk=world.alice_ent.pk).update(latitude=Decimal("38.60"), longitude=Decimal("108.84"))
    data = client_for(world.u.safety).get("/maps/base.json").json()
    assert data["boundary"]["type"] == "MultiPolygon"
    lng, lat = data["boundary"]["coordinates"][0][0][0]
    assert 107 < lng < 110 and 37 < lat < 40  # 乌审旗, in WGS-84
    assert data["towns"] == [{"name": world.a_town.name, "lat": 38.6, "lng": 108.84}]
    assert client_for(world.u.safety_b).get("/maps/base.json").json()["boundary"] is None  # no shipped file


ROADS = "testdata/roads/wushen-sample.geojson"


@pytest.mark.django_db
def test_the_bureau_loads_its_roads_and_the_base_layer_draws_them(client_for, world, settings, tmp_path):
    import json
    from io import StringIO

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    county = world.a
    county.code = "150626"
    county.save()
    assert client_for(world.u.safety).get("/maps/base.json").json()["roads"] is None  # none loaded yet
    out = StringIO()
    call_command("load_roads", ROADS, region="150626", stdout=out)
    assert "高速 1 条，省道 1 条，县道 1 条" in out.getvalue()
    roads = client_for(world.u.safety).get("/maps/base.json").json()["roads"]
    assert [(f["properties"]["code"], f["properties"]["class"]) for f in roads["features"]] == [
        ("X601", "county"), ("S215", "provincial"), ("G65", "expressway")]  # main roads drawn last, on top
    assert roads["features"][2]["properties"]["name"] == "包茂高速"
    assert roads["features"][1]["geometry"]["coordinates"][1] == [[108.84, 38.6], [108.9, 38.3]]
    # GCJ-02 input (a 高德 export) is taken back to WGS-84 as it loads.
    call_command("load_roads", ROADS, region="150626", gcj02=True, stdout=StringIO())
    lng, lat = json.loads(maps.roads_path("150626").read_text())["features"][2]["geometry"]["coordinates"][0][0]
    assert abs(lng - 109.05) > 1e-3 and abs(lng - 109.05) < 0.01 and abs(lat - 38.95) < 0.01


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", [
    (b"\x89PNG not json", "不是 GeoJSON"),
    (b'{"type": "Topology"}', "要素集合"),
    (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", '
     b'"coordinates": [108.8, 38.6]}}]}', "没有道路线"),
    (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "LineString", '
     b'"coordinates": [[500000, 4270000], [500100, 4270100]]}}]}', "不在我国境内"),
    (b'{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}, "features": []}',
     "投影坐标系"),
    (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "LineString", '
     b'"coordinates": [[108.8, 38.6]]}}]}', "少于两个点"),
])
def test_a_bad_roads_file_is_refused_in_chinese_and_changes_nothing(world, settings, tmp_path, content, message):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.MEDIA_ROOT = tmp_path / "media"
    county = world.a
    county.code = "150626"
    county.save()
    call_command("load_roads", ROADS, region="150626", stdout=StringIO())
    before = maps.roads_path("150626").read_bytes()
    bad = tmp_path / "bad.geojson"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("load_roads", str(bad), region="150626", stdout=StringIO())
    assert maps.roads_path("150626").read_bytes() == before
    assert not list(maps.roads_path("150626").parent.glob("*.tmp"))
    with pytest.raises(CommandError, match="不存在"):
        call_command("load_roads", ROADS, region="999999", stdout=StringIO())
