import datetime

import time_machine

from dashboard.figures import enterprise_figures, enterprises_by_top_sector
from enterprises import services
from enterprises.models import Contact


@time_machine.travel(datetime.date(2026, 11, 23))
def test_figures_count_the_users_scope(world, sectors):
    services.change_status(world.u.safety, world.bob_ent.pk, "suspended", "整顿")
    world.alice_ent.standardization_level = "level2"
    world.alice_ent.standardization_date = datetime.date(2023, 11, 1)  # expired 2026-11-01
    world.alice_ent.save()
    Contact.objects.create(enterprise=world.alice_ent, role="principal", name="甲", training_status="none")
    figures = enterprise_figures(world.u.safety)
    assert figures["total"] == 2 and figures["operating"] == 1 and figures["suspended"] == 1
    assert figures["std_expired"] == 1 and figures["std_expiring"] == 0
    # Key people are counted as the 全覆盖 board counts them (one definition, issue 18): with no
    # such target there is no figure; with one, its uncovered operating enterprises.
    assert figures["key_people"] is None
    from safety.models import CoverageTarget

    CoverageTarget.objects.create(region=world.a, name="重点人员培训全覆盖", population="enterprises",
                                  rule=CoverageTarget.Rule.KEY_PEOPLE_TRAINED, counted_from=datetime.date(2026, 1, 1),
                                  deadline=datetime.date(2026, 12, 31))
    assert enterprise_figures(world.u.safety)["key_people"]["missing"] == 1  # alice's; bob's is suspended
    # The 工作台 passes the board it has read (safety.coverage.board): the same figure, the first target
    # by id, without evaluating it again.
    from safety import coverage

    first = CoverageTarget.objects.get(name="重点人员培训全覆盖")
    CoverageTarget.objects.create(region=world.a, name="第二个重点人员目标", population="enterprises",
                                  rule=CoverageTarget.Rule.KEY_PEOPLE_TRAINED, counted_from=datetime.date(2026, 1, 1),
                                  deadline=datetime.date(2026, 12, 31), sector=world.bob_ent.sectors.first())
    board = list(reversed(coverage.board(world.u.safety)))
    assert len(board) == 2
    from_board = enterprise_figures(world.u.safety, board)["key_people"]
    assert from_board == enterprise_figures(world.u.safety)["key_people"]
    assert from_board["target"] == first and from_board["missing"] == 1
    assert enterprise_figures(world.u.safety, [])["key_people"] is None
    assert enterprise_figures(world.u.road)["total"] == 1
    assert enterprise_figures(world.u.auditor)["total"] == 0


@time_machine.travel(datetime.date(2026, 11, 23))
def test_certificates_expiring_within_90_days_are_counted(world):
    world.bob_ent.standardization_level = "level3"
    world.bob_ent.standardization_date = datetime.date(2024, 1, 10)  # expires 2027-01-10
    world.bob_ent.save()
    assert enterprise_figures(world.u.safety)["std_expiring"] == 1


def test_sector_breakdown_counts_each_enterprise_once_per_top_sector(world, sectors):
    world.alice_ent.sectors.add(sectors["road-dangerous-goods"])  # two 道路运输 sub-sectors
    rows = {r["sector"].code: r["count"] for r in enterprises_by_top_sector(world.u.safety)}
    assert rows["road"] == 1 and rows["highway"] == 1 and rows["water"] == 0


def test_the_dashboard_page_shows_the_figures(world, client_for):
    page = client_for(world.u.safety).get("/").content.decode()
    assert 'data-kpi="total">2<' in page


def test_an_enterprise_dashboard_shows_its_own_card(world, client_for):
    page = client_for(world.u.alice).get("/").content.decode()
    assert world.alice_ent.name in page and world.bob_ent.name not in page


def test_administrators_get_their_own_home(world, client_for):
    page = client_for(world.u.auditor).get("/").content.decode()
    assert "三员分立" in page and "审计日志" in page and "企业总数" not in page


def test_the_dashboard_shows_hazard_figures_in_scope(world, client_for, sectors):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from hazards import services

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "JPEG")
    from hazards.models import Criterion

    services.report_hazard(world.u.alice, {"title": "x", "description": "y", "sector": sectors["road-freight"],
                                           "level": "major", "criterion": Criterion.objects.first()},
                           [SimpleUploadedFile("a.jpg", buf.getvalue())])
    page = client_for(world.u.safety).get("/").content.decode()
    assert 'data-kpi="major_open">1<' in page and 'data-kpi="hz_overdue">0<' in page
    assert 'data-kpi="major_open">0<' in client_for(world.u.safety_b).get("/").content.decode()
    assert 'data-kpi="major_open">1<' in client_for(world.u.alice).get("/").content.decode()
