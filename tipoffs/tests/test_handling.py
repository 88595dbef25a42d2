import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from core.exceptions import ConflictError, ServiceError
from core.testing import photo
from hazards.models import Hazard
from tipoffs import services
from tipoffs.models import TipOff, TipOffEvent


@pytest.fixture
def tipoff(public_post):
    public_post()
    return TipOff.objects.get()


def walk_to_verifying(world, t):
    t = services.accept(world.u.road, t.pk, t.version)
    return services.start_verification(world.u.road, t.pk, t.version, world.alice_ent)


def test_substantiated_tip_off_becomes_a_linked_hazard(world, tipoff):
    t = walk_to_verifying(world, tipoff)
    assert t.due_on is not None and t.enterprise == world.alice_ent
    t = services.substantiate(world.u.road, t.pk, t.version, findings="现场有 3 辆危货车违规停放",
                              reply="经核查情况属实，已责令企业整改，感谢您的监督。")
    hazard = t.hazard
    assert t.state == "substantiated" and hazard.source == Hazard.Source.TIP_OFF
    assert hazard.enterprise == world.alice_ent and hazard.tipoff == t
    # the reporter's photo, under a Chinese name rather than its storage key
    assert [a.original_name for a in hazard.attachments.filter(kind="before")] == ["举报照片1.jpg"]
    assert "现场有 3 辆" in hazard.description
    assert [e.type for e in TipOffEvent.objects.filter(tipoff=t)] == [
        "submitted", "accepted", "verifying", "substantiated"]


def test_unfounded_and_declined_get_replies(world, public_post):
    public_post()
    public_post(subject="另一处")
    first, second = TipOff.objects.order_by("id")
    t = walk_to_verifying(world, first)
    t = services.unfound(world.u.road, t.pk, t.version, findings="现场无车辆停放", reply="经核查，未发现所反映情况。")
    assert t.state == "unfounded" and t.hazard is None and t.concluded_at
    with pytest.raises(ServiceError, match="请填写答复"):
        services.decline(world.u.road, second.pk, second.version, "")
    t2 = services.decline(world.u.road, second.pk, second.version, "该事项不属于交通运输部门职责，请向住建部门反映。")
    assert t2.state == "declined"
    assert Hazard.objects.count() == 0


def test_workflow_order_versions_and_roles(world, tipoff):
    with pytest.raises(ServiceError, match="不能认定查实"):
        services.substantiate(world.u.road, tipoff.pk, None, findings="x", reply="y")
    with pytest.raises(PermissionDenied):
        services.accept(world.u.alice, tipoff.pk, None)
    with pytest.raises(PermissionDenied):
        services.accept(world.u.highway, tipoff.pk, None)  # not the highway unit's sector: out of scope
    with pytest.raises(PermissionDenied, match="安委办"):
        services.accept(world.u.road, tipoff.pk, None, handling_unit=world.highway_unit)
    services.accept(world.u.road, tipoff.pk, tipoff.version)
    with pytest.raises(ConflictError):
        services.start_verification(world.u.road, tipoff.pk, tipoff.version)


def test_reward_only_after_substantiation(world, tipoff):
    import datetime
    from decimal import Decimal

    with pytest.raises(ServiceError, match="只有查实"):
        services.set_reward(world.u.road, tipoff.pk, None, Decimal(500))
    t = walk_to_verifying(world, tipoff)
    t = services.substantiate(world.u.road, t.pk, t.version, findings="属实", reply="属实，已整改")
    with pytest.raises(ServiceError, match="大于 0"):
        services.set_reward(world.u.road, t.pk, t.version, Decimal(0))
    t = services.set_reward(world.u.road, t.pk, t.version, Decimal(500), datetime.date.today())
    assert t.reward_amount == Decimal(500) and t.reward_paid_on == datetime.date.today()


