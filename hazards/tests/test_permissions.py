"""Every transition against every role: allowed ones succeed, all others are
refused with PermissionDenied and change nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ServiceError

from hazards import services
from hazards.models import Hazard, State

from .conftest import full_plan, photo

FUTURE = datetime.date.today() + datetime.timedelta(days=30)
ROLES = ["alice", "bob", "road", "highway", "safety", "leader", "expert", "secadmin", "safety_b"]


def sup_args():
    return dict(level="county", doc_number="甲交督〔2026〕9号", issuing_unit="甲县交通运输局", signatory="局长",
                planned_date=FUTURE)


def prepare_decide(world, make_hazard):
    h = make_hazard(State.RECTIFYING, level="general")
    services.request_extension(world.u.alice, h.pk, FUTURE + datetime.timedelta(days=9), "理由")
    return h


def prepare_lift(world, make_hazard):
    h = make_hazard(State.AWAITING_ACCEPTANCE)
    services.open_supervision(world.u.safety, h.pk, **sup_args())
    services.accept(world.u.road, h.pk, None)
    return h


# action: (prepare(world, make_hazard) -> hazard, call(user, hazard), roles allowed)
CASES = {
    "verify": (lambda w, m: m(), lambda u, h: services.verify(u, h.pk, None, level="general", deadline=FUTURE),
               {"road", "safety"}),
    "confirm": (lambda w, m: m(State.PENDING_CONFIRMATION), lambda u, h: services.confirm(u, h.pk, None), {"safety"}),
    "reject": (lambda w, m: m(), lambda u, h: services.reject(u, h.pk, None, "不构成"), {"road", "safety"}),
    "save_plan": (lambda w, m: m(State.CONFIRMED), lambda u, h: services.save_plan(u, h.pk, None, full_plan()),
                  {"alice", "road", "safety"}),
    "start_rectifying": (lambda w, m: m(State.CONFIRMED),
                         lambda u, h: services.start_rectifying(u, h.pk, None, plan=full_plan()),
                         {"alice", "road", "safety"}),
    "request_extension": (lambda w, m: m(State.RECTIFYING, level="general"),
                          lambda u, h: services.request_extension(u, h.pk, FUTURE + datetime.timedelta(days=3), "r"),
                          {"alice", "road"}),
    "decide_extension": (prepare_decide, lambda u, h: services.decide_extension(u, h.pk, True), {"road", "safety"}),
    "submit": (lambda w, m: m(State.RECTIFYING),
               lambda u, h: services.submit_for_acceptance(u, h.pk, None, [photo()], "完成"), {"alice", "road"}),
    "cosign": (lambda w, m: m(State.AWAITING_ACCEPTANCE), lambda u, h: services.cosign(u, h.pk, "意见"), {"expert"}),
    "accept": (lambda w, m: m(State.AWAITING_ACCEPTANCE), lambda u, h: services.accept(u, h.pk, None),
               {"road", "safety"}),
    "fail": (lambda w, m: m(State.AWAITING_ACCEPTANCE), lambda u, h: services.fail_acceptance(u, h.pk, None, "不合格"),
             {"road", "safety"}),
    "close": (lambda w, m: m(State.ACCEPTED), lambda u, h: services.close(u, h.pk, None), {"road", "safety"}),
    "open_supervision": (lambda w, m: m(State.RECTIFYING),
                         lambda u, h: services.open_supervision(u, h.pk, **sup_args()), {"safety"}),
    "lift_supervision": (prepare_lift, lambda u, h: services.lift_supervision(u, h.pk), {"safety"}),
    "urge": (lambda w, m: m(State.RECTIFYING), lambda u, h: services.urge(u, h.pk, "抓紧整改"), {"leader", "safety"}),
    "instruct": (lambda w, m: m(State.RECTIFYING), lambda u, h: services.instruct(u, h.pk, "限期办结"), {"leader"}),
    "edit": (lambda w, m: m(), lambda u, h: services.edit(u, h.pk, None, {"title": "新名称"}), {"road", "safety"}),
    "documents": (lambda w, m: m(State.RECTIFYING), lambda u, h: services.add_documents(u, h.pk, [photo()]),
                  {"alice", "road", "safety"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(CASES))
def test_transition_permissions(world, make_hazard, action, role):
    prepare, call, allowed = CASES[action]
    hazard = prepare(world, make_hazard)
    before = Hazard.objects.get(pk=hazard.pk)
    n_events = hazard.events.count()
    user = getattr(world.u, role)
    if role in allowed:
        call(user, hazard)
        assert hazard.events.count() == n_events + 1
    else:
        with pytest.raises(PermissionDenied):
            call(user, hazard)
        after = Hazard.objects.get(pk=hazard.pk)
        assert (after.state, after.version, after.deadline) == (before.state, before.version, before.deadline)
        assert hazard.events.count() == n_events


def test_only_enterprise_unit_and_safety_office_report(world, sectors):
    data = {"title": "x", "description": "y", "sector": sectors["road-freight"], "enterprise": world.alice_ent}
    for role in ("leader", "expert", "secadmin", "auditor", "sysadmin"):
        with pytest.raises(PermissionDenied):
            services.report_hazard(getattr(world.u, role), data, [photo()])
    assert not Hazard.objects.exists()


def test_the_ui_offers_exactly_what_the_service_allows(world, make_hazard):
    from hazards.permissions import available_actions

    h = make_hazard(State.AWAITING_ACCEPTANCE)
    assert set(available_actions(world.u.road, h)) == {"accept", "fail", "documents"}
    assert set(available_actions(world.u.safety, h)) == {"accept", "fail", "urge", "open_supervision", "documents"}
    assert available_actions(world.u.expert, h) == ["cosign"]
    assert available_actions(world.u.alice, h) == ["documents"]
    closed = make_hazard(State.CLOSED)
    assert "documents" not in available_actions(world.u.safety, closed)
    with pytest.raises(ServiceError, match="已销号"):
        services.add_documents(world.u.safety, closed.pk, [photo()])


def test_the_todo_query_keeps_every_hazard_that_holds_a_duty(world, make_hazard):
    """duty_filter (the 待办's SQL) never drops a hazard on which `duties` finds work, and leaves out
    those that cannot hold any: the safety office is not sent every open hazard to sort."""
    from hazards.models import Extension, Supervision
    from hazards.permissions import available_actions, duties, duty_filter

    for state in (State.REPORTED, State.PENDING_CONFIRMATION, State.CONFIRMED, State.RECTIFYING,
                  State.AWAITING_ACCEPTANCE, State.ACCEPTED, State.CLOSED):
        make_hazard(state, level="major")
        if state not in (State.PENDING_CONFIRMATION,):
            make_hazard(state, level="general")
    prepare_decide(world, make_hazard)
    major_ext = make_hazard(State.RECTIFYING)
    services.request_extension(world.u.alice, major_ext.pk, FUTURE + datetime.timedelta(days=9), "理由")
    lift = prepare_lift(world, make_hazard)
    plain_rectifying = make_hazard(State.RECTIFYING, level="general")

    held = {}
    for name in ROLES + ["province"]:
        user = getattr(world.u, name)
        waiting = set()
        for h in Hazard.objects.for_user(user):
            sup = Supervision.objects.filter(hazard=h, lifted_at__isnull=True).first()
            ext = Extension.objects.filter(hazard=h, decision=Extension.Decision.PENDING).first()
            if duties(user, h, available_actions(user, h, sup, ext)):
                waiting.add(h.pk)
        q = duty_filter(user)
        queried = set(Hazard.objects.for_user(user).filter(q).values_list("pk", flat=True)) if q is not None else set()
        assert waiting <= queried, name
        held[name] = (waiting, queried)
    assert lift.pk in held["safety"][0] and major_ext.pk in held["safety"][0]
    assert plain_rectifying.pk not in held["safety"][1]  # no duty of the safety office can wait there
    assert held["road"][0] and held["alice"][0] and held["expert"][0]
    assert duty_filter(world.u.leader) is None and duty_filter(world.u.province) is None
