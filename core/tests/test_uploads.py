"""Uploads are checked by content and stored re-encoded, without the phone's metadata."""

import io

import pytest
from PIL import Image

from core.exceptions import ServiceError
from core.testing import photo
from core import uploads
from hazards import services

pytestmark = pytest.mark.django_db

GPS_IFD, MAKE, ORIENTATION, ARTIST = 0x8825, 0x010F, 0x0112, 0x013B


def report(world, sectors, picture):
    return services.report_hazard(world.u.alice, {"title": "护栏缺失", "description": "桥头护栏缺失",
                                                  "sector": sectors["road-freight"], "level": "general"}, [picture])


def stored_image(hazard):
    att = hazard.attachments.get()
    with att.file.open("rb") as f:
        data = f.read()
    return data, Image.open(io.BytesIO(data))


def test_a_stored_photo_carries_no_exif(world, sectors):
    hazard = report(world, sectors, photo(exif={MAKE: "PhoneCo", ARTIST: "张三 13912345678"}))
    data, image = stored_image(hazard)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert b"PhoneCo" not in data and "13912345678".encode() not in data


def test_a_sideways_phone_photo_is_stored_upright(world, sectors):
    # Orientation 6 = the camera was turned: a 64×48 sensor image is shown 48×64.
    hazard = report(world, sectors, photo(exif={ORIENTATION: 6}))
    _, image = stored_image(hazard)
    assert image.size == (48, 64)


def test_bytes_hidden_after_the_image_are_dropped(world, sectors):
    hazard = report(world, sectors, photo(tail=b"PK\x03\x04 hidden archive payload"))
    data, _ = stored_image(hazard)
    assert b"hidden archive payload" not in data


def test_an_oversized_file_is_refused_before_anything_is_saved(world, sectors, settings):
    settings.MAX_PHOTO_SIZE = 1000
    with pytest.raises(ServiceError, match="超过"):
        report(world, sectors, photo(size=(400, 400)))
    assert not world.alice_ent.hazards.exists()


def test_a_decompression_bomb_is_refused(world, sectors, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # the 64×48 test photo is then "too many pixels"
    with pytest.raises(ServiceError, match="像素过大"):
        uploads.image_extension(photo(size=(64, 48)))


def test_a_gif_is_refused_by_its_content(world, sectors):
    with pytest.raises(ServiceError, match="格式为 GIF"):
        report(world, sectors, photo(name="看似照片.jpg", fmt="GIF"))
