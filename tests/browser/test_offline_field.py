"""Offline-first field work (issue 22 §1): open the inspection, lose the network, answer every item (one
不符合 with its photo), reload while offline — the answers are still there, queued — then reconnect: every
answer and the photo reach the server exactly once. The page is installable (manifest and worker)."""

import io

import pytest
from PIL import Image

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 160, 200)).save(buf, "JPEG")
    return {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def test_answers_made_offline_reach_the_server_once_after_reconnect(live_server, browser, screens):
    load_demo()
    from django.contrib.contenttypes.models import ContentType

    from core.models import ReplayKey
    from inspections.models import CheckItem, Inspection, InspectionEvent

    inspection = Inspection.objects.get(kind="unannounced")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, live_server.url, "unit")
    field = f"{live_server.url}/inspections/{inspection.pk}/field/"
    page.goto(field)
    # Installable: a manifest with name and icons, and a worker controlling the page.
    manifest = page.evaluate("() => fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["short_name"] == "治本" and manifest["display"] == "standalone" and manifest["icons"]
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker's control, which keeps this page
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(field)

    target = inspection.targets.order_by("order").first()
    items = list(CheckItem.objects.filter(target=target).order_by("order"))
    before = InspectionEvent.objects.filter(inspection=inspection, type="item_recorded").count()
    context.set_offline(True)
    cards = page.locator(".item-card")
    for n in range(cards.count()):
        card = cards.nth(n)
        if n == 1:
            card.locator("label:has-text('不符合')").first.click()
            card.locator("textarea[name=note]").fill("动态监控夜间无人值守")
            card.locator("input[name=photo]").set_input_files(jpeg())
            page.click(".annotate-box [data-skip]")
            card.locator("button:has-text('保存')").click()
        else:
            card.locator("label:has-text('符合')").first.click()
    pending = page.locator("[data-testid=pending]")
    page.wait_for_function(f"() => document.querySelector('[data-testid=pending]').dataset.count === '{len(items)}'")
    assert CheckItem.objects.filter(target=target).exclude(result="pending").count() == \
        sum(1 for i in items if i.result != "pending")  # nothing reached the server

    page.reload()  # offline: the worker serves the kept page, the queue survives
    page.wait_for_function(f"() => document.querySelector('[data-testid=pending]').dataset.count === '{len(items)}'")
    assert "待同步" in page.inner_text(f"#item-{items[1].pk}")
    page.screenshot(path=str(screens / "field-offline-queued.png"), full_page=False)

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => document.querySelector('[data-testid=pending]').dataset.count === '0'",
                           timeout=20000)
    assert pending.is_hidden()
    results = dict(CheckItem.objects.filter(target=target).values_list("pk", "result"))
    assert results[items[1].pk] == "fail" and all(results[i.pk] == "pass" for i in items if i.pk != items[1].pk)
    failed = CheckItem.objects.get(pk=items[1].pk)
    assert failed.note == "动态监控夜间无人值守" and failed.photo and failed.photo_original
    # Exactly once: one recorded event and one key per answer, whatever the retries.
    assert InspectionEvent.objects.filter(inspection=inspection, type="item_recorded").count() - before == len(items)
    assert sorted(ReplayKey.objects.filter(content_type=ContentType.objects.get_for_model(CheckItem))
                  .values_list("object_id", flat=True)) == sorted(i.pk for i in items)
    page.screenshot(path=str(screens / "field-offline-synced.png"), full_page=False)
