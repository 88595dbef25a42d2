"""待办 (issue 18): a record is on a user's 待办 exactly when its page offers that user an
action that waits on them — every workflow state × every role, read from the pages themselves."""

import datetime
import re

import pytest

from core.testing import photo
from hazards import permissions as hazard_permissions
from hazards import services
from hazards.models import State
from tests.factories import drive, report_hazard

ROLES = ["alice", "bob", "road", "highway", "safety", "leader", "expert", "province"]


def todo_urls(client):
    page = client.get("/todo/").content.decode()
    return set(re.findall(r'data-todo-item="[a-z]+">\s*<div[^>]*>\s*<a href="([^"]+)"', page))


def walk(world, client, records, duties, offered_on, prefix, roles=ROLES, busy=()):
    """State × role: for each role, the records of one workflow on its 待办 (by URL) are exactly
    those whose detail page offers it a duty. `offered_on(context)` reads the actions a page
    offers; `duties(user, record, actions)` is the workflow's own rule. `busy` names roles that
    must have work in the world (so the comparison is not empty)."""
    for role in roles:
        user = getattr(world.u, role)
        client.force_login(user)
        listed = {u for u in todo_urls(client) if u.startswith(prefix)}
        offered = set()
        for record in records:
            record.refresh_from_db()
            page = client.get(record.get_absolute_url())
            if page.status_code != 200:
                assert record.get_absolute_url() not in listed, (role, record)
                continue
            if duties(user, record, offered_on(page.context)):
                offered.add(record.get_absolute_url())
        assert listed == offered, (role, sorted(listed ^ offered))
        if role in busy:
            assert offered, role


@pytest.fixture
def hazards_in_every_state(world, sectors):
    from hazards.criteria_seed import seed_criteria
    from hazards.models import Criterion
    from org.models import Sector

    seed_criteria(Criterion, Sector)
    criterion = Criterion.objects.get(code="DY-G2")
    made = {}
    for state in [State.REPORTED, State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING,
                  State.AWAITING_ACCEPTANCE, State.ACCEPTED, State.CLOSED, State.REJECTED]:
        made[state] = drive(world, report_hazard(world, sectors, title=f"隐患-{state}", criterion=criterion), state)
    # A pending extension, and an accepted hazard still under 挂牌督办: their own duties.
    h = drive(world, report_hazard(world, sectors, level="general", title="隐患-延期"), State.RECTIFYING, "general")
    services.request_extension(world.u.alice, h.pk, datetime.date.today() + datetime.timedelta(days=60), "设备到货晚")
    made["extension"] = h
    h = drive(world, report_hazard(world, sectors, title="隐患-督办", criterion=criterion), State.AWAITING_ACCEPTANCE)
    services.open_supervision(world.u.safety, h.pk, level="county", doc_number="甲交督〔2026〕1号",
                              issuing_unit="甲县交通运输局", signatory="局长",
                              planned_date=datetime.date.today() + datetime.timedelta(days=20))
    made["supervised"] = services.accept(world.u.road, h.pk, None, "合格")
    # A public place's hazard: the unit rectifies it itself.
    made["public"] = drive(world, services.report_hazard(world.u.road, {
        "title": "隐患-路段", "description": "护栏缺失", "sector": sectors["road-freight"], "level": "general",
        "place_kind": "road", "place_name": "G65 K12", "region": world.a}, [photo()]),
        State.RECTIFYING, "general")
    return made


def test_a_hazard_is_on_the_todo_exactly_when_its_page_offers_a_duty(world, client, hazards_in_every_state):
    for role in ROLES:  # one world of eleven hazards, every role in turn
        user = getattr(world.u, role)
        client.force_login(user)
        listed = todo_urls(client)
        offered = set()
        for h in hazards_in_every_state.values():
            page = client.get(h.get_absolute_url())
            if page.status_code != 200:
                assert h.get_absolute_url() not in listed
                continue
            if hazard_permissions.duties(user, h, page.context["actions"]):
                offered.add(h.get_absolute_url())
        hazard_urls = {u for u in listed if u.startswith("/hazards/")}
        assert hazard_urls == offered, (role, sorted(hazard_urls ^ offered))
        if role in ("road", "safety", "alice", "expert"):
            assert offered, role  # each of these has work in this world: the comparison is not empty


