"""The header's unread badge, the inbox and a digest, in a real browser."""


import pytest

from notify.defaults import ensure_default_rules
from notify.models import Message, ReminderRule
from notify.services import notify_now
from org.models import User
from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_the_badge_counts_and_opening_a_message_reads_it(live_server, browser, screens):
    ensure_default_rules(ReminderRule)  # a transactional test before may have flushed the seeded rules
    load_demo()
    unit = User.objects.get(username="unit")
    notify_now([unit], "督办：请加快危货车辆整改", "/hazards/", "局领导督办意见：本周内完成。")
    unread = Message.objects.filter(recipient=unit, read_at__isnull=True).count()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    login(page, live_server.url, "unit")
    badge = page.locator("[data-testid=inbox-badge] [data-unread]")
    badge.wait_for()
    assert badge.inner_text() == str(unread)
    page.click("[data-testid=inbox-badge]")
    page.wait_for_selector("[data-message]")
    assert page.locator("[data-message]").count() == unread
    page.screenshot(path=str(screens / "inbox.png"), full_page=True)
    page.click("text=督办：请加快危货车辆整改")
    page.wait_for_selector("text=局领导督办意见：本周内完成。")
    if unread > 1:
        page.locator("[data-testid=inbox-badge] [data-unread]").wait_for()
        assert page.locator("[data-testid=inbox-badge] [data-unread]").inner_text() == str(unread - 1)
    else:
        page.wait_for_selector("[data-testid=inbox-badge]")
        assert page.locator("[data-testid=inbox-badge] [data-unread]").count() == 0
    context.close()
