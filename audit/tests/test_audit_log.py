"""The audit log: what is recorded, how it is masked, who reads it, and that it cannot be changed."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AppendOnlyError, AuditEntry
from org.models import Person

pytestmark = pytest.mark.django_db


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


def test_it_records_an_update_with_before_after_and_the_person(world, client_for):
    client = client_for(world.u.secadmin)
    form = {"min_length": 12, "min_classes": 3, "max_age_days": 90, "lockout_threshold": 5,
            "lockout_minutes": 15, "idle_minutes": 30}
    client.post("/security/", form)
    client.post("/security/", form | {"min_length": 14})
    [update] = entries(kind="update", object_type="security.securitypolicy")
    assert update.changes["min_length"] == [12, 14]
    assert update.username == "secadmin_a" and update.role == "security_admin"
    assert update.method == "POST" and update.path == "/security/" and update.ip == "127.0.0.1"


def test_it_records_creation_and_deletion_of_records(world):
    person = Person.objects.create(name="张三", unit=world.road_unit, position="科员")
    pk = person.pk
    person.delete()
    created, deleted = entries(object_type="org.person", object_id=str(pk))
    assert created.kind == "create" and created.changes["name"] == "张三"
    assert deleted.kind == "delete" and deleted.changes["position"] == "科员"


def test_personal_data_is_masked_in_the_log(world):
    person = Person.objects.create(name="李四", unit=world.road_unit, phone="13912345678")
    person.phone = "13887654321"
    person.save()
    created, updated = entries(object_type="org.person", object_id=str(person.pk))
    assert created.changes["phone"] == "139****5678"
    assert updated.changes["phone"] == ["139****5678", "138****4321"]
    assert "13912345678" not in str(AuditEntry.objects.values_list("changes", flat=True)[::1])


def test_a_password_change_is_recorded_without_the_hash(world):
    user = world.u.road
    user.set_password("Another#Pass2026")
    user.save()
    entry = entries(kind="update", object_type="org.user", object_id=str(user.pk))[-1]
    assert entry.changes["password"] == "（已修改）"
    assert user.password not in str(entry.changes)


def test_logins_and_failed_logins_are_recorded(world, client):
    client.post("/accounts/login/", {"username": "road_a", "password": "wrong-password"}, REMOTE_ADDR="10.0.0.7")
    client.post("/accounts/login/", {"username": "road_a", "password": "Zhiben@2026"}, REMOTE_ADDR="10.0.0.7")
    failed, ok = entries(kind__in=["login", "login_failed"])
    assert failed.kind == "login_failed" and failed.object_repr == "road_a" and failed.ip == "10.0.0.7"
    assert "wrong-password" not in str(failed.__dict__)
    assert ok.kind == "login" and ok.user_id == world.u.road.pk
    client.post("/accounts/logout/")
    assert entries(kind="logout")[0].username == "road_a"


def test_a_refused_request_is_recorded(world, client_for):
    response = client_for(world.u.auditor).get("/security/")
    assert response.status_code == 403
    [denied] = entries(kind="denied")
    assert denied.username == "auditor_a" and denied.path == "/security/"


def test_an_export_is_recorded_with_its_file_name(world, client_for):
    response = client_for(world.u.safety).get("/hazards/export.xlsx")
    assert response.status_code == 200
    [export] = entries(kind="export")
    assert export.username == "safety_a" and export.detail.startswith("甲县隐患排查治理台账_")


def test_the_application_cannot_change_or_delete_a_row(world):
    AuditEntry.objects.create(kind="login", username="x")
    entry = AuditEntry.objects.get(username="x")
    entry.username = "y"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(username="y")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_an_update_underneath(world):
    AuditEntry.objects.create(kind="login", username="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET username = 'y'")
    assert AuditEntry.objects.filter(username="y").count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level DELETE guard is PostgreSQL's")
def test_postgresql_refuses_deleting_rows_inside_the_retention(world):
    AuditEntry.objects.create(kind="login", username="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.filter(username="x").count() == 1


@pytest.mark.parametrize("who,status", [("auditor", 200), ("sysadmin", 403), ("secadmin", 403), ("safety", 403),
                                        ("leader", 403), ("alice", 403)])
def test_only_the_auditor_reads_the_log(world, client_for, who, status):
    client = client_for(getattr(world.u, who))
    assert client.get("/audit/").status_code == status
    assert client.get("/audit/export/").status_code == status


def test_the_auditor_searches_and_reads_one_entry(world, client_for):
    Person.objects.create(name="王五", unit=world.road_unit, phone="13912345678")
    AuditEntry.objects.create(kind="login_failed", username="", object_repr="mallory", ip="10.9.9.9")
    client = client_for(world.u.auditor)
    page = client.get("/audit/", {"kind": "login_failed"}).content.decode()
    assert "mallory" in page and "王五" not in page
    page = client.get("/audit/", {"q": "王五"}).content.decode()
    assert "王五" in page and "mallory" not in page
    entry = AuditEntry.objects.get(object_type="org.person")
    detail = client.get(f"/audit/{entry.pk}/").content.decode()
    assert "139****5678" in detail and "13912345678" not in detail


def test_the_auditors_reading_changes_nothing_but_is_itself_logged(world, client_for):
    client = client_for(world.u.auditor)
    before = AuditEntry.objects.count()
    assert client.get("/audit/export/").status_code == 200
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("id").kind == "export"
