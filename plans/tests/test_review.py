"""The import review screen finishes the job: every unit name is decided by the reviewer (a
unit, 新建单位 with its type and parent, or 不关联) — never created silently — and a confirmed
alias maps the next import by itself; tasks are added, reordered, taken or left; reporting
duties and groups are edited before saving; the task source can be chosen."""

import pytest

from core.models import ImportBatch
from core.testing import PLAN_DOCUMENTS
from org.models import RegistryEvent, Unit, UnitAlias, WorkingGroup
from plans import review
from plans.models import Plan

from .test_views import review_form

TOWN_NAMES = ["各村委会", "镇中心学校", "镇党政办", "镇交管站", "镇宣传办", "镇水管站", "镇派出所", "镇财政所"]


def upload(client, name="shimen-2025.txt"):
    with open(PLAN_DOCUMENTS / name, "rb") as f:
        client.post("/plans/import/", {"file": f})
    return ImportBatch.objects.filter(kind="plan", status="pending").latest("pk")


@pytest.fixture
def safety(world, client_for):
    return client_for(world.u.safety)


def page_of(client, batch):
    return client.get(f"/plans/import/{batch.pk}/").content.decode()


def test_the_page_shows_sources_reasons_progress_duties_and_groups(world, safety):
    batch = upload(safety)
    page = page_of(safety, batch)
    assert "10 项任务，0 项未定牵头单位，0 项未定完成时限" in page
    assert "另有" not in page.split("review-progress")[1][:200]  # the summary counts what will be saved
    assert page.count('data-source="attachment"') == 3 and "附件1任务表第1行（序号1）" in page
    assert page.count('class="table-warning"') >= 1 and "保障类章节，默认不导入" in page
    assert 'name="d0-text"' not in page  # this plan names no reporting duty
    assert 'name="g0-name" value="石门镇交通运输安全生产专项整治领导小组"' in page
    assert "组长：李国华（镇长）" in page
    for name in TOWN_NAMES:
        assert f'data-unit-row="{name}"' in page
    assert "未找到，请选择" in page


def test_saving_with_an_undecided_unit_name_saves_nothing(world, safety):
    batch = upload(safety)
    units = Unit.objects.count()
    form = review_form(world.u.safety, batch, units="")  # the reviewer answered no unit row
    response = safety.post(f"/plans/import/{batch.pk}/", form, follow=True)
    text = response.content.decode()
    assert "以下单位名称尚未对应" in text and "镇交管站" in text
    assert not Plan.objects.exists() and Unit.objects.count() == units


def test_new_unit_only_when_chosen_and_a_confirmed_alias_maps_the_next_import(world, safety):
    batch = upload(safety)
    rows = review.unit_rows(world.u.safety, review.draft_of(batch.rows[0]))
    choices = {"镇交管站": str(world.road_unit.pk), "镇派出所": "new"}
    form = review_form(world.u.safety, batch, units="skip")
    for i, row in enumerate(rows):
        form[f"u{i}-choice"] = choices.get(row["name"], "skip")
        if row["name"] == "镇派出所":
            form[f"u{i}-kind"] = "external"
    before = set(Unit.objects.values_list("name", flat=True))
    response = safety.post(f"/plans/import/{batch.pk}/", form, follow=True)
    plan = Plan.objects.get()
    assert set(Unit.objects.values_list("name", flat=True)) - before == {"镇派出所"}  # the one chosen
    police = Unit.objects.get(name="镇派出所")
    assert (police.kind, police.parent, police.region) == ("external", world.bureau_a, world.a)
    assert "新建单位“镇派出所”尚无人员" in response.content.decode()
    assert RegistryEvent.objects.filter(type="unit_created", object_id=police.pk, actor=world.u.safety).exists()
    first = plan.tasks.get(title="开展农村道路隐患排查")
    assert list(first.lead_units.all()) == [world.road_unit] and list(first.units.all()) == [police]
    alias = UnitAlias.objects.get(name="镇交管站")
    assert (alias.unit, alias.region, alias.created_by) == (world.road_unit, world.a, world.u.safety)

    # The next plan of the county: 镇交管站 maps by itself, 镇派出所 is now a unit of that name.
    again = upload(safety)
    rows = {r["name"]: r for r in review.unit_rows(world.u.safety, review.draft_of(again.rows[0]))}
    assert (rows["镇交管站"]["how"], rows["镇交管站"]["unit"]) == ("alias", world.road_unit)
    assert rows["镇派出所"]["how"] == "exact"
    assert "已确认的别名" in page_of(safety, again)
    mapping, undecided = review.resolve_units(world.u.safety, review.draft_of(again.rows[0]))
    assert mapping["镇交管站"] == world.road_unit.pk and "镇交管站" not in undecided
    # Another county does not inherit the alias.
    other = review.unit_rows(world.u.safety_b, review.draft_of(again.rows[0]))
    assert {r["name"]: r["how"] for r in other}["镇交管站"] != "alias"


