"""Sent twice, done once (issue 22 §1): what a phone queued offline — a hazard report, an enterprise's 带队检查,
a check item's answer, a signature — carries a key made when it was entered; the server does the work for
the first arrival of a key and gives back what it made for every later one (core/replay.py)."""

import datetime

import pytest

from core import replay
from core.exceptions import ServiceError
from core.models import ReplayKey
from core.testing import photo
from hazards import services as hazards
from hazards.models import Hazard, HazardEvent
from obligations import services as obligations
from obligations.models import SelfCheck, SelfCheckEvent

pytestmark = pytest.mark.django_db


def report(world, sectors, key):
    return hazards.report_hazard(world.u.alice, {
        "title": "罐车紧急切断阀失效", "description": "一辆罐车紧急切断阀无法关闭", "level": "general",
        "sector": sectors["road-freight"]}, [photo()], key=key)


def test_a_report_sent_again_gives_back_the_hazard_it_made(world, sectors):
    first = report(world, sectors, "k-1")
    again = report(world, sectors, "k-1")
    assert again == first and Hazard.objects.count() == 1
    assert HazardEvent.objects.filter(hazard=first, type="reported").count() == 1
    assert first.attachments.count() == 1
    other = report(world, sectors, "k-2")  # another report made offline: its own key, its own hazard
    assert other != first and Hazard.objects.count() == 2
    assert report(world, sectors, "") != first  # online, no key: nothing to replay
    assert Hazard.objects.count() == 3


def test_a_key_is_the_user_s_own(world, sectors):
    report(world, sectors, "same")
    mine = hazards.report_hazard(world.u.bob, {
        "title": "桥梁伸缩缝破损", "description": "伸缩缝钢板翘起", "level": "general",
        "sector": sectors["bridge"]}, [photo()], key="same")
    assert mine.enterprise == world.bob_ent and Hazard.objects.count() == 2


def test_a_refused_report_keeps_no_key(world, sectors):
    with pytest.raises(ServiceError):
        hazards.report_hazard(world.u.alice, {"title": "", "description": "x", "level": "general",
                                              "sector": sectors["road-freight"]}, [photo()], key="k-bad")
    assert not ReplayKey.objects.exists() and not Hazard.objects.exists()


def test_the_same_key_arriving_twice_at_once_is_refused_not_doubled(world, sectors):
    first = report(world, sectors, "k-1")
    # The second request passed `seen` before the first committed; its `keep` finds the key taken.
    with pytest.raises(ServiceError, match="正在提交或已提交"):
        replay.keep(world.u.alice, "k-1", first)
    assert ReplayKey.objects.filter(user=world.u.alice, key="k-1").count() == 1


def test_a_self_check_sent_again_is_recorded_once(world):
    rows = lambda: [{"text": text, "result": "fail" if n == 1 else "pass", "note": "灭火器过期" if n == 1 else "",  # noqa: E731
                     "photo": photo() if n == 1 else None} for n, text in enumerate(obligations.CHECKLIST[:3])]
    day = datetime.date.today()
    first = obligations.record_self_check(world.u.alice, checked_on=day, leader="张总", items=rows(), key="sc-1")
    again = obligations.record_self_check(world.u.alice, checked_on=day, leader="张总", items=rows(), key="sc-1")
    assert again == first and SelfCheck.objects.count() == 1 and Hazard.objects.count() == 1
    assert SelfCheckEvent.objects.get(self_check=first).data["offline"] is True


def test_the_report_page_answers_a_replay_with_the_same_hazard(world, client_for, sectors):
    client = client_for(world.u.alice)
    form = {"title": "罐车超载", "description": "罐车超核定载质量", "level": "general",
            "sector": sectors["road-freight"].pk, "discovered_on": datetime.date.today().isoformat(), "key": "page-1"}
    first = client.post("/hazards/new/", {**form, "photos": [photo()]})
    again = client.post("/hazards/new/", {**form, "photos": [photo()]})
    hazard = Hazard.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/hazards/{hazard.pk}/"


@pytest.mark.parametrize("who, pages", [
    ("alice", ["/hazards/new/", "/obligations/checks/new/"]),
    ("road", ["/hazards/new/"]),
    ("auditor", []),
])
def test_the_phone_keeps_the_pages_each_role_works_on(world, client_for, who, pages):
    urls = client_for(getattr(world.u, who)).get("/offline/pages.json").json()["urls"]
    assert urls == pages
