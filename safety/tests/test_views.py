import datetime

from enterprises.models import Contact
from safety.models import Attendee, Drill, Training

TODAY = datetime.date.today()


def test_training_through_the_web_then_results(client_for, world):
    principal = Contact.objects.create(enterprise=world.alice_ent, role="principal", name="艾丽")
    c = client_for(world.u.safety)
    r = c.post("/safety/trainings/new/", {"kind": "key_people", "title": "主要负责人培训", "start_on": TODAY.isoformat(),
                                          "end_on": TODAY.isoformat(), "hours": "24", "contacts": [principal.pk]})
    t = Training.objects.get()
    assert r.status_code == 302 and t.attendees.count() == 1
    a = Attendee.objects.get()
    c.post(f"/safety/trainings/{t.pk}/", {f"a{a.pk}": "1"})
    a.refresh_from_db()
    principal.refresh_from_db()
    assert a.passed is True and principal.training_status == "certified"
    bad = c.post("/safety/trainings/new/", {"kind": "key_people", "title": "空", "start_on": TODAY.isoformat(),
                                            "end_on": TODAY.isoformat(), "hours": "8"})
    assert "至少选择一名参训人员" in bad.content.decode() and Training.objects.count() == 1


def test_drills_pages_and_scope(client_for, world):
    alice = client_for(world.u.alice)
    r = alice.post("/safety/drills/new/", {"kind": "special", "held_on": TODAY.isoformat(), "scenario": "罐车泄漏",
                                           "participants": "15", "evaluation": "处置得当"})
    assert r.status_code == 302 and Drill.objects.get().enterprise == world.alice_ent
    assert alice.get("/safety/drills/").context["page"].paginator.count == 1
    assert alice.get("/safety/").url == "/safety/drills/"
    assert alice.get("/safety/coverage/").status_code == 403
    assert client_for(world.u.bob).get("/safety/drills/").context["page"].paginator.count == 0
    page = client_for(world.u.safety).get("/safety/drills/compliance/").content.decode()
    assert "专项应急预案每年至少演练一次" in page and "正常 1 家" in page


def test_every_drill_compliance_figure_links_to_the_same_enterprises(client_for, world):
    """Issue 18 #3: each count of the 演练频次 page opens the list of exactly those enterprises."""
    import re

    client_for(world.u.alice).post("/safety/drills/new/", {
        "kind": "special", "held_on": TODAY.isoformat(), "scenario": "罐车泄漏", "participants": "15",
        "evaluation": "处置得当"})
    client = client_for(world.u.safety)
    page = client.get("/safety/drills/compliance/").content.decode()
    figures = re.findall(r'href="(\?rule=\d+&amp;status=\w+)" data-figure="\w+">[^<]*?(\d+) 家</a>', page)
    assert len(figures) >= 4 and any(int(n) > 0 for _, n in figures)
    for url, n in figures:
        listed = client.get("/safety/drills/compliance/" + url.replace("&amp;", "&")).content.decode()
        assert re.search(r'data-total="firms">(\d+)<', listed).group(1) == n, url
        assert listed.count('data-testid="compliance-list"') == 1
        body = listed[listed.index('data-testid="compliance-list"'):listed.index("</table>")]
        assert body.count("/enterprises/") == int(n), url


def test_the_bureau_records_its_own_drill_against_its_drill_plan(world, sectors, client_for):
    """Issue 21 #5: a drill the bureau organises needs no enterprise; the 年度应急演练计划 shows planned
    against held, and an enterprise sees neither the plan nor the bureau's drills."""
    import datetime

    from safety.models import Drill, DrillPlanItem

    safety = client_for(world.u.safety)
    year = datetime.date.today().year
    response = safety.post(f"/safety/drills/plan/?year={year}", {
        "month": 1, "scenario": "客运站火灾疏散演练", "kind": "evacuation", "organiser": world.road_unit.pk})
    assert response.status_code == 302
    item = DrillPlanItem.objects.get()
    assert item.events.get().label == "列入演练计划"
    response = safety.post("/safety/drills/new/", {
        "organiser": world.road_unit.pk, "sector": sectors["road"].pk, "plan_item": item.pk, "kind": "evacuation",
        "held_on": f"{year}-01-15", "scenario": "客运站火灾疏散演练", "participants": 40, "evaluation": "疏散有序"})
    assert response.status_code == 302, response.content.decode()[:500]
    drill = Drill.objects.get()
    assert drill.enterprise is None and drill.organiser == world.road_unit and drill.plan_item == item
    page = safety.get(f"/safety/drills/plan/?year={year}").content.decode()
    assert 'data-state="已开展"' in page and "计划 1 次：已开展 1" in page
    assert "本局组织" in safety.get("/safety/drills/").content.decode()
    # Neither an enterprise nor a drill without a holder.
    bad = safety.post("/safety/drills/new/", {"kind": "evacuation", "held_on": f"{year}-01-15", "scenario": "x",
                                              "participants": 5, "evaluation": "x"})
    assert "组织单位" in bad.content.decode() and Drill.objects.count() == 1
    alice = client_for(world.u.alice)
    assert alice.get("/safety/drills/plan/").status_code == 403
    assert "客运站火灾疏散演练" not in alice.get("/safety/drills/").content.decode()
    assert client_for(world.u.road).post(f"/safety/drills/plan/?year={year}", {}).status_code == 403
