import pytest

from core.navigation import entries_for


def labels(user):
    main, system = entries_for(user)
    return [e["label"] for e in main], [e["label"] for e in system]


def test_the_safety_office_sees_the_full_navigation(world):
    main, system = labels(world.u.safety)
    assert main == ["工作台", "企业", "隐患", "风险", "台账", "履职", "检查执法", "培训演练", "举报", "事故", "报表"]
    assert "组织机构" in system and "用户管理" not in system


def test_an_enterprise_sees_its_own_menu(world):
    main, system = labels(world.u.alice)
    assert main == ["工作台", "本企业", "隐患", "风险", "主体责任", "受检记录", "培训演练", "事故"]
    assert system == []


@pytest.mark.parametrize("role, expected", [
    ("sysadmin", ["组织机构", "用户管理", "群机器人", "外发记录", "接口文档"]),
    ("secadmin", ["安全设置"]),
    ("auditor", ["审计日志"]),
])
def test_the_three_administrators_see_only_their_own_work(world, role, expected):
    main, system = labels(getattr(world.u, role))
    assert main == [] and system == expected


def test_every_menu_entry_opens_a_real_page_for_its_role(world, client_for):
    """No placeholder pages are left: each entry a role sees answers 200 for that role."""
    for who in ("leader", "safety", "road", "alice", "expert", "sysadmin", "secadmin", "auditor"):
        user = getattr(world.u, who)
        main, system = entries_for(user)
        client = client_for(user)
        for entry in main + system:
            assert client.get(entry["url"], follow=True).status_code == 200, (who, entry["url"])
