"""Tip-offs on the 待办, every state × every role (issue 18 #1): a tip-off is on a user's 待办
exactly when its page offers that user a duty (受理, 核查, 认定)."""

from core.testing import photo
from tests.test_todo import ROLES, walk
from tipoffs import permissions, services
from tipoffs.models import TipOff


def test_a_tip_off_is_on_the_todo_exactly_when_its_page_offers_a_duty(world, sectors, client):
    def new(n, sector="road"):
        return services.submit({"region": world.a, "sector": sectors[sector], "subject": f"举报对象{n}",
                                "description": "危货车辆违规停放在居民区旁，夜间加油", "anonymous": True},
                               [photo()], f"203.0.113.{n}")

    def version(t):
        return TipOff.objects.get(pk=t.pk).version

    submitted = new(1)
    routed_road = services.accept(world.u.safety, new(2).pk, None, world.road_unit)
    routed_highway = services.accept(world.u.safety, new(3, "highway").pk, None, world.highway_unit)
    verifying = services.start_verification(world.u.road, services.accept(world.u.safety, new(4).pk, None,
                                                                          world.road_unit).pk, None)
    unfounded = services.start_verification(world.u.road, services.accept(world.u.safety, new(5).pk, None,
                                                                          world.road_unit).pk, None)
    unfounded = services.unfound(world.u.road, unfounded.pk, version(unfounded), findings="现场无此情况",
                                 reply="经核查，举报情况不属实。")
    declined = services.decline(world.u.safety, new(6).pk, None, "不属于交通运输部门职责，已告知举报人向应急管理部门反映")
    substantiated = services.start_verification(world.u.road, services.accept(world.u.safety, new(7).pk, None,
                                                                              world.road_unit).pk, None)
    substantiated = services.substantiate(world.u.road, substantiated.pk, version(substantiated),
                                          findings="现场查实", reply="经核查属实，已责令整改。")
    records = [submitted, routed_road, routed_highway, verifying, unfounded, declined, substantiated]
    assert {t.state for t in records} == set(TipOff.State.values)
    walk(world, client, records, permissions.duties, lambda context: context["actions"], "/tipoffs/",
         roles=ROLES, busy=("safety", "road", "highway"))
