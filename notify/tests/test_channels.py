"""Outside channels: a 钉钉 robot on a local server gets a well-formed signed markdown
message; a failing robot is retried with backoff, then reported; the web request that
caused a message never waits for the robot; e-mail goes through Django's mail."""

import base64
import datetime
import hashlib
import hmac
import time
import urllib.parse

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notify.delivery import BACKOFF_MINUTES, MAX_ATTEMPTS, deliver_due
from notify.models import Delivery, Message, NotifyEvent, Webhook
from notify.reminders import run_pass

from .robot import Robot


def _hook(world, url, kind="dingtalk", secret="SECabc123"):
    return Webhook.objects.create(unit=world.road_unit, kind=kind, url=url, secret=secret, active=True)


def test_it_posts_a_signed_dingtalk_markdown_digest(world, make_hazard):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        hazard = make_hazard(datetime.date(2026, 12, 10))
    with Robot() as robot:
        _hook(world, robot.url)
        run_pass(datetime.date(2026, 12, 10))
        sent, failed = deliver_due()
    assert (sent, failed) == (1, 0)  # road_a's digest; alice's enterprise has no robot
    [request] = robot.received
    payload = request["json"]
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"].startswith("每日提醒：1项今日到期")
    text = payload["markdown"]["text"]
    assert text.startswith("### 治本 · 每日提醒") and hazard.number in text and "今日到期" in text
    assert f"http://127.0.0.1:8000/hazards/{hazard.pk}/" in text
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request["path"]).query)
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(hmac.new(b"SECabc123", f"{timestamp}\nSECabc123".encode(), hashlib.sha256).digest())
    assert sign == expected.decode() and query["access_token"] == ["test"]
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_wecom_gets_its_own_shape(world, make_hazard):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        make_hazard(datetime.date(2026, 12, 10))
    with Robot() as robot:
        _hook(world, robot.url, kind="wecom", secret="")
        run_pass(datetime.date(2026, 12, 10))
        deliver_due()
    payload = robot.received[0]["json"]
    assert payload["msgtype"] == "markdown" and "今日到期" in payload["markdown"]["content"]
    assert "timestamp=" not in robot.received[0]["path"]


def test_a_failing_robot_is_retried_with_backoff_then_reported(world, make_hazard, client_for):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        make_hazard(datetime.date(2026, 12, 10))
    start = datetime.datetime(2026, 12, 10, 0, 0, tzinfo=datetime.timezone.utc)
    with Robot(status=500) as robot, time_machine.travel(start, tick=False) as clock:
        _hook(world, robot.url)
        run_pass(datetime.date(2026, 12, 10))
        delivery = Delivery.objects.get()
        assert deliver_due() == (0, 1)
        delivery.refresh_from_db()
        assert delivery.status == "pending" and delivery.attempts == 1 and delivery.last_error == "HTTP 500"
        assert delivery.next_attempt_at == timezone.now() + datetime.timedelta(minutes=BACKOFF_MINUTES[0])
        assert deliver_due() == (0, 0)  # not due yet: no hammering
        for minutes in BACKOFF_MINUTES:
            clock.shift(datetime.timedelta(minutes=minutes))
            assert deliver_due() == (0, 1)
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.attempts == MAX_ATTEMPTS == len(robot.received)
        clock.shift(datetime.timedelta(days=1))
        assert deliver_due() == (0, 0)  # given up: left for the administrator
    page = client_for(world.u.sysadmin).get("/notify/deliveries/?status=failed").content.decode()
    assert f'data-delivery="{delivery.pk}"' in page and "HTTP 500" in page
    assert client_for(world.u.safety).get("/notify/deliveries/").status_code == 403
    # Fixed robot: the administrator sends it again.
    with Robot() as robot:
        Webhook.objects.update(url=robot.url)
        assert client_for(world.u.sysadmin).post(f"/notify/deliveries/{delivery.pk}/retry/").status_code == 302
        assert deliver_due() == (1, 0)
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert NotifyEvent.objects.filter(type="delivery_retried", actor=world.u.sysadmin).count() == 1


def test_a_robot_answering_errcode_is_a_failure(world, make_hazard):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        make_hazard(datetime.date(2026, 12, 10))
    with Robot(answer={"errcode": 310000, "errmsg": "sign not match"}) as robot:
        _hook(world, robot.url)
        run_pass(datetime.date(2026, 12, 10))
        assert deliver_due() == (0, 1)
    assert "310000 sign not match" in Delivery.objects.get().last_error


