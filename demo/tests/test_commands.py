from io import StringIO

from django.core.management import call_command

from core.validators import validate_credit_code
from enterprises.models import Enterprise
from org.models import Region, User, WorkingGroup


def test_load_demo_builds_two_counties_and_one_login_per_role(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Enterprise.objects.filter(region__path__startswith=Region.objects.get(code="150626").path).count() == 60
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"leader", "safety_office", "unit_staff", "enterprise", "expert", "sys_admin",
                     "security_admin", "auditor"}
    leading = WorkingGroup.objects.get(name="乌审旗交通运输系统安全生产治本攻坚三年行动领导小组")
    assert leading.leader == "呼日亚图"
    assert leading.members.filter(role="office_director", person__name="刘志刚").exists()
    assert WorkingGroup.objects.filter(kind="task_force", region__code="140521").count() == 5
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    assert "Zhiben@2026" in out.getvalue()
    assert User.objects.get(username="enterprise").enterprise.sectors.filter(code="road-dangerous-goods").exists()


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo", stdout=StringIO())
    n = Enterprise.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Enterprise.objects.count() == n and "已存在" in out.getvalue()


def test_demo_logins_authenticate(db, client):
    call_command("load_demo", stdout=StringIO())
    response = client.post("/accounts/login/", {"username": "unit", "password": "Zhiben@2026"})
    assert response.status_code == 302
    page = client.get("/enterprises/").content.decode()
    assert "乌审旗" in page


def test_generate_data_is_deterministic_and_continues(db):
    call_command("generate_data", enterprises=50, seed=7, stdout=StringIO())
    first = list(Enterprise.objects.order_by("credit_code").values_list("credit_code", "name"))
    Enterprise.objects.all().delete()
    call_command("generate_data", enterprises=50, seed=7, stdout=StringIO())
    assert list(Enterprise.objects.order_by("credit_code").values_list("credit_code", "name")) == first
    call_command("generate_data", enterprises=30, seed=7, stdout=StringIO())
    assert Enterprise.objects.count() == 80
    assert Enterprise.objects.filter(sectors__isnull=True).count() == 0


def test_generate_data_hazards_are_deterministic_and_realistic(db):
    from hazards.models import Hazard

    call_command("generate_data", enterprises=40, hazards=300, seed=5, stdout=StringIO())
    first = list(Hazard.objects.order_by("number").values_list("number", "state", "level", "discovered_on"))
    assert len(first) == 300 and len({n for n, *_ in first}) == 300
    states = {s for _, s, _, _ in first}
    assert {"closed", "rectifying"} <= states
    assert 0 < sum(1 for *_, lvl, _ in first if lvl == "major") < 60
    Hazard.objects.all().delete()
    from core.models import NumberCounter

    NumberCounter.objects.all().delete()
    call_command("generate_data", enterprises=0, hazards=300, seed=5, stdout=StringIO())
    assert list(Hazard.objects.order_by("number").values_list("number", "state", "level", "discovered_on")) == first


def test_generate_data_hazards_needs_enterprises(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="请先用 --enterprises 生成企业"):
        call_command("generate_data", enterprises=0, hazards=10, stdout=StringIO())
