"""The closed loop of SPEC §4, step by step, with the event each step writes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ConflictError, ServiceError
from hazards import services
from hazards.models import Attachment, Hazard, State

from .conftest import fresh, full_plan, photo

FUTURE = datetime.date.today() + datetime.timedelta(days=30)


def test_an_enterprise_self_report_gets_a_number_photo_and_event(world, make_hazard):
    world.a.abbr = "JX"
    world.a.save()
    h = make_hazard()
    assert h.number == f"JX-{datetime.date.today().year}-00001"
    assert (h.state, h.enterprise, h.source, h.region) == ("reported", world.alice_ent, "self_report", world.a_town)
    att = h.attachments.get()
    assert att.kind == "before" and att.thumbnail and att.event.type == "reported"
    assert h.events.get().actor == world.u.alice


def test_numbers_count_up_per_county_and_year(world, make_hazard):
    first, second = make_hazard(), make_hazard()
    assert int(second.number[-5:]) == int(first.number[-5:]) + 1


def test_a_report_without_a_photo_is_refused_and_nothing_saved(world, sectors):
    with pytest.raises(ServiceError, match="至少上传一张隐患照片"):
        services.report_hazard(world.u.alice, {"title": "x", "description": "y", "sector": sectors["taxi"]}, [])
    assert not Hazard.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(world, sectors):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ServiceError, match="不是有效的图片"):
        services.report_hazard(world.u.alice, {"title": "x", "description": "y", "sector": sectors["taxi"]}, [fake])
    assert not Hazard.objects.exists()


def test_a_major_report_needs_a_criterion(world, sectors):
    with pytest.raises(ServiceError, match="判定标准"):
        services.report_hazard(world.u.alice, {"title": "x", "description": "y", "sector": sectors["taxi"],
                                               "level": "major"}, [photo()])


def test_an_enterprise_cannot_report_for_another_enterprise(world, sectors, make_hazard):
    h = services.report_hazard(world.u.alice, {"title": "x", "description": "y", "sector": sectors["taxi"],
                                               "enterprise": world.bob_ent}, [photo()])
    assert h.enterprise == world.alice_ent  # forced to its own


def test_unit_staff_report_public_places_within_their_sectors(world, sectors):
    h = services.report_hazard(world.u.highway, {
        "title": "桥梁护栏缺失", "description": "K12+300 桥梁护栏缺失", "sector": sectors["bridge"],
        "place_kind": "bridge", "place_name": "乌兰大桥", "region": world.a, "source": "supervision",
    }, [photo()])
    assert h.enterprise is None and h.place == "乌兰大桥"
    with pytest.raises(ServiceError, match="不在本单位的监管范围内"):
        services.report_hazard(world.u.highway, {"title": "x", "description": "y", "sector": sectors["taxi"],
                                                 "place_name": "车站", "region": world.a}, [photo()])


def test_a_general_hazard_goes_from_verification_straight_to_rectifying(make_hazard):
    h = make_hazard(State.RECTIFYING, level="general")
    assert h.state == "rectifying" and h.original_deadline == h.deadline == FUTURE


def test_major_hazards_need_two_level_confirmation(world, make_hazard):
    h = make_hazard(State.PENDING_CONFIRMATION)
    assert h.state == "pending_confirmation" and h.unit_confirmed_at and not h.office_confirmed_at
    with pytest.raises(PermissionDenied):
        services.confirm(world.u.road, h.pk, None)
    h = services.confirm(world.u.safety, h.pk, None, "同意认定为重大事故隐患")
    assert h.state == "confirmed" and h.office_confirmed_at


def test_a_deadline_in_the_past_is_refused(world, make_hazard):
    h = make_hazard()
    with pytest.raises(ServiceError, match="整改期限不能早于今天"):
        services.verify(world.u.road, h.pk, None, level="general", deadline=datetime.date(2020, 1, 1))
    assert fresh(h).state == "reported"


def test_a_major_hazard_cannot_start_rectifying_without_the_full_plan(world, make_hazard):
    h = make_hazard(State.CONFIRMED)
    with pytest.raises(ServiceError, match="五到位.*尚缺：目标和任务"):
        services.start_rectifying(world.u.alice, h.pk, None, plan={"plan_measures": "送检"})
    assert fresh(h).state == "confirmed"
    services.start_rectifying(world.u.alice, h.pk, None, plan=full_plan())
    assert fresh(h).state == "rectifying" and fresh(h).plan_funds == 2.5


def test_submitting_needs_an_after_photo(world, make_hazard):
    h = make_hazard(State.RECTIFYING)
    with pytest.raises(ServiceError, match="整改后照片"):
        services.submit_for_acceptance(world.u.alice, h.pk, None, [], "完成")
    assert fresh(h).state == "rectifying"


def test_failed_acceptance_returns_to_rectifying(world, make_hazard):
    h = make_hazard(State.AWAITING_ACCEPTANCE)
    with pytest.raises(ServiceError, match="原因"):
        services.fail_acceptance(world.u.road, h.pk, None, "")
    h = services.fail_acceptance(world.u.road, h.pk, None, "仍有一辆车未检")
    assert h.state == "rectifying" and h.rectified_on is None


def test_the_whole_loop_writes_one_event_per_step(world, make_hazard):
    h = make_hazard(State.CLOSED)
    types = list(h.events.order_by("created_at", "id").values_list("type", flat=True))
    assert types == ["reported", "verified", "confirmed", "rectifying_started", "submitted", "accepted", "closed"]
    assert h.closed_at and h.accepted_at
    assert h.attachments.filter(kind=Attachment.Kind.AFTER).count() == 1


def test_transitions_out_of_order_are_refused(world, make_hazard):
    h = make_hazard()
    with pytest.raises(ServiceError, match="当前状态为“已上报”，不能验收"):
        services.accept(world.u.road, h.pk, None)
    with pytest.raises(ServiceError, match="不能销号"):
        services.close(world.u.road, h.pk, None)


def test_extensions_keep_the_original_deadline(world, make_hazard):
    h = make_hazard(State.RECTIFYING, level="general")
    later = FUTURE + datetime.timedelta(days=15)
    with pytest.raises(ServiceError, match="须晚于当前整改期限"):
        services.request_extension(world.u.alice, h.pk, FUTURE, "设备未到货")
    services.request_extension(world.u.alice, h.pk, later, "设备未到货")
    with pytest.raises(ServiceError, match="待审批"):
        services.request_extension(world.u.alice, h.pk, later, "再申请")
    services.decide_extension(world.u.road, h.pk, True, "同意")
    h = fresh(h)
    assert (h.deadline, h.original_deadline) == (later, FUTURE)


def test_a_denied_extension_needs_a_reason_and_keeps_the_deadline(world, make_hazard):
    h = make_hazard(State.RECTIFYING, level="general")
    services.request_extension(world.u.alice, h.pk, FUTURE + datetime.timedelta(days=5), "理由")
    with pytest.raises(ServiceError, match="说明理由"):
        services.decide_extension(world.u.road, h.pk, False, "")
    services.decide_extension(world.u.road, h.pk, False, "理由不充分")
    assert fresh(h).deadline == FUTURE


def test_major_extensions_are_decided_by_the_safety_office(world, make_hazard):
    h = make_hazard(State.RECTIFYING)
    services.request_extension(world.u.alice, h.pk, FUTURE + datetime.timedelta(days=5), "理由")
    with pytest.raises(PermissionDenied, match="安委办审批"):
        services.decide_extension(world.u.road, h.pk, True)
    services.decide_extension(world.u.safety, h.pk, True)


def test_supervision_opens_on_major_and_lifts_only_after_acceptance(world, make_hazard):
    h = make_hazard(State.RECTIFYING)
    args = dict(level="county", doc_number="甲交督〔2026〕1号", issuing_unit="甲县交通运输局", signatory="局长",
                planned_date=FUTURE)
    services.open_supervision(world.u.safety, h.pk, **args)
    assert Hazard.objects.listed().filter(pk=h.pk).exists()
    with pytest.raises(ServiceError, match="已在挂牌督办中"):
        services.open_supervision(world.u.safety, h.pk, **args)
    with pytest.raises(ServiceError, match="不能解除督办"):
        services.lift_supervision(world.u.safety, h.pk)
    services.submit_for_acceptance(world.u.alice, h.pk, None, [photo()], "完成")
    services.accept(world.u.road, h.pk, None)
    with pytest.raises(ServiceError, match="请先解除督办"):
        services.close(world.u.road, h.pk, None)
    services.lift_supervision(world.u.safety, h.pk, "现场复查合格")
    services.close(world.u.road, h.pk, None)
    assert fresh(h).state == "closed" and not Hazard.objects.listed().exists()


def test_general_hazards_cannot_be_listed(world, make_hazard):
    h = make_hazard(State.RECTIFYING, level="general")
    with pytest.raises(ServiceError, match="只有重大事故隐患"):
        services.open_supervision(world.u.safety, h.pk, level="county", doc_number="1", issuing_unit="局",
                                  signatory="x", planned_date=FUTURE)


def test_expert_cosign_is_recorded_with_acceptance(world, make_hazard):
    h = make_hazard(State.AWAITING_ACCEPTANCE)
    services.cosign(world.u.expert, h.pk, "整改措施有效")
    with pytest.raises(ServiceError, match="已对本次整改会签"):
        services.cosign(world.u.expert, h.pk, "再签")
    services.accept(world.u.road, h.pk, None)
    assert h.events.get(type="accepted").data == {"experts": ["expert_a"]}


def test_a_stale_version_is_a_conflict(world, make_hazard):
    h = make_hazard(State.AWAITING_ACCEPTANCE)
    seen = h.version
    services.accept(world.u.road, h.pk, seen)
    with pytest.raises(ConflictError, match="已被他人处理"):
        services.fail_acceptance(world.u.safety, h.pk, seen, "不合格")
    assert fresh(h).state == "accepted"


def test_edits_record_before_and_after(world, make_hazard):
    h = make_hazard()
    services.edit(world.u.road, h.pk, h.version, {"title": "车辆逾期未检（两辆）"})
    e = h.events.get(type="edited")
    assert e.data["changes"]["title"] == ["车辆逾期未检仍在运营", "车辆逾期未检（两辆）"]
    with pytest.raises(ServiceError, match="没有修改"):
        services.edit(world.u.road, h.pk, None, {"title": "车辆逾期未检（两辆）"})


def test_rejected_hazards_are_kept(world, make_hazard):
    h = make_hazard(State.REJECTED)
    assert fresh(h).state == "rejected" and h.events.get(type="rejected").comment == "经核查不构成隐患"
