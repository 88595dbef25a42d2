import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from core.exceptions import ServiceError
from inspections import enforcement, monthly
from inspections.models import EnforcementAction, EnforcementEvent

from .conftest import answer_all

TODAY = datetime.date.today()


def act(world, kind, by=None, **extra):
    data = {"kind": kind, "enterprise": world.alice_ent, "facts": "车辆逾期未检仍在运营",
            "legal_basis": "《中华人民共和国安全生产法》第一百零二条", "decided_on": TODAY,
            "case_number": "甲交执罚〔2026〕1号", "deadline": TODAY + datetime.timedelta(days=15)} | extra
    return enforcement.record_action(by or world.u.road, data)


@pytest.mark.parametrize("kind, missing, message", [
    ("penalty", {"fine": 0}, "罚款金额"),
    ("order", {"deadline": None}, "整改/整顿期限"),
    ("suspension", {"case_number": ""}, "案号"),
    ("dual_penalty", {"fine": Decimal(20000), "party_name": ""}, "被处罚的个人"),
    ("dual_penalty", {"fine": Decimal(20000), "party_name": "张三", "person_fine": 0}, "对个人罚款"),
    ("transfer", {"transferred_to": ""}, "移送机关"),
])
def test_each_kind_requires_its_fields(world, kind, missing, message):
    with pytest.raises(ServiceError, match=message):
        act(world, kind, **missing)
    assert EnforcementAction.objects.count() == 0


def test_a_penalty_is_recorded_with_an_event_and_links(world, make_inspection):
    inspection = make_inspection()
    a = act(world, "penalty", fine=Decimal("30000"), inspection=inspection)
    assert a.region == world.a_town and a.sector.code == "road-freight" and a.status == "open"
    assert EnforcementEvent.objects.get(action=a).data["fine"] == "30000"
    assert list(inspection.actions.all()) == [a]
    closed = enforcement.close_action(world.u.road, a.pk, TODAY)
    assert closed.status == "closed"
    with pytest.raises(ServiceError, match="已结案"):
        enforcement.close_action(world.u.road, a.pk, TODAY)


def test_bad_dates_and_scope_are_refused(world):
    with pytest.raises(ServiceError, match="不能晚于今天"):
        act(world, "interview", decided_on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ServiceError, match="不能早于决定日期"):
        act(world, "order", deadline=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ServiceError, match="不在您的管理范围内"):
        act(world, "interview", enterprise=world.charlie_ent)
    with pytest.raises(PermissionDenied):
        act(world, "interview", by=world.u.alice)


def test_an_enterprise_sees_only_the_measures_against_it(world, sectors):
    mine = act(world, "interview")
    act(world, "interview", by=world.u.safety, enterprise=world.bob_ent)
    assert list(EnforcementAction.objects.for_user(world.u.alice)) == [mine]
    assert EnforcementAction.objects.for_user(world.u.safety_b).count() == 0


def test_the_monthly_report_counts_what_the_lists_hold(world, make_inspection, sectors):
    inspection = make_inspection()
    items = answer_all(world.u.road, inspection, fail=(0, 1))
    from inspections import services

    services.hazard_from_item(world.u.road, items[0].pk)
    services.hazard_from_item(world.u.road, items[1].pk)
    inspection.refresh_from_db()
    services.complete(world.u.road, inspection.pk, inspection.version, "发现2项重大隐患")
    act(world, "order")
    act(world, "order", case_number="甲交执改〔2026〕2号")  # same firm twice: 1 家
    act(world, "penalty", fine=Decimal("30000"))
    act(world, "dual_penalty", fine=Decimal("20000"), party_name="张三", person_fine=Decimal("5000"))
    act(world, "interview", by=world.u.safety, enterprise=world.bob_ent)
    last_year = act(world, "penalty", fine=Decimal("1000"), decided_on=datetime.date(TODAY.year - 1, 12, 31))

    r = monthly.monthly_report(world.u.safety, TODAY.year, TODAY.month)
    t = r["total"]
    assert t["inspections"] == 1 and t["targets"] == 1
    assert t["hazards"] == 2 and t["major"] == 2
    assert t["order"] == 1 and t["penalty"] == 1 and t["dual_penalty"] == 1 and t["interview"] == 1
    assert t["fine"] == Decimal("5.50")  # 30000 + 20000 + 5000 元 = 5.5 万元
    assert {row["sector"] for row in r["rows"] if any(row[k] for k in monthly.KEYS)} == {"道路运输", "公路运营"}
    assert len(r["rows"]) >= 8  # every top-level 行业领域 is printed, zeros included
    assert sum(row["penalty"] for row in r["rows"]) == t["penalty"]
    # 本年累计 excludes last December; the month's figures are part of it.
    assert r["year_total"]["penalty"] >= t["penalty"] and last_year.decided_on.year != TODAY.year
    # The road unit sees only its own sectors.
    road = monthly.monthly_report(world.u.road, TODAY.year, TODAY.month)
    assert road["total"]["interview"] == 0 and road["total"]["penalty"] == 1

    xlsx = load_workbook(io.BytesIO(monthly.monthly_xlsx(r, "甲县交通运输局"))).active
    assert xlsx["A1"].value == "安全监管执法月报表"
    header = [c.value for c in xlsx[3]]
    total_row = next(row for row in xlsx.iter_rows(values_only=True) if row[0] == "合计")
    for key, label in monthly.COLUMNS:
        assert Decimal(str(total_row[header.index(label)])) == Decimal(t[key])