def test_a_name_typed_on_the_review_screen_is_not_created(world, safety):
    """Typing 运输中心 in a lead box must not make a new 股室: it is offered (as close to 运输服务中心)
    for the reviewer to confirm, and nothing is saved until they do."""
    batch = upload(safety)
    form = review_form(world.u.safety, batch, units="skip", **{"t0-lead": "运输中心"})
    units = Unit.objects.count()
    text = safety.post(f"/plans/import/{batch.pk}/", form, follow=True).content.decode()
    assert "以下单位名称尚未对应：运输中心" in text and not Plan.objects.exists() and Unit.objects.count() == units
    row = next(r for r in review.unit_rows(world.u.safety, ImportBatch.objects.get(pk=batch.pk).rows[0])
               if r["name"] == "运输中心")
    assert (row["how"], row["unit"], row["choice"]) == ("similar", world.road_unit, str(world.road_unit.pk))
    assert 'data-unit-row="运输中心"' in text and "名称相近，请确认" in text
    # Confirming the suggestion saves the plan with the task under the real unit.
    form = review_form(world.u.safety, ImportBatch.objects.get(pk=batch.pk), units="skip")
    safety.post(f"/plans/import/{batch.pk}/", form)
    task = Plan.objects.get().tasks.get(title="开展农村道路隐患排查")
    assert list(task.lead_units.all()) == [world.road_unit] and Unit.objects.count() == units


def test_add_reorder_take_edit_duties_and_groups(world, safety):
    batch = upload(safety, "liuhe-2025.docx")
    draft = review.draft_of(batch.rows[0])
    assert [r["every"] for r in draft["reporting"]] == ["month"]
    form = review_form(world.u.safety, batch, units="skip", action="add")
    safety.post(f"/plans/import/{batch.pk}/", form)
    draft = ImportBatch.objects.get(pk=batch.pk).rows[0]
    added = len(draft["tasks"]) - 1
    assert draft["tasks"][added]["source"] == "added" and not Plan.objects.exists()
    form = review_form(world.u.safety, ImportBatch.objects.get(pk=batch.pk), units="skip", **{
        f"t{added}-title": "开展冬季道路运输安全专项检查", f"t{added}-text": "12月底前完成全县客运企业检查。",
        f"t{added}-lead": "运输服务中心", f"t{added}-deadline": "2025-12-31", f"t{added}-order": "0",
        "t0-take": "",  # 一是 left out
        "d0-take": "on", "d0-text": "每月20日前报送工作进展", "d0-every": "month", "d0-day": "25", "d0-date": "",
        "d0-to": "局安全监督股", "d0-kind": "document",
        "g0-take": "on", "g0-name": "柳河县交通运输安全生产领导小组", "g0-members": "组长：刘志强（局长）\n成员：王刚、李娜",
        "g1-name": "工作专班", "g1-members": "组长：陈明",  # g1 unticked
        "g2-take": "on", "g2-name": "督导检查组", "g2-members": "组长：孙建华",
        "g3-take": "on", "g3-name": "专家技术组", "g3-members": "组长：郑华",
        "g4-take": "on", "g4-name": "领导小组办公室", "g4-members": "办公室主任：王刚",
    })
    del form["t0-take"]
    safety.post(f"/plans/import/{batch.pk}/", form)
    plan = Plan.objects.get()
    tasks = list(plan.tasks.order_by("order"))
    assert tasks[0].title == "开展冬季道路运输安全专项检查"  # moved to the top
    assert list(tasks[0].lead_units.all()) == [world.road_unit]  # 运输服务中心 is the unit's own name
    assert len(tasks) == 17 and not plan.tasks.filter(title="制定领导班子安全生产职责清单").exists()
    duty = plan.duties.get()
    assert (duty.every, duty.due_day, duty.to) == ("month", "25", "局安全监督股")
    assert sorted(WorkingGroup.objects.filter(region=world.a).values_list("name", flat=True)) == sorted(
        ["柳河县交通运输安全生产领导小组", "督导检查组", "专家技术组", "领导小组办公室"])
    group = WorkingGroup.objects.get(name="柳河县交通运输安全生产领导小组")
    assert group.members.count() == 3


