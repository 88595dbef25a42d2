"""Inbox, the header badge, rules and robots pages: who may do what, and bad input."""

import datetime

import time_machine

from notify.models import Message, NotifyEvent, ReminderRule, Webhook
from notify.reminders import run_pass
from notify.services import notify_now


def test_the_inbox_shows_counts_opens_and_marks_read(world, make_hazard, client_for):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        hazard = make_hazard(datetime.date(2026, 12, 10))
    run_pass(datetime.date(2026, 12, 7))
    run_pass(datetime.date(2026, 12, 10))
    c = client_for(world.u.road)
    assert 'data-unread="2"' in c.get("/inbox/badge/").content.decode()
    page = c.get("/inbox/").content.decode()
    assert page.count("data-message=") == 2 and "每日提醒：1项今日到期" in page
    digest = Message.objects.get(recipient=world.u.road, day=datetime.date(2026, 12, 10))
    detail = c.get(f"/inbox/{digest.pk}/").content.decode()
    assert "今日到期（1项）" in detail and f'href="/hazards/{hazard.pk}/"' in detail
    assert 'data-unread="1"' in c.get("/inbox/badge/").content.decode()  # opening it read it
    assert c.post("/inbox/read-all/").status_code == 302
    assert 'data-unread' not in c.get("/inbox/badge/").content.decode()
    assert "没有未读消息" in c.get("/inbox/?show=unread").content.decode()


def test_nobody_reads_or_marks_anothers_message(world, client_for):
    [message] = notify_now([world.u.road], "督办：测试", "/hazards/")
    other = client_for(world.u.highway)
    assert other.get(f"/inbox/{message.pk}/").status_code == 404
    assert other.post(f"/inbox/{message.pk}/read/").status_code == 404
    other.post("/inbox/read-all/")
    message.refresh_from_db()
    assert message.read_at is None
    assert "督办：测试" not in client_for(world.u.safety).get("/inbox/?show=all").content.decode()


def test_every_page_links_the_inbox(world, client_for):
    page = client_for(world.u.alice).get("/").content.decode()
    assert 'hx-get="/inbox/badge/"' in page


def _formset_data(rules, changes):
    data = {"form-TOTAL_FORMS": str(len(rules) + 1), "form-INITIAL_FORMS": str(len(rules)),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
            # The blank row for a new rule, as the browser sends it (启用 is ticked by default).
            f"form-{len(rules)}-active": "on"}
    for i, rule in enumerate(rules):
        values = {"id": rule.pk, "source": rule.source, "offset_days": rule.offset_days, "audience": rule.audience,
                  "active": "on" if rule.active else ""}
        values.update(changes.get(rule.pk, {}))
        for key, value in values.items():
            if value != "":
                data[f"form-{i}-{key}"] = value
    return data


def test_the_safety_office_edits_the_rules(world, client_for):
    rules = list(ReminderRule.objects.all())
    target = ReminderRule.objects.get(source="hazard", offset_days=3)
    c = client_for(world.u.safety)
    assert "提醒规则" in c.get("/notify/rules/").content.decode()
    response = c.post("/notify/rules/", _formset_data(rules, {target.pk: {"offset_days": 5}}))
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    target.refresh_from_db()
    assert target.offset_days == 5
    event = NotifyEvent.objects.get(type="rule_changed")
    assert event.rule == target and event.actor == world.u.safety and event.data == {"offset_days": 5}


def test_bad_rules_are_refused_whole(world, client_for):
    rules = list(ReminderRule.objects.all())
    hazard_3 = ReminderRule.objects.get(source="hazard", offset_days=3)
    hazard_7 = ReminderRule.objects.get(source="hazard", offset_days=7)
    before = list(ReminderRule.objects.values_list("source", "offset_days", "audience", "active"))
    c = client_for(world.u.safety)
    # Two identical rules, and an absurd offset: nothing is saved, the page says why.
    page = c.post("/notify/rules/", _formset_data(rules, {
        hazard_7.pk: {"offset_days": 3, "audience": "unit_head"}, hazard_3.pk: {"active": ""}}), follow=True)
    assert "只能有一条" in page.content.decode()
    page = c.post("/notify/rules/", _formset_data(rules, {hazard_3.pk: {"offset_days": 9999}}), follow=True)
    assert "-365 到 365" in page.content.decode()
    assert list(ReminderRule.objects.values_list("source", "offset_days", "audience", "active")) == before
    assert not NotifyEvent.objects.exists()


def test_only_the_safety_office_edits_rules(world, client_for):
    for user in (world.u.road, world.u.leader, world.u.alice, world.u.sysadmin):
        assert client_for(user).get("/notify/rules/").status_code == 403


def test_robots_are_set_up_off_then_tested(world, client_for):
    c = client_for(world.u.safety)
    response = c.post("/notify/webhooks/new/", {"unit": world.road_unit.pk, "kind": "dingtalk",
                                                "url": "https://oapi.dingtalk.com/robot/send?access_token=x",
                                                "secret": "SECx"})
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert hook.active is False  # off by default
    assert NotifyEvent.objects.filter(type="webhook_added", webhook=hook).exists()
    c.post(f"/notify/webhooks/{hook.pk}/test/")
    test_message = Message.objects.get(recipient=world.u.safety)
    assert test_message.deliveries.get().webhook == hook
    # 企业微信 has no signing secret; a unit of another county is not offered.
    page = c.post("/notify/webhooks/new/", {"unit": world.road_unit.pk, "kind": "wecom",
                                            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                                            "secret": "x"}).content.decode()
    assert "企业微信群机器人没有加签密钥" in page
    page = c.post("/notify/webhooks/new/", {"unit": world.bureau_b.pk, "kind": "wecom",
                                            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"})
    assert page.status_code == 200 and Webhook.objects.count() == 1
    assert client_for(world.u.safety_b).get(f"/notify/webhooks/{hook.pk}/").status_code == 404
    assert client_for(world.u.road).get("/notify/webhooks/").status_code == 403


def test_the_api_lists_only_ones_own_messages_and_marks_them_read(world, client_for):
    [mine] = notify_now([world.u.road], "督办：A", "/hazards/")
    notify_now([world.u.highway], "督办：B", "/hazards/")
    c = client_for(world.u.road)
    listed = c.get("/api/messages/?unread=1").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [m["title"] for m in rows] == ["督办：A"]
    assert c.post(f"/api/messages/{mine.pk}/read/").json()["read_at"] is not None
    other = Message.objects.get(recipient=world.u.highway)
    assert c.post(f"/api/messages/{other.pk}/read/").status_code == 404
    assert c.post("/api/messages/read-all/").json() == {"marked": 0}
    assert client_for(world.u.alice).get("/api/reminder-rules/").json() in ([], {"count": 0, "next": None,
                                                                                "previous": None, "results": []})
    rules = client_for(world.u.leader).get("/api/reminder-rules/").json()
    assert (rules["count"] if isinstance(rules, dict) else len(rules)) == ReminderRule.objects.count()


def test_the_inbox_query_count_does_not_grow_with_messages(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(world.u.road)
    notify_now([world.u.road], "督办：1", "/hazards/")
    c.get("/inbox/")
    with CaptureQueriesContext(connection) as few:
        c.get("/inbox/?show=all")
    for n in range(25):
        notify_now([world.u.road], f"督办：{n + 2}", "/hazards/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = c.get("/inbox/?show=all")
    assert page.content.decode().count("data-message=") == 26
