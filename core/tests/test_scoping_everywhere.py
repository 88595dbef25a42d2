"""Guard: every model of ours reads through the one door — its queryset is one of
org.scope's strategies — so no screen, export or endpoint has an excuse to read unscoped."""

import pytest
from django.apps import apps

OUR_APPS = {"core", "org", "enterprises", "hazards", "plans", "accidents", "inspections", "tipoffs", "risks", "safety", "reports",
            "notify", "audit", "security"}


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if m._meta.app_label in OUR_APPS], ids=lambda m: m._meta.label
)
def test_every_model_has_a_for_user_scope(model):
    from org.scope import ScopedQuerySet

    assert isinstance(model.objects.all(), ScopedQuerySet), f"{model._meta.label} reads around org.scope"


def test_child_records_follow_their_enterprise(world):
    from enterprises.models import Contact, EnterpriseEvent
    from enterprises import services

    services.update_enterprise(world.u.safety, world.bob_ent.pk, 1, {"address": "x"})
    Contact.objects.create(enterprise=world.bob_ent, role="principal", name="鲍勃")
    assert not Contact.objects.for_user(world.u.alice).exists()
    assert Contact.objects.for_user(world.u.bob).count() == 1
    assert not EnterpriseEvent.objects.for_user(world.u.road).exists()
    assert EnterpriseEvent.objects.for_user(world.u.highway).count() == 1


def test_users_are_scoped_for_the_system_admin(world):
    from org.models import User

    names = set(User.objects.for_user(world.u.sysadmin).values_list("username", flat=True))
    assert "alice" in names and "safety_b" not in names and "province" not in names
    assert list(User.objects.for_user(world.u.alice)) == [world.u.alice]
