import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.exceptions import ConflictError, ServiceError
from risks import services
from risks.models import Assessment, BandEvent, RiskEvent, RiskPoint

BASE = {"work_unit": "危险货物装卸区", "event": "罐车泄漏引发火灾爆炸", "factors": "阀门老化；静电接地不良",
        "measures": "每日检查阀门；装卸前检测静电接地", "responsible": "陈明"}


def lec(l, e, c):  # noqa: E741
    return {"method": "lec", "l": l, "e": e, "c": c}


@pytest.fixture
def point(world):
    return services.create_point(world.u.alice, BASE | lec("3", "6", "40"))  # D = 720 → 重大


def test_an_enterprise_files_its_own_list_and_a_major_point_awaits_filing(world, point):
    assert point.enterprise == world.alice_ent and point.level == "major" and point.score == 720
    assert point.colour == "red" and point.filing == RiskPoint.Filing.PENDING
    assert (point.next_review - timezone.localtime(point.assessed_at).date()).days in range(89, 93)  # quarterly
    assert Assessment.objects.filter(point=point).count() == 1
    point = services.submit_filing(world.u.alice, point.pk)
    assert point.filing == "submitted"
    with pytest.raises(PermissionDenied):
        services.acknowledge_filing(world.u.alice, point.pk)
    point = services.acknowledge_filing(world.u.road, point.pk)
    assert point.filing == "acknowledged"
    assert [e.type for e in RiskEvent.objects.filter(point=point)] == ["created", "filing_submitted",
                                                                        "filing_acknowledged"]


def test_a_changed_band_changes_the_level_at_the_next_assessment_with_history_kept(world):
    p = services.create_point(world.u.alice, BASE | lec("3", "6", "15"))  # D = 270 → 较大 under defaults
    assert p.level == "larger"
    services.save_bands(world.u.safety, "lec", major=250, larger=160, general=70, inclusive=False)
    p.refresh_from_db()
    assert p.level == "larger"  # not retroactive
    p = services.reassess(world.u.alice, p.pk, p.version, "lec", {"l": "3", "e": "6", "c": "15"}, "季度评估")
    assert p.level == "major" and p.filing == RiskPoint.Filing.PENDING
    history = list(Assessment.objects.filter(point=p).order_by("assessed_at", "id"))
    assert [a.level for a in history] == ["larger", "major"]
    assert history[0].bands["major"] == "320" and history[1].bands["major"] == "250.00"
    assert BandEvent.objects.get().data["before"]["major"] == "320"


def test_switching_method_and_falling_below_major_clears_a_pending_filing(world, point):
    p = services.reassess(world.u.alice, point.pk, point.version, "matrix", {"l": 2, "s": 2})
    assert p.level == "general" and p.score == 4 and p.filing == RiskPoint.Filing.NONE
    assert p.e_value is None and p.s_value == 2


def test_bad_input_and_conflicts(world, point):
    with pytest.raises(ServiceError, match="E（暴露"):
        services.reassess(world.u.alice, point.pk, point.version, "lec", {"l": "3", "e": "4", "c": "40"})
    with pytest.raises(ConflictError):
        services.reassess(world.u.alice, point.pk, point.version + 5, "lec", {"l": "3", "e": "6", "c": "40"})
    with pytest.raises(ServiceError, match="请填写致险因素"):
        services.create_point(world.u.alice, BASE | lec("3", "6", "40") | {"factors": " "})
    with pytest.raises(ServiceError, match="重大 > 较大 > 一般"):
        services.save_bands(world.u.safety, "lec", major=100, larger=160, general=70, inclusive=False)
    with pytest.raises(PermissionDenied):
        services.save_bands(world.u.road, "lec", major=400, larger=160, general=70, inclusive=False)
    assert Assessment.objects.filter(point=point).count() == 1


def test_scope_of_risk_points(world, point):
    assert RiskPoint.objects.for_user(world.u.bob).count() == 0
    assert RiskPoint.objects.for_user(world.u.highway).count() == 0
    assert RiskPoint.objects.for_user(world.u.road).count() == 1
    assert RiskPoint.objects.for_user(world.u.safety_b).count() == 0
    with pytest.raises(PermissionDenied):
        services.reassess(world.u.bob, point.pk, None, "lec", {"l": "3", "e": "6", "c": "40"})
    with pytest.raises(ServiceError, match="管理范围内"):
        services.create_point(world.u.road, BASE | lec("1", "1", "1") | {"enterprise": world.charlie_ent})
