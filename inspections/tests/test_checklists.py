import datetime

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ConflictError, ServiceError
from core.testing import photo
from hazards.models import Criterion, Hazard
from inspections import services
from inspections.models import CheckItem, ChecklistTemplate, Inspection, InspectionEvent

from .conftest import answer_all


def test_it_builds_the_checklist_from_the_sector_criteria(world, make_inspection):
    inspection = make_inspection()
    items = CheckItem.objects.filter(target__inspection=inspection)
    # alice is road freight: the 道路运输 general criteria (DY-G*) apply; bridge and ship criteria do not.
    codes = set(items.values_list("criterion__code", flat=True))
    assert {"DY-G1", "DY-G2", "DY-G3", "DY-G4"} <= codes
    assert not any(c.startswith(("GL-", "SY-")) for c in codes)
    assert set(items.values_list("result", flat=True)) == {"pending"}
    assert inspection.number.startswith("JC-")
    assert InspectionEvent.objects.filter(inspection=inspection, type="planned").count() == 1


def test_it_copies_a_template_and_later_template_edits_do_not_touch_it(world, make_inspection):
    template = services.save_template(world.u.safety, None, name="危货企业检查表",
                                      lines="动态监控平台有专人值守 | 动态监督管理办法第二十条\n\n安全例会每月一次")
    inspection = make_inspection(template=template, with_criteria=False)
    texts = list(CheckItem.objects.filter(target__inspection=inspection).values_list("text", "basis"))
    assert texts == [("动态监控平台有专人值守", "动态监督管理办法第二十条"), ("安全例会每月一次", "")]
    services.save_template(world.u.safety, template.pk, name="危货企业检查表", lines="只剩一项")
    assert CheckItem.objects.filter(target__inspection=inspection).count() == 2
    assert list(ChecklistTemplate.objects.get(pk=template.pk).items.values_list("text", flat=True)) == ["只剩一项"]


def test_a_template_needs_items_and_a_unique_name(world):
    with pytest.raises(ServiceError, match="至少要有一项"):
        services.save_template(world.u.safety, None, name="空表", lines="\n \n")
    services.save_template(world.u.safety, None, name="甲表", lines="一项")
    with pytest.raises(ServiceError, match="同名"):
        services.save_template(world.u.safety, None, name="甲表", lines="另一项")
    with pytest.raises(PermissionDenied):
        services.save_template(world.u.alice, None, name="乙表", lines="一项")


def test_two_failed_items_become_two_linked_hazards_in_one_step_each(world, make_inspection):
    inspection = make_inspection()
    items = answer_all(world.u.road, inspection, fail=(0, 1))
    first, second = items[0], items[1]
    h1 = services.hazard_from_item(world.u.road, first.pk)
    h2 = services.hazard_from_item(world.u.road, second.pk)
    for item, hazard in ((first, h1), (second, h2)):
        item.refresh_from_db()
        assert item.hazard == hazard
        assert hazard.source == Hazard.Source.ENFORCEMENT
        assert hazard.enterprise == world.alice_ent
        assert hazard.criterion_id == item.criterion_id and hazard.level == Hazard.Level.MAJOR
        assert inspection.number in hazard.description and item.note in hazard.description
        # the item's site photo, under a Chinese name rather than its storage key (12-0111…jpg)
        assert [a.original_name for a in hazard.attachments.filter(kind="before")] == ["检查现场照片.jpg"]
        assert "执法员0" in hazard.discovered_by
    assert Hazard.objects.filter(check_item__target__inspection=inspection).count() == 2
    assert InspectionEvent.objects.filter(inspection=inspection, type="hazard_created").count() == 2


def test_an_item_converts_once_and_only_when_failed(world, make_inspection):
    inspection = make_inspection()
    items = answer_all(world.u.road, inspection, fail=(0,))
    with pytest.raises(ServiceError, match="只有“不符合”"):
        services.hazard_from_item(world.u.road, items[1].pk)
    services.hazard_from_item(world.u.road, items[0].pk)
    with pytest.raises(ServiceError, match="已转为隐患"):
        services.hazard_from_item(world.u.road, items[0].pk)
    with pytest.raises(ServiceError, match="不能再改"):
        services.record_item(world.u.road, items[0].pk, "pass")
    assert Hazard.objects.count() == 1


def test_a_failed_item_without_photo_asks_for_one_and_saves_nothing(world, make_inspection):
    inspection = make_inspection()
    items = answer_all(world.u.road, inspection, fail=(0,), with_photo=False)
    with pytest.raises(ServiceError, match="请上传至少一张"):
        services.hazard_from_item(world.u.road, items[0].pk)
    assert Hazard.objects.count() == 0
    hazard = services.hazard_from_item(world.u.road, items[0].pk, {"title": "改过的名称"}, [photo()])
    assert hazard.title == "改过的名称"


def test_a_place_item_becomes_a_public_place_hazard(world, make_inspection, sectors):
    inspection = make_inspection(enterprises=[], places=["G210 K12+300 急弯路段"], sector=sectors["road"],
                                 with_criteria=False)
    target = inspection.targets.get()
    item = services.add_item(world.u.road, inspection.pk, target.pk, "临崖路段波形护栏缺失")
    services.record_item(world.u.road, item.pk, "fail", "约 50 米护栏缺失", photo())
    hazard = services.hazard_from_item(world.u.road, item.pk)
    assert hazard.enterprise is None and hazard.place_name == "G210 K12+300 急弯路段"
    assert hazard.level == Hazard.Level.GENERAL and hazard.region == world.a


