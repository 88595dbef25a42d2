"""Issue 24 #5: one masking rule for every phone in every download — 138****1234 — unless the user asks
for full numbers to edit and re-import (?full=1, allowed to importers only, audited). The downloads
are found in the URL configuration, as for their names (tests/test_download_names.py)."""

import io
import zipfile

import pytest

from core.validators import PHONE_IN_TEXT
from org.models import User
from tests.test_download_names import concrete, download_routes

pytestmark = pytest.mark.django_db

# A mobile number (1xx xxxx xxxx) or a landline with its area code (0477-8612345), written in full:
# the pattern the masking itself uses.
PHONE = PHONE_IN_TEXT
# The official forms carry the signer's own contact line as issued (单位负责人/填表人/联系电话): the
# sender's number for the receiver to call, not personal data about someone else.
SIGNED_FORMS = ("reports/submissions/", "reports/received/")


def texts(response):
    body = response.getvalue()  # a streamed export too
    if body[:2] == b"PK":  # .xlsx / .docx: the XML inside
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return " ".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    if body[:4] == b"%PDF":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(body)) as pdf:
            return " ".join(page.extract_text() or "" for page in pdf.pages)
    return body.decode("utf-8", "ignore")


def test_no_download_writes_a_phone_number_in_full(demo_db, client):
    from plans.models import Slot
    from reports.services import submit_dispatch

    unit = User.objects.get(username="unit")
    slot = (Slot.objects.for_user(unit).filter(submitted_at__isnull=True, duty__kind="form")
            .order_by("due_date").first())
    submit_dispatch(unit, slot.pk, head="朝格查", filler="郝广峰", phone="13947731234")
    safety, auditor = User.objects.get(username="safety"), User.objects.get(username="auditor")
    found = {}
    for route in download_routes():
        if route.startswith(SIGNED_FORMS):
            continue
        client.force_login(auditor if route.startswith("audit/") else safety)
        response = client.get(concrete(route))
        assert response.status_code == 200, route
        full = PHONE.findall(texts(response))
        if full:
            found[route] = full[:3]
    assert found == {}


def test_pages_show_every_phone_masked_with_an_audited_look(demo_db, client):
    """The enterprise page (office line and contacts), the hazard page (整改责任人) and the duty roster show
    138****1234 with 显示; the full number comes from one view that writes an audit row per look."""
    from audit.models import AuditEntry
    from enterprises.models import Contact, Enterprise
    from hazards.models import Hazard

    client.force_login(User.objects.get(username="safety"))
    firm = Enterprise.objects.exclude(phone="").filter(contacts__phone__gt="").first()
    hazard = Hazard.objects.exclude(owner_phone="").first()
    pages = {firm.get_absolute_url(): [firm.phone, *firm.contacts.values_list("phone", flat=True)],
             hazard.get_absolute_url(): [hazard.owner_phone], "/org/duty/": []}
    for url, numbers in pages.items():
        html = client.get(url).content.decode()
        assert PHONE.findall(html) == [], url
        for number in numbers:
            assert number not in html and number[:3] in html, (url, number)
    contact = Contact.objects.filter(enterprise=firm).exclude(phone="").first()
    before = AuditEntry.objects.filter(kind=AuditEntry.Kind.VIEW_PERSONAL).count()
    for kind, pk, number in [("contact", contact.pk, contact.phone), ("enterprise", firm.pk, firm.phone),
                             ("hazard", hazard.pk, hazard.owner_phone)]:
        assert number in client.get(f"/org/phone/{kind}/{pk}/").content.decode()
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.VIEW_PERSONAL).count() == before + 3
    assert client.get("/org/phone/nothing/1/").status_code == 404
    # Outside the scope: refused like any record.
    client.force_login(User.objects.get(username="qinshui"))
    assert client.get(f"/org/phone/contact/{contact.pk}/").status_code == 404