def test_monthly_pages(client_for, world):
    act(world, "penalty", fine=Decimal("30000"))
    c = client_for(world.u.safety)
    page = c.get(f"/inspections/monthly/?year={TODAY.year}&month={TODAY.month}").content.decode()
    assert "安全监管执法月报表" in page and "3.00" in page
    r = c.get(f"/inspections/monthly.xlsx?year={TODAY.year}&month={TODAY.month}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert c.get("/inspections/monthly/?year=abc&month=13").status_code == 200  # bad period → default month
    assert client_for(world.u.alice).get("/inspections/monthly/").status_code == 403


def test_the_enterprise_page_lists_the_measures_taken_against_it(client_for, world):
    act(world, "order")
    act(world, "interview", by=world.u.safety, enterprise=world.bob_ent)
    own = client_for(world.u.alice).get(f"/enterprises/{world.alice_ent.pk}/").content.decode()
    assert "责令限期整改" in own and "约谈" not in own
    staff = client_for(world.u.safety).get(f"/enterprises/{world.bob_ent.pk}/").content.decode()
    assert "约谈" in staff and "责令限期整改" not in staff


def test_an_order_from_a_finding_is_filled_from_it_and_the_chain_shows_on_all_three(world, make_inspection,
                                                                                      client_for):
    """登记执法措施 from one 不符合: 当事单位, the facts (what was seen), the legal basis (the item's 依据) and the hazard
    it became; the order then shows on the hazard's page, and the hazard's origin on the order's."""
    from core.testing import photo
    from inspections import enforcement, services
    from inspections.models import CheckItem

    inspection = make_inspection()
    item = CheckItem.objects.filter(target__inspection=inspection).exclude(basis="").order_by("order").first()
    services.record_item(world.u.road, item.pk, "fail", "2名驾驶员无从业资格证", photo())
    hazard = services.hazard_from_item(world.u.road, item.pk)
    initial = enforcement.prefill(world.u.road, item_id=item.pk)
    assert initial["enterprise"] == world.alice_ent.pk and initial["hazard"] == hazard.pk
    assert initial["kind"] == "order" and initial["legal_basis"] == item.basis
    assert "2名驾驶员无从业资格证" in initial["facts"] and inspection.number in initial["facts"]
    c = client_for(world.u.road)
    page = c.get(f"/inspections/actions/new/?item={item.pk}").content.decode()
    assert "2名驾驶员无从业资格证" in page and f'value="{hazard.pk}"' in page
    action = enforcement.record_action(world.u.road, {
        **{k: v for k, v in initial.items() if k not in ("inspection", "hazard", "enterprise", "sector", "region")},
        "inspection": inspection, "hazard": hazard, "enterprise": world.alice_ent,
        "sector": world.alice_ent.sectors.first(), "region": world.alice_ent.region, "case_number": "乌交执责改〔2026〕9号",
        "decided_on": datetime.date.today(), "deadline": datetime.date.today() + datetime.timedelta(days=15)})
    hazard_page = c.get(hazard.get_absolute_url()).content.decode()
    assert 'data-testid="enforcement"' in hazard_page and action.get_absolute_url() in hazard_page
    assert f"检查 {inspection.number}" in hazard_page  # the origin: the inspection's finding
    action_page = c.get(action.get_absolute_url()).content.decode()
    assert hazard.get_absolute_url() in action_page and inspection.get_absolute_url() in action_page
    # Nothing to prefill from another county's record: the one door.
    assert enforcement.prefill(world.u.safety_b, item_id=item.pk) == {}