def test_choose_the_body_tasks_only(world, safety):
    batch = upload(safety, "liuhe-2025.docx")
    safety.post(f"/plans/import/{batch.pk}/", review_form(world.u.safety, batch, units="skip", source="body"))
    plan = Plan.objects.get()
    assert plan.tasks.count() == 7  # 17 proposed, 10 of them from the attachments
    assert not plan.tasks.filter(title="开展“两客一危”企业隐患排查").exists()


def test_the_api_cannot_create_a_unit_through_a_task(world, client_for):
    """Units reach tasks by id only: a name is refused, nothing is created."""
    from rest_framework.test import APIClient

    batch = upload(client_for(world.u.safety))
    client_for(world.u.safety).post(f"/plans/import/{batch.pk}/", review_form(world.u.safety, batch, units="skip"))
    task = Plan.objects.get().tasks.first()
    api = APIClient()
    api.force_authenticate(world.u.safety)
    units = Unit.objects.count()
    response = api.patch(f"/api/tasks/{task.pk}/", {"version": task.version, "lead_units": ["执法大队"]}, format="json")
    assert response.status_code == 400 and Unit.objects.count() == units


def test_the_api_imports_a_plan_by_the_same_rules(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.u.road)
    with open(PLAN_DOCUMENTS / "shimen-2025.txt", "rb") as f:
        assert api.post("/api/plan-imports/", {"file": f}, format="multipart").status_code == 403
    api.force_authenticate(world.u.safety)
    with open(PLAN_DOCUMENTS / "shimen-2025.txt", "rb") as f:
        response = api.post("/api/plan-imports/", {"file": f}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["progress"].startswith("10 项任务") and len(body["proposal"]["tasks"]) == 11
    assert {u["name"]: u["how"] for u in body["units"]}["各村委会"] == "collective"
    assert {u["name"]: u["how"] for u in body["units"]}["镇交管站"] is None
    url = f"/api/plan-imports/{body['id']}/commit/"
    units = Unit.objects.count()
    refused = api.post(url, {}, format="json")
    assert refused.status_code == 400 and "以下单位名称尚未对应" in refused.content.decode()
    assert not Plan.objects.exists() and Unit.objects.count() == units
    done = api.post(url, {"units": {"镇交管站": str(world.road_unit.pk), "镇派出所": "new"},
                          "new_units": {"镇派出所": {"kind": "external"}}, "rest": "skip", "source": "body"},
                    format="json")
    assert done.status_code == 201, done.content
    plan = Plan.objects.get(pk=done.json()["plan"])
    assert done.json()["tasks"] == plan.tasks.count() == 7  # the body's 7 (4 + 3 under 保障措施)
    assert Unit.objects.count() == units + 1 and Unit.objects.get(name="镇派出所").kind == "external"
    assert "新建单位“镇派出所”尚无人员" in done.json()["warnings"][0]
    assert UnitAlias.objects.get(name="镇交管站").unit == world.road_unit
    assert api.post(url, {}, format="json").status_code == 404  # committed: no longer pending
