"""The demo the tests share is replayed from rows kept after one build (tests/demo_snapshot.py): the replay
must give exactly the database the build gave."""

import pytest
from django.db import connection, transaction

from tests import demo_snapshot


def _state():
    with connection.cursor() as cursor:
        return demo_snapshot._read(cursor)


def _in_rolled_back_transaction(work):
    with transaction.atomic():
        out = work()
        transaction.set_rollback(True)
    return out


@pytest.mark.django_db
def test_a_replayed_demo_is_row_for_row_the_built_demo(monkeypatch):
    monkeypatch.setattr(demo_snapshot, "_kept", {})
    empty = _state()
    first = _in_rolled_back_transaction(lambda: (demo_snapshot.load(), _state()))
    assert _state() == empty  # rolled back: the next load starts from the same rows
    second = _in_rolled_back_transaction(lambda: (demo_snapshot.load(), _state()))
    assert (first[0], second[0]) == ("built", "replayed")
    built, replayed = first[1], second[1]
    assert built.keys() == replayed.keys()
    assert sum(len(rows) for _, _, rows in built.values()) > sum(len(rows) for _, _, rows in empty.values()) + 3000
    for table in built:
        assert built[table] == replayed[table], table


@pytest.mark.django_db
def test_a_database_that_starts_from_other_rows_is_built_again(monkeypatch):
    from org.models import Region

    builds = []

    def build(*args, **kwargs):  # stands in for load_demo: what is replayed is whatever the build wrote
        builds.append(1)
        Region.objects.create(code=f"52000{len(builds)}", name="演示省", level="province")

    monkeypatch.setattr(demo_snapshot, "call_command", build)
    monkeypatch.setattr(demo_snapshot, "_kept", {})
    assert _in_rolled_back_transaction(demo_snapshot.load) == "built"
    assert _in_rolled_back_transaction(lambda: (demo_snapshot.load(), Region.objects.get(name="演示省").code)) \
        == ("replayed", "520001")
    Region.objects.create(code="530000", name="另一个省", level="province")
    assert _in_rolled_back_transaction(demo_snapshot.load) == "built"  # other starting rows: built, kept beside
    assert len(builds) == 2 and len(demo_snapshot._kept) == 2
