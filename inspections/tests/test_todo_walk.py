"""Inspections on the 待办, every status × every role (issue 18 #1): an inspection is on a
user's 待办 exactly when its page offers that user a duty (结束检查) — its own people only."""

from conftest import PersonFactory
from inspections import permissions, services
from inspections.models import CheckItem, Inspection
from tests.test_todo import ROLES, walk

from .conftest import answer_all


def test_an_inspection_is_on_the_todo_exactly_when_its_page_offers_a_duty(world, sectors, client, make_inspection):
    planned = make_inspection(title="计划中的检查")
    started = make_inspection(title="检查中的检查")
    item = CheckItem.objects.filter(target__inspection=started).first()
    services.record_item(world.u.road, item.pk, "pass")
    completed = make_inspection(title="已完成的检查")
    answer_all(world.u.road, completed)
    completed.refresh_from_db()
    completed = services.complete(world.u.road, completed.pk, completed.version, "未发现问题")
    cancelled = make_inspection(title="取消的检查")
    cancelled = services.cancel(world.u.road, cancelled.pk, cancelled.version, "天气原因")
    highway = make_inspection(title="公路养护中心的检查", by=world.u.highway, sector=sectors["highway"],
                              lead_unit=world.highway_unit, leader=PersonFactory(name="养护员", unit=world.highway_unit,
                                                                                 enforcement_cert="150101"),
                              members=[], enterprises=[world.bob_ent])
    office = make_inspection(title="安委办牵头的检查", by=world.u.safety, lead_unit=world.bureau_a,
                             leader=PersonFactory(name="安委办干部", unit=world.bureau_a, enforcement_cert="150102"),
                             members=[])
    records = [planned, started, completed, cancelled, highway, office]
    assert {Inspection.objects.get(pk=r.pk).status for r in records} == set(Inspection.Status.values)
    walk(world, client, records, permissions.duties, lambda context: context["steps"], "/inspections/",
         roles=ROLES, busy=("road", "highway", "safety"))