def test_no_photo_means_the_officer_uploads_one(world, public_post):
    public_post(photos=[])
    t = walk_to_verifying(world, TipOff.objects.get())
    with pytest.raises(ServiceError, match="上传核查时拍摄"):
        services.substantiate(world.u.road, t.pk, t.version, findings="属实", reply="属实")
    assert Hazard.objects.count() == 0 and TipOff.objects.get().state == "verifying"
    t = services.substantiate(world.u.road, t.pk, t.version, findings="属实", reply="属实", photos=[photo()])
    assert t.hazard.attachments.count() == 1


def test_reporter_identity_is_masked_except_for_the_handling_unit(client_for, world, tipoff):
    handler = client_for(world.u.road).get(f"/tipoffs/{tipoff.pk}/").content.decode()
    assert "13912345678" in handler and "李四" in handler
    for user in (world.u.safety, world.u.leader):
        page = client_for(user).get(f"/tipoffs/{tipoff.pk}/").content.decode()
        assert "13912345678" not in page and "李四" not in page and "139****5678" in page and "李*" in page
    listing = client_for(world.u.road).get("/tipoffs/").content.decode()
    assert "13912345678" not in listing and "139****5678" in listing
    api = APIClient()
    api.force_authenticate(world.u.road)
    body = api.get("/api/tipoffs/").content.decode()
    assert "13912345678" not in body and "李四" not in body and "139****5678" in body


def test_tip_offs_are_invisible_to_enterprises_and_other_counties(client_for, world, tipoff):
    assert TipOff.objects.for_user(world.u.alice).count() == 0
    assert client_for(world.u.alice).get("/tipoffs/").status_code == 403
    assert client_for(world.u.safety_b).get(f"/tipoffs/{tipoff.pk}/").status_code == 404
    assert client_for(world.u.highway).get(f"/tipoffs/{tipoff.pk}/").status_code == 404


def test_the_handling_pages_drive_the_workflow(client_for, world, tipoff):
    c = client_for(world.u.road)
    c.post(f"/tipoffs/{tipoff.pk}/do/accept/", {"version": tipoff.version})
    t = TipOff.objects.get()
    c.post(f"/tipoffs/{t.pk}/do/verify/", {"version": t.version, "enterprise": world.alice_ent.pk})
    t = TipOff.objects.get()
    r = c.post(f"/tipoffs/{t.pk}/do/conclude/", {
        "version": t.version, "conclusion": "substantiated", "findings": "属实", "reply": "已责令整改",
        "title": "危货车辆违规停放", "level": "general"})
    assert r.status_code == 302
    t = TipOff.objects.get()
    assert t.state == "substantiated" and t.hazard.title == "危货车辆违规停放"
    page = c.get(f"/tipoffs/{t.pk}/").content.decode()
    assert t.hazard.number in page


def test_the_public_sees_the_hazard_s_real_state_and_the_date_reaches_it(world, tipoff, client):
    """Issue 18 #7: a 查实 tip-off is 整改中 while its hazard is open and 已整改销号 once closed;
    the day the reporter gave is the hazard's 发现日期."""
    import datetime

    from hazards import services as hazard_services

    TipOff.objects.filter(pk=tipoff.pk).update(occurred_on=datetime.date.today() - datetime.timedelta(days=3))
    t = walk_to_verifying(world, TipOff.objects.get(pk=tipoff.pk))
    t = services.substantiate(world.u.road, t.pk, t.version, findings="属实", reply="已责令企业整改。")
    assert t.hazard.discovered_on == datetime.date.today() - datetime.timedelta(days=3)
    progress = f"/jubao/chaxun/{t.code}/"
    assert "正在整改中" in client.get(progress).content.decode()
    h = hazard_services.verify(world.u.road, t.hazard.pk, None, level="general",
                               deadline=datetime.date.today() + datetime.timedelta(days=10))
    h = hazard_services.submit_for_acceptance(world.u.alice, h.pk, None, [photo("后.png", (0, 200, 0), "PNG")], "已整改")
    h = hazard_services.accept(world.u.road, h.pk, None, "合格")
    hazard_services.close(world.u.road, h.pk, None, "销号")
    page = client.get(progress).content.decode()
    assert "已整改完毕并验收销号" in page and "正在整改中" not in page
