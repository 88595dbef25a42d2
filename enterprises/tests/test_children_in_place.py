"""Issue 17 #6 and #8: saving an enterprise keeps its people (training records point at them),
an enterprise's own edit saves, and no door lets an enterprise change what the bureau records."""

import datetime

import pytest
from rest_framework.test import APIClient

from enterprises.models import Contact, Licence
from safety.models import Attendee, Training


@pytest.fixture
def trained(world):
    contact = Contact.objects.create(enterprise=world.alice_ent, role="principal", name="艾丽斯", phone="13900001111")
    training = Training.objects.create(kind="key_people", title="主要负责人培训", region=world.a, hours=8,
                                       start_on=datetime.date(2026, 3, 1), end_on=datetime.date(2026, 3, 1),
                                       created_by=world.u.safety)
    Attendee.objects.create(training=training, contact=contact)
    Licence.objects.create(enterprise=world.alice_ent, kind="road_transport", number="蒙交运管许可001",
                           valid_until=datetime.date(2027, 12, 31))
    return contact


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_saving_unchanged_contacts_keeps_them(world, trained):
    client = api(world.u.safety)
    body = client.get(f"/api/enterprises/{world.alice_ent.pk}/").json()
    r = client.patch(f"/api/enterprises/{world.alice_ent.pk}/",
                     {"version": body["version"], "contacts": body["contacts"], "address": "甲镇新址"}, format="json")
    assert r.status_code == 200, r.content.decode()
    assert list(world.alice_ent.contacts.values_list("pk", flat=True)) == [trained.pk]
    # Without ids, the same role and name is the same person too.
    contacts = [{k: v for k, v in c.items() if k != "id"} | {"phone": "13900002222"} for c in body["contacts"]]
    r = client.patch(f"/api/enterprises/{world.alice_ent.pk}/", {"version": r.json()["version"], "contacts": contacts},
                     format="json")
    assert r.status_code == 200 and Contact.objects.get(pk=trained.pk).phone == "13900002222"


def test_removing_a_trained_contact_is_refused_in_chinese(world, trained):
    client = api(world.u.safety)
    version = client.get(f"/api/enterprises/{world.alice_ent.pk}/").json()["version"]
    r = client.patch(f"/api/enterprises/{world.alice_ent.pk}/", {"version": version, "contacts": []}, format="json")
    assert r.status_code == 400 and "培训记录" in str(r.json())
    assert Contact.objects.filter(pk=trained.pk).exists()


def test_the_enterprise_saves_its_own_form(world, client_for, trained):
    e = world.alice_ent
    data = {
        "version": e.version, "short_name": "爱丽丝物流", "address": "甲镇自填地址", "phone": "",
        "legal_representative": "", "business_scope": "", "vehicles_count": 2, "ships_count": 0,
        "employees_count": 5,
        "contacts-TOTAL_FORMS": 1, "contacts-INITIAL_FORMS": 1,
        "contacts-0-id": trained.pk, "contacts-0-enterprise": e.pk, "contacts-0-role": "principal",
        "contacts-0-name": "艾丽斯", "contacts-0-phone": "13900001111", "contacts-0-training_status": "trained",
        "vehicles-TOTAL_FORMS": 0, "vehicles-INITIAL_FORMS": 0, "ships-TOTAL_FORMS": 0, "ships-INITIAL_FORMS": 0,
    }
    r = client_for(world.u.alice).post(f"/enterprises/{e.pk}/edit/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    e.refresh_from_db()
    assert e.address == "甲镇自填地址" and list(e.contacts.values_list("pk", flat=True)) == [trained.pk]
    assert e.licences.get().number == "蒙交运管许可001"


def test_the_api_gives_an_enterprise_no_more_than_its_web_form(world, trained):
    client = api(world.u.alice)
    body = client.get(f"/api/enterprises/{world.alice_ent.pk}/").json()
    fake = [{"kind": "road_transport", "number": "FAKE-0001", "valid_until": "2030-12-31"}]
    for change in ({"licences": fake}, {"name": "改名物流"}, {"sectors": []}):
        r = client.patch(f"/api/enterprises/{world.alice_ent.pk}/", {"version": body["version"], **change},
                         format="json")
        assert r.status_code in (400, 403) and "企业用户不能修改" in str(r.json()), change
    assert world.alice_ent.licences.get().number == "蒙交运管许可001"
    # Sending back what the bureau recorded, unchanged, is fine; its own fields save.
    r = client.patch(f"/api/enterprises/{world.alice_ent.pk}/",
                     {"version": body["version"], "name": body["name"], "licences": body["licences"],
                      "address": "甲镇接口地址"}, format="json")
    assert r.status_code == 200, r.content.decode()
    assert r.json()["address"] == "甲镇接口地址" and r.json()["name"] == body["name"]