def test_the_badge_and_the_dashboard_show_the_same_work(world, client_for, hazards_in_every_state):
    from django.core.cache import cache

    cache.clear()
    client = client_for(world.u.road)
    listed = todo_urls(client)
    hazards = {u for u in listed if u.startswith("/hazards/")}
    assert len(hazards) >= 3
    assert f'data-todo="{len(listed)}"' in client.get("/todo/badge/").content.decode()
    dashboard = client.get("/").content.decode()
    assert dashboard.count('data-todo-item="hazards"') == len(hazards)
    # Unread messages (here the 挂牌督办 notice) close the list; reading one takes it off.
    messages = sorted(u for u in listed if u.startswith("/inbox/"))
    assert messages and client.get(messages[0]).status_code == 200
    assert messages[0] not in todo_urls(client)
    assert f'data-todo="{len(listed) - 1}"' in client.get("/todo/badge/").content.decode()


def test_work_arriving_reaches_the_people_who_must_act_at_once(world, sectors, client_for):
    """An enterprise reports, then submits: the unit that must 核查, then 验收, has the message in
    its inbox within the same request, and the record on its 待办; the actor gets none."""
    from notify.models import Message

    h = report_hazard(world, sectors, level="general")
    inbox = Message.objects.filter(recipient=world.u.road)
    assert inbox.filter(title__startswith="待办：核查", url=h.get_absolute_url()).count() == 1
    assert h.get_absolute_url() in todo_urls(client_for(world.u.road))
    assert not Message.objects.filter(recipient=world.u.alice, title__startswith="待办").exists()
    assert not Message.objects.filter(recipient=world.u.highway).exists()  # not its sector
    h = drive(world, h, State.RECTIFYING, "general")
    assert Message.objects.filter(recipient=world.u.alice, title__startswith="待办：提交验收").count() == 1
    h = services.submit_for_acceptance(world.u.alice, h.pk, None, [photo("after.png", (0, 200, 0), "PNG")], "已整改")
    assert inbox.filter(title__startswith="待办：验收").count() == 1
    assert h.get_absolute_url() in todo_urls(client_for(world.u.road))


def test_a_tip_off_reaches_the_safety_office_then_the_unit_it_is_routed_to(world, sectors):
    from notify.models import Message
    from tipoffs import services as tipoffs
    from tipoffs.models import TipOff

    t = tipoffs.submit({"region": world.a, "sector": sectors["road"], "subject": "某物流园停车场",
                        "description": "危货车辆违规停放在居民区旁", "anonymous": True}, [], "203.0.113.9")
    assert Message.objects.filter(recipient=world.u.safety, title__startswith="待办：受理").count() == 1
    t = tipoffs.accept(world.u.safety, t.pk, TipOff.objects.get(pk=t.pk).version, world.road_unit)
    assert Message.objects.filter(recipient=world.u.road, title__startswith="待办：核查",
                                  url=t.get_absolute_url()).count() == 1
    assert not Message.objects.filter(recipient=world.u.highway).exists()


def test_an_extension_request_and_a_leaders_instruction_reach_their_people(world, sectors):
    """Issue 18 #2: an extension requested lands on the deciding unit's 待办 with a message; a
    批示 (like a 督办) is read at once by the enterprise and the unit on the hazard."""
    from notify.models import Message

    h = drive(world, report_hazard(world, sectors, level="general"), State.RECTIFYING, "general")
    services.request_extension(world.u.alice, h.pk, datetime.date.today() + datetime.timedelta(days=45), "配件未到")
    assert Message.objects.filter(recipient=world.u.road, title__startswith="待办：",
                                  title__contains="延期", url=h.get_absolute_url()).count() == 1
    services.instruct(world.u.leader, h.pk, "务必按期完成整改")
    told = set(Message.objects.filter(title__startswith="领导批示：").values_list("recipient__username", flat=True))
    assert told == {"alice", "road_a"}
    body = Message.objects.get(recipient=world.u.alice, title__startswith="领导批示：").body
    assert "务必按期完成整改" in body
