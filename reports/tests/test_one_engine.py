"""The 执法月报表 and the 调度统计表 count from one engine (core.stats): a firm given two
责令限期整改 in two 道路运输 sub-sectors is one 家 in the row and in 合计 of both tables."""

import datetime

import pytest

from inspections import monthly
from inspections.models import EnforcementAction
from reports import dispatch

pytestmark = pytest.mark.django_db


def order(world, sector, day):
    return EnforcementAction.objects.create(
        kind=EnforcementAction.Kind.ORDER, region=world.a, sector=sector, enterprise=world.alice_ent,
        facts="未按规定开展隐患排查", legal_basis="《安全生产法》第一百零二条", decided_on=day,
        deadline=day + datetime.timedelta(days=30), created_by=world.u.safety)


def test_one_firm_in_two_sub_sectors_is_one_firm_in_both_tables(world, sectors):
    day = datetime.date(2026, 11, 10)
    order(world, sectors["road-freight"], day)
    order(world, sectors["road-dangerous-goods"], day)
    order(world, sectors["bridge"], day)  # and once more in another top-level sector

    month = monthly.monthly_report(world.u.safety, 2026, 11)
    table = dispatch.compute(world.u.safety, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))

    for rows, total in ((month["rows"], month["total"]), (table["rows"], table["total"])):
        by_name = {r["sector"]: r["order"] for r in rows}
        assert by_name == {"道路运输": 1, "公路运营": 1}
        assert total["order"] == 1  # one firm in 合计, though it appears in two rows
    assert month["year_total"]["order"] == 1
