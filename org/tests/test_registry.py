import datetime

import pytest
from django.core.exceptions import PermissionDenied

from conftest import PersonFactory
from core.exceptions import ServiceError
from org import registry
from org.models import DutyShift, Expert, RegistryEvent


def test_the_safety_office_keeps_the_expert_registry(world, client_for, sectors):
    client = client_for(world.u.safety)
    client.post("/org/experts/new/", {"name": "王工", "field": "道路运输安全", "title": "高级工程师",
                                      "available": "on", "sectors": [sectors["road"].pk]})
    expert = Expert.objects.get()
    assert expert.region == world.a and list(expert.sectors.all()) == [sectors["road"]]
    assert RegistryEvent.objects.get().object_id == expert.pk
    assert "王工" in client_for(world.u.road).get("/org/experts/").content.decode()
    assert "王工" not in client_for(world.u.safety_b).get("/org/experts/").content.decode()
    assert client_for(world.u.road).get("/org/experts/new/").status_code == 403
    assert client_for(world.u.alice).get("/org/experts/").status_code == 403
    with pytest.raises(ServiceError, match="姓名和专业领域"):
        registry.save_expert(world.u.safety, None, {"name": "", "field": ""})


def test_duty_roster_week_view_and_rules(world, client_for):
    on_duty = PersonFactory(name="值班甲", unit=world.bureau_a, phone="13900000001")
    monday = datetime.date(2026, 11, 23)
    registry.add_shift(world.u.safety, date=monday, start=datetime.time(8, 30), end=datetime.time(8, 30),
                       role="officer", person=on_duty)
    with pytest.raises(ServiceError, match="已有值班安排"):
        registry.add_shift(world.u.safety, date=monday, start=datetime.time(8, 30), end=datetime.time(17, 0),
                           role="leader", person=on_duty)
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        registry.add_shift(world.u.safety, date=monday, start=datetime.time(9), end=datetime.time(17),
                           role="officer", person=PersonFactory(unit=world.bureau_b))
    with pytest.raises(PermissionDenied):
        registry.add_shift(world.u.road, date=monday, start=datetime.time(9), end=datetime.time(17),
                           role="officer", person=on_duty)
    page = client_for(world.u.leader).get("/org/duty/?week=2026-11-25").content.decode()
    assert "值班甲" in page and "11月23日" in page
    assert DutyShift.objects.count() == 1
    assert "值班甲" not in client_for(world.u.safety_b).get("/org/duty/?week=2026-11-23").content.decode()


def test_adding_a_shift_through_the_form(world, client_for):
    person = PersonFactory(name="值班乙", unit=world.bureau_a)
    client = client_for(world.u.safety)
    response = client.post("/org/duty/", {"date": "2026-11-24", "start": "08:30", "end": "08:30", "role": "leader",
                                          "person": person.pk})
    assert response.status_code == 302 and DutyShift.objects.get().role == "leader"


def test_the_shift_form_starts_on_the_weeks_monday(world, client_for):
    page = client_for(world.u.safety).get("/org/duty/?week=2026-11-25").content.decode()
    assert 'value="2026-11-23"' in page  # ISO, so the browser's date input shows it
