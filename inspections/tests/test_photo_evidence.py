"""Photos as evidence (issue 22 §5): the stored copy carries the time, the place and the coordinates in a band
along its foot — from the camera's EXIF GPS, or from the phone's position the page sent — while the unstamped
original is kept beside it; the metadata itself is stripped from both."""

import io

from django.utils import timezone
from PIL import Image, ImageStat

from core.testing import photo
from inspections import services
from inspections.models import CheckItem


def gps_exif():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (38.0, 36.0, 0.0), 3: "E", 4: (108.0, 50.0, 24.0)}
    exif[306] = "2026:11:20 09:30:00"
    return exif


def foot_is_banded(fieldfile):
    with fieldfile.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as img:
        img = img.convert("RGB")
        foot = img.crop((0, img.height - 5, img.width, img.height))
        return sum(ImageStat.Stat(foot).mean) / 3, bool(img.getexif())


def test_the_camera_s_gps_and_time_are_stamped_and_the_original_kept(world, make_inspection):
    inspection = make_inspection()
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    services.record_item(world.u.road, item.pk, "fail", "消防器材过期",
                         photo(size=(640, 480), color=(240, 240, 240), exif=gps_exif()))
    item.refresh_from_db()
    assert (float(item.photo_lat), float(item.photo_lng)) == (38.6, 108.84)
    assert timezone.localtime(item.photo_taken_at).strftime("%Y-%m-%d %H:%M") == "2026-11-20 09:30"  # camera's clock
    stamped_foot, stamped_exif = foot_is_banded(item.photo)
    original_foot, original_exif = foot_is_banded(item.photo_original)
    assert stamped_foot < 150 < original_foot  # the dark band under the white text, only on the evidence copy
    assert not stamped_exif and not original_exif  # no metadata kept in either


def test_the_page_s_position_is_used_when_the_camera_wrote_none(world, make_inspection, client_for):
    inspection = make_inspection()
    items = list(CheckItem.objects.filter(target__inspection=inspection).order_by("order"))
    c = client_for(world.u.road)
    c.post(f"/inspections/items/{items[0].pk}/", {"result": "fail", "note": "通道堵塞", "photo": photo(),
                                                   "lat": "38.8", "lng": "108.6"})
    services.record_item(world.u.road, items[1].pk, "fail", "无定位", photo())
    first, second = (CheckItem.objects.get(pk=i.pk) for i in items[:2])
    assert (float(first.photo_lat), float(first.photo_lng)) == (38.8, 108.6)
    assert second.photo_lat is None and second.photo and second.photo_original
    assert c.get(f"/inspections/items/{first.pk}/photo/?original=1").status_code == 200