def test_recording_rules(world, make_inspection):
    inspection = make_inspection()
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    with pytest.raises(ServiceError, match="写明发现的问题"):
        services.record_item(world.u.road, item.pk, "fail", "  ")
    with pytest.raises(ServiceError, match="请选择检查结果"):
        services.record_item(world.u.road, item.pk, "maybe")
    fake = photo()
    fake.file.write(b"not an image at all")
    fake.file.seek(0)
    fake.file.truncate()
    fake.file.write(b"GIF89a nonsense")
    fake.size = 15
    with pytest.raises(ServiceError, match="不是有效的图片"):
        services.record_item(world.u.road, item.pk, "fail", "问题", fake)
    item.refresh_from_db()
    assert item.result == "pending" and not item.photo
    assert Inspection.objects.get(pk=inspection.pk).status == "planned"
    services.record_item(world.u.road, item.pk, "na")
    assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"


def test_completion_needs_every_item_answered(world, make_inspection):
    inspection = make_inspection()
    with pytest.raises(ServiceError, match="项未检查"):
        services.complete(world.u.road, inspection.pk, None, "良好")
    answer_all(world.u.road, inspection, fail=(2,))
    inspection.refresh_from_db()
    with pytest.raises(ConflictError):
        services.complete(world.u.road, inspection.pk, inspection.version - 1, "良好")
    done = services.complete(world.u.road, inspection.pk, inspection.version, "发现1项问题，已责令整改")
    assert done.status == "completed" and done.done_on == datetime.date.today()
    assert InspectionEvent.objects.get(inspection=inspection, type="completed").data == {"failed_items": 1}
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    with pytest.raises(ServiceError, match="已结束"):
        services.record_item(world.u.road, item.pk, "na")


def test_team_and_targets_must_be_in_scope(world, make_inspection, sectors):
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        make_inspection(enterprises=[world.charlie_ent])
    with pytest.raises(ServiceError, match="监管范围"):
        make_inspection(sector=sectors["bridge"])
    with pytest.raises(ServiceError, match="牵头单位"):
        make_inspection(lead_unit=world.highway_unit)
    with pytest.raises(PermissionDenied):
        make_inspection(by=world.u.alice)
    assert Inspection.objects.count() == 0


def test_experts_on_the_team_may_record(world, make_inspection):
    from org.models import Expert

    expert = Expert.objects.create(name="王工", field="道路运输", region=world.a, user=world.u.expert)
    inspection = make_inspection(experts=[expert])
    item = CheckItem.objects.filter(target__inspection=inspection).first()
    services.record_item(world.u.expert, item.pk, "pass")
    other = make_inspection(enterprises=[world.alice_ent], title="另一次")
    with pytest.raises(ServiceError, match="检查组成员"):
        services.record_item(world.u.expert, other.targets.get().items.first().pk, "pass")


def test_criteria_catalogue_is_the_source_of_major_items(criteria):
    assert Criterion.objects.filter(sector__code="road").exists()


def test_tap_to_answer_counts_progress_and_score_and_flags_a_major_finding(world, make_inspection, client_for):
    """已查 7/11 and the score (分值 of 符合 over 符合 + 不符合; 不适用 left out) on the field page, refreshed by each
    answer's response; a 不符合 on a 重大隐患 criterion is flagged."""
    inspection = make_inspection()
    items = list(CheckItem.objects.filter(target__inspection=inspection).order_by("order"))
    target = items[0].target
    CheckItem.objects.filter(pk=items[0].pk).update(weight=3)
    c = client_for(world.u.road)
    page = c.get(f"/inspections/{inspection.pk}/field/").content.decode()
    assert f"已查 <strong>0/{len(items)}</strong>" in page and "js/field.js" in page
    r = c.post(f"/inspections/items/{items[0].pk}/", {"result": "pass"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert 'hx-swap-oob="true"' in body and f"已查 <strong>1/{len(items)}</strong>" in body
    c.post(f"/inspections/items/{items[1].pk}/", {"result": "fail", "note": "2名驾驶员无从业资格证"},
           HTTP_HX_REQUEST="true")
    c.post(f"/inspections/items/{items[2].pk}/", {"result": "na"}, HTTP_HX_REQUEST="true")
    progress = target.progress()
    assert (progress.checked, progress.total) == (3, len(items))
    assert progress.score == 75  # 3 of 4 points: the weighted 符合 against the 1-point 不符合; 不适用 left out
    assert progress.major_fails == (1 if items[1].criterion_id else 0)


def test_the_finding_titles_the_hazard_and_the_requirement_stays_its_basis(world, make_inspection):
    inspection = make_inspection()
    item = CheckItem.objects.filter(target__inspection=inspection).order_by("order").first()
    services.record_item(world.u.road, item.pk, "fail", "2名驾驶员无从业资格证", photo())
    hazard = services.hazard_from_item(world.u.road, item.pk)
    assert hazard.title == "2名驾驶员无从业资格证"
    assert f"检查要求：{item.text.strip()}" in hazard.description


def test_template_lines_carry_a_weight(world):
    template = services.save_template(world.u.road, None, name="客运站检查表",
                                      lines="安全出口畅通 | 消防法 | 3\n应急照明完好\n灭火器在有效期 |  | 2")
    assert [(i.text, i.basis, i.weight) for i in template.items.order_by("order")] == [
        ("安全出口畅通", "消防法", 3), ("应急照明完好", "", 1), ("灭火器在有效期", "", 2)]
    with pytest.raises(ServiceError, match="第2行的分值"):
        services.save_template(world.u.road, None, name="另一张", lines="甲\n乙 | 依据 | 很重要")
