import datetime
from io import StringIO

from django.core.management import call_command

from accidents.grading import grade
from accidents.models import Accident
from inspections import monthly
from inspections.models import EnforcementAction, Inspection, Target
from tipoffs.models import TipOff


def snapshot():
    return (list(Inspection.objects.order_by("number").values_list("number", "kind", "status", "planned_on",
                                                                    "leader__enforcement_cert")),
            list(EnforcementAction.objects.order_by("case_number").values_list("case_number", "kind", "fine")),
            list(TipOff.objects.order_by("code").values_list("code", "state")),
            list(Accident.objects.order_by("occurred_at", "id").values_list("occurred_at", "deaths", "grade")))


def test_generate_data_builds_field_work_deterministically(db):
    call_command("generate_data", enterprises=40, seed=3, inspections=120, actions=80, tipoffs=30, accidents=20,
                 stdout=StringIO())
    first = snapshot()
    assert [len(x) for x in first] == [120, 80, 30, 20]
    assert Target.objects.count() == 120
    # Each team is 2–4 certified officers of the lead unit, the leader among them.
    for ins in Inspection.objects.prefetch_related("members"):
        members = list(ins.members.all())
        assert 2 <= len(members) <= 4 and ins.leader in members
        assert all(p.unit_id == ins.lead_unit_id and p.enforcement_cert for p in members)
    with_expert = Inspection.objects.filter(experts__isnull=False).count()
    assert 0 < with_expert < 120
    assert {"completed"} <= {row[2] for row in first[0]}
    assert all(a.grade == grade(a.deaths, a.serious_injuries, a.direct_loss) for a in Accident.objects.all())
    for model in (Target, Inspection, EnforcementAction, TipOff, Accident):
        model.objects.all().delete()
    from core.models import NumberCounter

    NumberCounter.objects.filter(prefix__startswith="JC-").delete()
    call_command("generate_data", enterprises=0, seed=3, inspections=120, actions=80, tipoffs=30, accidents=20,
                 stdout=StringIO())
    assert snapshot() == first


def test_generated_records_reach_the_monthly_report(db):
    from org.models import User

    call_command("generate_data", enterprises=30, seed=9, inspections=300, actions=300, stdout=StringIO())
    province = User.objects.create(username="prov", role="safety_office",
                                   region=Inspection.objects.first().region.parent.parent)
    year = datetime.date.today().year
    year_total = {}
    for month in range(1, 13):
        for row in [monthly.monthly_report(province, year, month)["total"]]:
            for key in ("inspections", "penalty"):
                year_total[key] = year_total.get(key, 0) + row[key]
    assert year_total["inspections"] == Inspection.objects.filter(status="completed", done_on__year=year).count()
    assert year_total["penalty"] == EnforcementAction.objects.filter(kind="penalty", decided_on__year=year).count()
