"""Signatures and on-site documents (issue 22 §3): the inspector and the inspected party's representative sign
on the phone (canvas → PNG kept with who and when); the 现场检查笔录 and the 责令限期整改指令书 print both
signatures in the official layout; a blank or forged image is refused; the enterprise reads its own record."""

import base64
import datetime
import io

import pytest
from PIL import Image, ImageDraw

from core.exceptions import ServiceError
from core.testing import photo
from inspections import enforcement, services
from inspections.models import CheckItem, Signature

from .conftest import answer_all


def drawn(text_offset=0, blank=False):
    img = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(img).line([(30 + text_offset, 150), (200, 40), (380, 160), (560, 50)], fill=(0, 0, 0, 255),
                                 width=6)
    out = io.BytesIO()
    img.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_both_sides_sign_and_both_documents_print_the_signatures(world, make_inspection, client_for, tmp_path):
    import pdfplumber

    inspection = make_inspection()
    target = inspection.targets.get()
    items = answer_all(world.u.road, inspection, fail=(0,), note="应急锤缺失")
    services.sign(world.u.road, inspection.pk, target.pk, role="inspector", name="郝广峰", image=drawn())
    services.sign(world.u.road, inspection.pk, target.pk, role="party", name="张总", image=drawn(40))
    assert [(s.role, s.name, s.signed_by) for s in Signature.objects.order_by("id")] == [
        ("inspector", "郝广峰", world.u.road), ("party", "张总", world.u.road)]
    assert inspection.events.filter(type="signed").count() == 2
    c = client_for(world.u.road)
    record = c.get(f"/inspections/{inspection.pk}/targets/{target.pk}/record.pdf")
    assert record["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(record.content)) as doc:
        text = "".join(p.extract_text() or "" for p in doc.pages).replace(" ", "")
        images = sum(len(p.images) for p in doc.pages)
        doc.pages[-1].to_image(resolution=80).save(tmp_path / "record.png")
    assert "现场检查笔录" in text and "应急锤缺失0" in text and "郝广峰" in text and "张总" in text
    assert images >= 3  # two signatures and the finding's photo
    hazard = services.hazard_from_item(world.u.road, items[0].pk)
    action = enforcement.record_action(world.u.road, {
        **enforcement.prefill(world.u.road, item_id=items[0].pk), "inspection": inspection, "hazard": hazard,
        "enterprise": world.alice_ent, "sector": world.alice_ent.sectors.first(), "region": world.alice_ent.region,
        "case_number": "甲交执责改〔2026〕7号", "decided_on": datetime.date.today(),
        "deadline": datetime.date.today() + datetime.timedelta(days=10)})
    order = c.get(f"/inspections/actions/{action.pk}/order.pdf")
    with pdfplumber.open(io.BytesIO(order.content)) as doc:
        text = "".join(p.extract_text() or "" for p in doc.pages).replace(" ", "")
        assert sum(len(p.images) for p in doc.pages) == 2
        doc.pages[-1].to_image(resolution=80).save(tmp_path / "order.png")
    assert "责令限期整改指令书" in text and "甲交执责改〔2026〕7号" in text and world.alice_ent.name in text
    assert items[0].basis.split()[0] in text  # the legal basis, from the item
    # The inspected enterprise reads both once the inspection is done.
    services.complete(world.u.road, inspection.pk, None, "责令限期整改")
    alice = client_for(world.u.alice)
    assert alice.get(f"/inspections/{inspection.pk}/targets/{target.pk}/record.pdf")["Content-Type"] == "application/pdf"
    assert alice.get(f"/inspections/actions/{action.pk}/order.pdf")["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("image, message", [
    ("", "请先在签名框内签名"), ("data:image/png;base64,!!!", "无法读取"), (drawn(blank=True), "空白"),
    ("data:image/png;base64," + base64.b64encode(photo().read()).decode(), "无法读取"),
])
def test_a_blank_or_bad_signature_is_refused_and_nothing_kept(world, make_inspection, image, message):
    inspection = make_inspection()
    with pytest.raises(ServiceError, match=message):
        services.sign(world.u.road, inspection.pk, inspection.targets.get().pk, role="party", name="张总", image=image)
    assert Signature.objects.count() == 0


def test_only_the_team_signs_and_the_page_offers_the_pad(world, make_inspection, client_for):
    inspection = make_inspection()
    target = inspection.targets.get()
    with pytest.raises(Exception):
        services.sign(world.u.highway, inspection.pk, target.pk, role="inspector", name="x", image=drawn())
    page = client_for(world.u.road).get(f"/inspections/{inspection.pk}/field/").content.decode()
    assert "data-signature" in page and "js/signature.js" in page and "record.pdf" in page
    r = client_for(world.u.road).post(f"/inspections/{inspection.pk}/targets/{target.pk}/sign/",
                                      {"role": "inspector", "name": "郝广峰", "image": drawn()})
    assert r.status_code == 302 and Signature.objects.count() == 1
    assert CheckItem.objects.filter(target=target).exists()


def test_a_signature_sent_again_after_a_lost_reply_is_kept_once(world, make_inspection):
    inspection = make_inspection()
    target = inspection.targets.get()
    first = services.sign(world.u.road, inspection.pk, target.pk, role="party", name="张总", image=drawn(), key="s-1")
    again = services.sign(world.u.road, inspection.pk, target.pk, role="party", name="张总", image=drawn(), key="s-1")
    assert again == first and Signature.objects.count() == 1
    assert inspection.events.filter(type="signed").count() == 1


def test_an_answer_sent_again_is_recorded_once(world, make_inspection):
    inspection = make_inspection()
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    for _ in range(2):
        services.record_item(world.u.road, item.pk, "fail", note="灭火器压力不足", photo=photo(), key="a-1")
    assert inspection.events.filter(type="item_recorded").count() == 1
    item.refresh_from_db()
    assert item.result == "fail" and item.note == "灭火器压力不足"


def test_the_api_takes_a_signature_once_per_key(world, make_inspection, client_for):
    inspection = make_inspection()
    target = inspection.targets.get()
    body = {"target": target.pk, "role": "inspector", "name": "郝广峰", "image": drawn(), "key": "api-1"}
    url = f"/api/inspections/{inspection.pk}/sign/"
    first = client_for(world.u.road).post(url, body, content_type="application/json")
    again = client_for(world.u.road).post(url, body, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Signature.objects.count() == 1
    blank = client_for(world.u.road).post(url, {**body, "key": "api-2", "image": drawn(blank=True)},
                                          content_type="application/json")
    assert blank.status_code == 400 and "空白" in blank.content.decode()
    other = client_for(world.u.highway).post(url, {**body, "key": "api-3"}, content_type="application/json")
    assert other.status_code in (403, 404) and Signature.objects.count() == 1
