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
