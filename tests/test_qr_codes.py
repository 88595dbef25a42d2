"""QR codes (issue 22 §7): an enterprise's printed code leads its own account to what it does on site and the
bureau's staff to the enterprise's page; a hazard placard's code opens a public page with nothing private.
The codes are decoded from the PNG (and from the printed PDF's image) as a phone's camera would."""

import io

import pytest
import zxingcpp
from PIL import Image

from core.testing import photo
from hazards import services as hazard_services
from hazards.documents import placard_token
from hazards.models import Hazard

pytestmark = pytest.mark.django_db


def decoded(png):
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].text


def local(url, settings):
    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL.rstrip("/")):]


def test_an_enterprise_code_leads_each_reader_to_their_own_page(world, client_for, settings):
    settings.SITE_URL = "https://zhiben.example.gov.cn"
    staff = client_for(world.u.road)
    path = local(decoded(staff.get(f"/enterprises/{world.alice_ent.pk}/qr.png").content), settings)
    assert path == f"/enterprises/{world.alice_ent.pk}/scan/"
    to = staff.get(path)
    assert to.status_code == 302 and to["Location"].startswith(f"/enterprises/{world.alice_ent.pk}/")
    page = staff.get(to["Location"]).content.decode()
    assert f"/inspections/new/?enterprise={world.alice_ent.pk}" in page  # 开始检查, one tap
    sheet = staff.get(f"/enterprises/{world.alice_ent.pk}/qr.pdf?size=a6")
    assert sheet["Content-Type"] == "application/pdf" and sheet.content.startswith(b"%PDF")
    # (client_for signs the one test client in as each user in turn)
    own = client_for(world.u.alice).get(path).content.decode()
    assert 'data-testid="scan-report"' in own and 'data-testid="scan-check"' in own
    assert client_for(world.u.bob).get(path).status_code == 404  # another enterprise's code opens nothing
    assert client_for(world.u.bob).get(f"/enterprises/{world.alice_ent.pk}/qr.png").status_code == 404


def test_the_printed_sheet_carries_a_code_that_scans(world, client_for, settings):
    import pdfplumber

    settings.SITE_URL = "https://zhiben.example.gov.cn"
    pdf = client_for(world.u.road).get(f"/enterprises/{world.alice_ent.pk}/qr.pdf").content
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert world.alice_ent.name in page.extract_text()
        image = page.to_image(resolution=150).original
    found = zxingcpp.read_barcodes(image)
    assert [local(f.text, settings) for f in found] == [f"/enterprises/{world.alice_ent.pk}/scan/"]


def test_a_placard_code_opens_a_public_page_with_nothing_private(world, sectors, client, client_for, settings):
    hazard = hazard_services.report_hazard(world.u.road, {
        "title": "危化品仓库消防通道堵塞", "description": "通道内堆放纸箱，负责人电话13800138000", "level": "general",
        "sector": sectors["road-freight"], "enterprise": world.alice_ent, "owner_name": "王五",
        "owner_phone": "13912345678"}, [photo()])
    road = client_for(world.u.road)
    assert road.get(f"/hazards/{hazard.pk}/placard.pdf").status_code == 404  # not verified yet: nothing to post
    Hazard.objects.filter(pk=hazard.pk).update(state=Hazard.State.RECTIFYING)
    pdf = road.get(f"/hazards/{hazard.pk}/placard.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    path = f"/gongshi/yh/{placard_token(hazard)}/"
    page = client.get(path).content.decode()  # nobody signed in
    assert hazard.number in page and "危化品仓库消防通道堵塞" in page
    assert Hazard.objects.get(pk=hazard.pk).get_state_display() in page
    for private in ("13800138000", "13912345678", "王五", "通道内堆放纸箱", "/hazards/files/"):
        assert private not in page, private
    forged = path.replace(str(hazard.pk), str(hazard.pk + 1), 1)
    assert client.get(forged).status_code == 404
    assert client.get(f"/gongshi/yh/{hazard.pk}/").status_code == 404
