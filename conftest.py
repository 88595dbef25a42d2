"""Shared fixtures: a small world of two counties, units with sectors,
enterprises and one user per role — alice/bob/charlie style isolation."""

import datetime
from types import SimpleNamespace

import factory
import pytest
from django.conf import settings

from core.validators import make_credit_code


def pytest_addoption(parser):
    parser.addoption("--db-only", action="store_true",
                     help="run only the tests that use the database (the PostgreSQL pass: the others "
                          "do not depend on the database and have run in the SQLite pass)")


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--db-only"):
        return
    keep, dropped = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        (keep if uses_db else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords():
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _media(tmp_path_factory):
    # Uploaded photos go to a throwaway directory, never into the work tree.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "org.Region"

    code = factory.Sequence(lambda n: f"{500000 + n}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = "county"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "org.Unit"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试单位{n}")
    region = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if extracted:
            self.sectors.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "org.Person"

    name = factory.Sequence(lambda n: f"人员{n}")
    unit = factory.SubFactory(UnitFactory)
    phone = "13800138000"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "org.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = "safety_office"
    password = factory.PostGenerationMethodCall("set_password", "Zhiben@2026")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enterprises.Enterprise"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试运输有限公司{n}")
    credit_code = factory.Sequence(lambda n: make_credit_code("500000", 1000 + n))
    region = factory.SubFactory(RegionFactory)
    search_text = factory.LazyAttribute(lambda o: f"{o.name} {o.credit_code}".lower())

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if extracted:
            self.sectors.set(extracted)


@pytest.fixture
def sectors(db):
    from org.models import Sector
    from org.sector_defaults import ensure_default_sectors

    # Transactional tests flush the tables the migrations seeded; put them back.
    ensure_default_sectors(Sector)
    return {s.code: s for s in Sector.objects.all()}


@pytest.fixture
def themes(db):
    """The shipped campaign themes and report forms (a transactional test elsewhere may have
    flushed what the migrations seeded)."""
    from org.models import Theme, ensure_themes
    from reports.models import ensure_forms

    ensure_themes()
    ensure_forms()
    return {t.code: t for t in Theme.objects.all()}


@pytest.fixture
def world(db, sectors):
    """County A (two units: road transport, highways) and county B, each with enterprises.

    alice_ent: road freight in A; bob_ent: bridge operator in A; charlie_ent: road freight in B.
    """
    province = RegionFactory(code="510000", name="测试省", level="province")
    a = RegionFactory(code="510101", name="甲县", parent=province)
    a_town = RegionFactory(code="510101100", name="甲镇", level="town", parent=a)
    b = RegionFactory(code="510102", name="乙县", parent=province)
    bureau_a = UnitFactory(name="甲县交通运输局", region=a, kind="bureau")
    road_unit = UnitFactory(name="运输服务中心", region=a, parent=bureau_a, sectors=[sectors["road"]])
    highway_unit = UnitFactory(name="公路养护中心", region=a, parent=bureau_a, sectors=[sectors["highway"]])
    bureau_b = UnitFactory(name="乙县交通运输局", region=b, kind="bureau")
    alice_ent = EnterpriseFactory(name="甲县爱丽丝物流有限公司", region=a_town, sectors=[sectors["road-freight"]])
    bob_ent = EnterpriseFactory(name="甲县鲍勃桥梁运营有限公司", region=a, sectors=[sectors["bridge"]])
    charlie_ent = EnterpriseFactory(name="乙县查理物流有限公司", region=b, sectors=[sectors["road-freight"]])
    users = SimpleNamespace(
        leader=UserFactory(username="leader_a", role="leader", region=a),
        safety=UserFactory(username="safety_a", role="safety_office", region=a, unit=bureau_a),
        road=UserFactory(username="road_a", role="unit_staff", unit=road_unit),
        highway=UserFactory(username="highway_a", role="unit_staff", unit=highway_unit),
        alice=UserFactory(username="alice", role="enterprise", enterprise=alice_ent),
        bob=UserFactory(username="bob", role="enterprise", enterprise=bob_ent),
        expert=UserFactory(username="expert_a", role="expert", region=a),
        sysadmin=UserFactory(username="sysadmin_a", role="sys_admin", region=a, is_staff=True),
        secadmin=UserFactory(username="secadmin_a", role="security_admin", region=a),
        auditor=UserFactory(username="auditor_a", role="auditor", region=a),
        safety_b=UserFactory(username="safety_b", role="safety_office", region=b, unit=bureau_b),
        province=UserFactory(username="province", role="safety_office", region=province),
    )
    return SimpleNamespace(
        province=province, a=a, a_town=a_town, b=b, bureau_a=bureau_a, road_unit=road_unit,
        highway_unit=highway_unit, bureau_b=bureau_b, alice_ent=alice_ent, bob_ent=bob_ent,
        charlie_ent=charlie_ent, u=users, today=datetime.date(2026, 11, 23),
    )


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo county (`load_demo`), built once per test module instead of once per test.

    It is loaded inside a transaction held open for the module and rolled back at its end;
    each test's own transaction (the `db` fixture) is a savepoint inside it, so what a test
    changes is undone before the next one sees the demo. Not for transactional tests."""
    from django.db import transaction

    from tests import demo_snapshot

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_snapshot.load()  # built by load_demo once per worker, replayed after (tests/demo_snapshot.py)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_db(demo_world, db):
    """A test on the shared demo county (see demo_world)."""


def pytest_sessionfinish(session):
    """Under pytest-xdist each worker hands its counts to the controller (pytest_testnodedown)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from tests.matrix import CALLS, FUZZ

        workeroutput["zhiben_calls"] = [[*key, n] for key, n in CALLS.items()]
        workeroutput["zhiben_fuzz"] = [[name, n] for name, n in FUZZ.items()]


def pytest_testnodedown(node, error):
    from tests.matrix import CALLS, FUZZ

    output = getattr(node, "workeroutput", {}) or {}
    for *key, n in output.get("zhiben_calls", []):
        CALLS[tuple(key)] += n
    for name, n in output.get("zhiben_fuzz", []):
        FUZZ[name] += n


def pytest_terminal_summary(terminalreporter):
    """Print how much the security runs covered (authorization matrix, fuzzing, schema tests)."""
    from tests.matrix import CALLS, FUZZ

    if CALLS:
        roles = sorted({who for who, _, _ in CALLS})
        allowed = sum(n for (_, _, cls), n in CALLS.items() if cls in (2, 3))
        denied = sum(n for (_, _, cls), n in CALLS.items() if cls == 4)
        terminalreporter.write_line(
            f"authorization matrix: {sum(CALLS.values())} requests as {len(roles)} roles "
            f"({', '.join(roles)}): {allowed} allowed/redirected, {denied} refused, "
            f"{sum(n for (_, _, cls), n in CALLS.items() if cls == 5)} errors")
    schema_ops = {k: v for k, v in FUZZ.items() if k.startswith("schemathesis ")}
    if schema_ops:
        terminalreporter.write_line(f"fuzz: schemathesis: {sum(schema_ops.values())} generated requests "
                                    f"over {len(schema_ops)} API operations")
    for name, count in sorted(FUZZ.items()):
        if name not in schema_ops:
            terminalreporter.write_line(f"fuzz: {name}: {count} examples run")
