import pytest

from core.testing import photo
from tipoffs.models import TipOff, TipOffEvent, TipOffPhoto


def test_a_member_of_the_public_files_a_tip_off_and_gets_a_receipt(public_post, world):
    r = public_post()
    t = TipOff.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/jubao/huizhi/{t.code}/"
    assert t.code.startswith("JB") and len(t.code) == 12
    assert t.photos.count() == 1 and t.state == "submitted"
    assert t.handling_unit == world.road_unit  # road is the road unit's sector in county A
    assert t.reporter_phone == "13912345678" and not t.anonymous


def test_the_receipt_and_progress_pages_show_no_internals(client, public_post):
    public_post()
    t = TipOff.objects.get()
    t.findings = "内部核查意见：某某执法员现场检查"
    t.save()
    page = client.get(f"/jubao/huizhi/{t.code}/").content.decode()
    assert t.code in page and "已收到，等待受理" in page
    progress = client.get(f"/jubao/chaxun/{t.code.lower()}/").content.decode()
    for secret in ("内部核查意见", "13912345678", "李四", "运输服务中心"):
        assert secret not in progress
    assert client.get("/jubao/chaxun/JBNOTACODE00/").status_code == 404


@pytest.mark.parametrize("fields, message", [
    ({"description": ""}, "请填写举报内容"),
    ({"description": "太短"}, "至少写 10 个字"),
    ({"description": "<script>alert(1)</script>危险货物车辆违规停放在小区门口"}, "不能包含网页代码"),
    ({"subject": "<img src=x onerror=alert(1)>"}, "不能包含网页代码"),
    ({"reporter_phone": ""}, "请留下联系电话"),
    ({"reporter_phone": "abc"}, "电话"),
    ({"region": ""}, "请选择所在县"),
    ({"sector": "99999"}, "请选择行业领域"),
    ({"occurred_on": "2030-01-01"}, "不能晚于今天"),
    ({"occurred_on": "2999-01-01"}, "日期应在"),
])
def test_bad_input_is_refused_with_chinese_and_saves_nothing(public_post, fields, message):
    r = public_post(**fields)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert TipOff.objects.count() == 0 and TipOffPhoto.objects.count() == 0


def test_fake_and_oversized_images_are_refused(public_post, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'not an image'; ?>", content_type="image/jpeg")
    r = public_post(photos=[photo(), fake])
    assert r.status_code == 400 and "不是有效的图片" in r.content.decode()
    settings.MAX_PHOTO_SIZE = 100
    r = public_post(photos=[photo()])
    assert r.status_code == 400 and "超过" in r.content.decode()
    assert TipOff.objects.count() == 0 and TipOffPhoto.objects.count() == 0


def test_too_many_photos_are_refused(public_post):
    r = public_post(photos=[photo() for _ in range(6)])
    assert r.status_code == 400 and "最多上传 5 张" in r.content.decode()


def test_a_flood_from_one_address_is_throttled_and_others_are_not(public_post, settings):
    settings.TIPOFF_RATE_PER_HOUR = 3
    for _ in range(3):
        assert public_post().status_code == 302
    r = public_post()
    assert r.status_code == 429 and "过于频繁" in r.content.decode()
    assert TipOff.objects.count() == 3
    assert public_post(address="198.51.100.20").status_code == 302


def test_the_raw_address_is_not_stored(public_post):
    public_post(address="203.0.113.99")
    t = TipOff.objects.get()
    assert "203.0.113.99" not in t.source_hash and len(t.source_hash) == 64


def test_anonymous_tip_offs_keep_no_identity(public_post):
    public_post(anonymous="on", reporter_name="王五", reporter_phone="13700000000")
    t = TipOff.objects.get()
    assert t.anonymous and t.reporter_name == "" and t.reporter_phone == ""
    # The event row (which feeds logs) carries no personal data either.
    data = str(TipOffEvent.objects.get().data)  # (its ids may hold any digits: look for the number and the name)
    assert "13700000000" not in data and "王五" not in data


def test_lookups_are_rate_limited(client, public_post):
    from django.core.cache import cache

    cache.clear()
    for _ in range(30):
        client.get("/jubao/chaxun/JBXXXXXXXXXX/", REMOTE_ADDR="192.0.2.1")
    assert client.get("/jubao/chaxun/JBXXXXXXXXXX/", REMOTE_ADDR="192.0.2.1").status_code == 429
    cache.clear()
