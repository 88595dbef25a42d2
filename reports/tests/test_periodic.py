import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from hazards.models import Hazard
from reports import periodic


def test_quarters_and_due_dates():
    assert periodic.quarter_range(2026, 1) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert periodic.quarter_range(2026, 4) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert periodic.due_date(2026, 3) == datetime.date(2026, 10, 15)
    assert periodic.due_date(2026) == datetime.date(2027, 1, 31)


def make(world, sectors, n, discovered, level="general", accepted=None, closed=None, state="rectifying"):
    def aware(d):
        return timezone.make_aware(datetime.datetime.combine(d, datetime.time(10))) if d else None

    return Hazard.objects.create(number=f"Q-{n}", level=level, state=state, sector=sectors["road-freight"],
                                 region=world.a, enterprise=world.alice_ent, title="t", description="d",
                                 discovered_on=discovered, accepted_at=aware(accepted), closed_at=aware(closed),
                                 plan_funds=Decimal("2.5") if level == "major" else None)


def test_quarter_figures_and_the_stock_at_the_end(world, sectors, client_for):
    q3 = periodic.quarter_range(2026, 3)
    make(world, sectors, 1, datetime.date(2026, 7, 5), "major", accepted=datetime.date(2026, 8, 1),
         closed=datetime.date(2026, 8, 2), state="closed")
    make(world, sectors, 2, datetime.date(2026, 9, 30), "major", accepted=datetime.date(2026, 10, 2), state="accepted")
    make(world, sectors, 3, datetime.date(2026, 8, 8))
    make(world, sectors, 4, datetime.date(2026, 8, 9), state="rejected")
    make(world, sectors, 5, datetime.date(2026, 5, 1))  # found before the quarter, still open at its end
    t = periodic.hazard_statistics(world.u.safety, *q3)
    total = t["total"]
    assert (total["major"], total["general"], total["major_done"], total["general_done"]) == (2, 1, 1, 0)
    assert total["major_rate"] == Decimal("50.0") and total["general_rate"] == Decimal("0.0")
    assert total["funds"] == Decimal("5.00")
    listed = client_for(world.u.safety).get(f"/hazards/?open_on={q3[1].isoformat()}")
    assert total["open_at_end"] == listed.context["table"].paginator.count == 3
    assert [r["sector"] for r in t["rows"]] == ["道路运输"]


def test_the_page_and_the_xlsx(world, sectors, client_for):
    make(world, sectors, 1, datetime.date(2026, 2, 3), "major")
    c = client_for(world.u.safety)
    page = c.get("/reports/hazards/?year=2026&quarter=1").content.decode()
    assert "2026年第一季度" in page and "2026年4月15日" in page
    sheet = load_workbook(io.BytesIO(c.get("/reports/hazards.xlsx?year=2026&quarter=1").content)).active
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "合计")
    assert total[1] == 1  # one 重大 found
    assert c.get("/reports/hazards/?year=abc").status_code == 200