def test_opening_a_supervision_does_not_wait_for_the_robot(world, make_hazard, client_for, sectors, head):
    from hazards.models import Hazard

    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        hazard = make_hazard(datetime.date(2026, 12, 10))
    Hazard.objects.filter(pk=hazard.pk).update(level="major")
    with Robot(delay=3) as robot:
        _hook(world, robot.url)
        started = time.monotonic()
        response = client_for(world.u.safety).post(f"/hazards/{hazard.pk}/do/open_supervision/", {
            "level": "county", "doc_number": "甲安委办督〔2026〕3号", "issuing_unit": "甲县安委办",
            "signatory": "王局长", "planned_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "requirements": "限期完成整改"})
        elapsed = time.monotonic() - started
        assert response.status_code == 302, response.content.decode()[:500]
        assert elapsed < 2 and robot.received == []  # the request only queued the delivery
        told = set(Message.objects.filter(kind="immediate").values_list("recipient__username", flat=True))
        assert told == {"alice", "road_a", "road_head"}  # the actor is not told of their own act
        assert deliver_due()[0] == 2  # road_a's and road_head's messages through the unit's robot …
    [post] = robot.received  # … as one post: the unit's group reads it once, not once per member
    assert "挂牌督办" in post["json"]["markdown"]["title"]
    assert Delivery.objects.filter(status="sent").count() == 2  # each member's delivery is on record


def test_a_units_robot_gets_one_combined_post_per_sweep(world, make_hazard):
    """Two different messages to the unit in one sweep: one post carrying both texts."""
    from notify.services import notify_now

    road_head = world.u.road.__class__.objects.create(username="road_b", role="unit_staff", unit=world.road_unit)
    with Robot() as robot:
        _hook(world, robot.url, kind="wecom", secret="")
        notify_now([world.u.road], "待办：核查 WS-1", "/hazards/1/")
        notify_now([world.u.road, road_head], "待办：验收 WS-2", "/hazards/2/")
        assert deliver_due() == (3, 0)
        assert deliver_due() == (0, 0)
    [post] = robot.received
    content = post["json"]["markdown"]["content"]
    assert content.count("待办：核查 WS-1") == 1 and content.count("待办：验收 WS-2") == 1


def test_email_goes_through_django_mail(world, make_hazard):
    world.u.road.email = "road@example.cn"
    world.u.road.save()
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False):
        make_hazard(datetime.date(2026, 12, 10))
    run_pass(datetime.date(2026, 12, 10))
    assert deliver_due() == (1, 0)
    [email] = mail.outbox
    assert email.to == ["road@example.cn"] and email.subject == "【治本】每日提醒：1项今日到期"
    assert "今日到期" in email.body


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8199/robot/send", "http://localhost/robot", "http://10.1.2.3/x", "http://192.168.0.9/x",
    "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/x", "http://0.0.0.0/x",
])
def test_robot_addresses_inside_the_network_are_refused(world, settings, url):
    """Issue 17 #12: the server must not be made to call its own network — refused when the
    robot is saved and again when a message is sent, unless allow-listed."""
    from notify.channels import host_refusal
    from notify.forms import WebhookForm

    settings.WEBHOOK_ALLOWED_HOSTS = []
    assert "不能作为群机器人地址" in host_refusal(url)
    form = WebhookForm({"unit": world.road_unit.pk, "kind": "wecom", "url": url, "active": "on"}, user=world.u.safety)
    assert not form.is_valid() and "不能作为群机器人地址" in str(form.errors["url"])
    assert host_refusal("https://oapi.dingtalk.com/robot/send?access_token=x", resolve=False) == ""
    settings.WEBHOOK_ALLOWED_HOSTS = [url.split("/")[2].split(":")[0].strip("[]")]
    if url.split("/")[2].startswith("["):
        settings.WEBHOOK_ALLOWED_HOSTS = ["::1"]
    assert host_refusal(url) == ""


def test_a_send_to_an_inside_address_fails_without_a_request(world, settings):
    with Robot() as robot:
        _hook(world, robot.url)
        settings.WEBHOOK_ALLOWED_HOSTS = []
        from notify.services import test_webhook
        from notify.models import Webhook

        test_webhook(world.u.safety, Webhook.objects.get().pk)
        deliver_due()
        assert robot.received == []
        assert "内部网络" in Delivery.objects.get(channel="webhook").last_error
