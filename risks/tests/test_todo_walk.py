"""重大风险 filings on the 待办, every filing state × every role (issue 18 #1): a risk point is on a
user's 待办 exactly when its page offers that user a duty (报备, 确认备案)."""

from risks import permissions, services
from tests.test_todo import ROLES, walk

from .test_points import BASE, lec


def test_a_risk_point_is_on_the_todo_exactly_when_its_page_offers_a_duty(world, client):
    pending = services.create_point(world.u.alice, BASE | lec("3", "6", "40"))  # D = 720 → 重大, 待报备
    submitted = services.submit_filing(world.u.alice, services.create_point(world.u.alice, BASE | lec("3", "6", "40")
                                                                            | {"event": "罐车侧翻"}).pk)
    acknowledged = services.create_point(world.u.alice, BASE | lec("3", "6", "40") | {"event": "装卸静电起火"})
    services.submit_filing(world.u.alice, acknowledged.pk)
    acknowledged = services.acknowledge_filing(world.u.road, acknowledged.pk)
    minor = services.create_point(world.u.alice, BASE | lec("1", "3", "7") | {"event": "办公区跌倒"})  # 低风险
    bridge = services.create_point(world.u.bob, BASE | lec("3", "6", "40") | {"event": "桥梁支座脱空"})
    bridge = services.submit_filing(world.u.bob, bridge.pk)
    records = [pending, submitted, acknowledged, minor, bridge]
    assert {r.filing for r in records} == {"pending", "submitted", "acknowledged", "none"}
    walk(world, client, records, permissions.duties, lambda context: context["actions"], "/risks/",
         roles=ROLES, busy=("alice", "road", "safety"))
