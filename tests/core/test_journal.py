from datetime import timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, models, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pilote.core.choices import JournalAction
from pilote.core.journal import record, verify_chain
from pilote.core.journal_protection import MIN_RETENTION_DAYS, unprotect_sql
from pilote.core.models import AppendOnlyError, JournalEntry


@pytest.fixture
def entry(world):
    return record(JournalAction.LOGIN, "Connexion de test", user=world["chef.college"])


def test_entry_cannot_be_saved_again(entry):
    entry.summary = "réécrit"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert JournalEntry.objects.get(pk=entry.pk).summary == "Connexion de test"


def test_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).update(summary="x")
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_database_refuses_raw_update(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_journalentry SET summary = 'x' WHERE id = %s", [entry.pk])
    assert JournalEntry.objects.get(pk=entry.pk).summary == "Connexion de test"


def test_database_refuses_raw_delete(entry):
    """Only UPDATE had a trigger on SQLite: a raw DELETE erased the journal."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_journalentry WHERE id = %s", [entry.pk])
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_base_manager_cannot_delete(entry):
    with pytest.raises(AppendOnlyError):
        JournalEntry._base_manager.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        models.QuerySet(JournalEntry).filter(pk=entry.pk).delete()
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_postgres_refuses_truncate(entry, postgres_only):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_journalentry CASCADE")
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def old_entry(days: int) -> JournalEntry:
    return JournalEntry.objects.create(
        action=JournalAction.LOGIN,
        summary=f"Connexion d'il y a {days} jours",
        timestamp=timezone.now() - timedelta(days=days),
    )


def test_database_lets_only_entries_past_the_retention_floor_go(world):
    kept, expired = old_entry(MIN_RETENTION_DAYS - 1), old_entry(MIN_RETENTION_DAYS + 1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_journalentry WHERE id = %s", [expired.pk])
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute("DELETE FROM core_journalentry WHERE id = %s", [kept.pk])
    assert list(JournalEntry.objects.values_list("pk", flat=True)) == [kept.pk]


# --- The hash chain ------------------------------------------------------------------------


def lift_protection():
    """What someone who owns the tables could do: drop the triggers (rolled back after)."""
    with connection.cursor() as cursor:
        for statement in unprotect_sql(connection.vendor):
            cursor.execute(statement)


def three_entries(world):
    return [
        record(JournalAction.LOGIN, f"Connexion {n}", user=world["chef.college"], ip="10.0.0.1")
        for n in range(3)
    ]


def test_each_entry_is_chained_to_the_previous(world):
    first, second, third = three_entries(world)
    assert first.previous_hash == "" and len(first.hash) == 64
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    report = verify_chain()
    assert report.intact and report.checked == 3 and report.head == third.hash
    out = StringIO()
    call_command("journal", "verifier", stdout=out)
    assert "Journal intègre : 3 entrées vérifiées" in out.getvalue()


def test_verifier_finds_a_rewritten_entry(world):
    _first, second, _third = three_entries(world)
    lift_protection()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_journalentry SET summary = 'Rien à signaler' WHERE id = %s", [second.pk]
        )
    report = verify_chain()
    assert report.broken.pk == second.pk and report.reason == "son contenu a été modifié"
    assert report.checked == 1
    with pytest.raises(CommandError, match=f"entrée n° {second.pk} .* contenu a été modifié"):
        call_command("journal", "verifier")


def test_verifier_finds_a_removed_entry(world):
    _first, second, third = three_entries(world)
    lift_protection()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_journalentry WHERE id = %s", [second.pk])
    report = verify_chain()
    assert report.broken.pk == third.pk
    assert report.reason == "l'entrée qui la précède a été effacée, insérée ou réécrite"


def test_verifier_finds_a_removed_beginning(world):
    first, second, _third = three_entries(world)
    lift_protection()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_journalentry WHERE id = %s", [first.pk])
    report = verify_chain()
    assert report.broken.pk == second.pk and "début du journal" in report.reason


def test_verifier_finds_a_forged_hash(world):
    """Rewriting an entry and its hash without the key still breaks the next link."""
    _first, second, _third = three_entries(world)
    lift_protection()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_journalentry SET summary = 'x', hash = %s WHERE id = %s",
            ["0" * 64, second.pk],
        )
    assert verify_chain().broken.pk == second.pk


def test_details_and_addresses_hash_as_the_database_returns_them(world):
    """Dates in details, an IPv6 address: the hash is computed on what is read back."""
    entry = JournalEntry.objects.create(
        action=JournalAction.LOGIN,
        summary="Connexion",
        ip_address="2001:0db8:0000:0000:0000:0000:0000:0001",
        details={"jour": timezone.localdate(), "nombre": 3, "z": {"b": 1, "a": [1.5, "é"]}},
    )
    stored = JournalEntry.objects.get(pk=entry.pk)
    assert stored.hash == entry.hash
    assert verify_chain().intact


def test_admin_cannot_add_change_or_delete(entry, world):
    model_admin = admin.site._registry[JournalEntry]
    request = RequestFactory().get("/")
    request.user = world["chef.college"]
    request.user.is_superuser = True
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_logins_and_failures_are_journaled(client, world):
    user = world["chef.college"]
    client.post(reverse("login"), {"username": user.username, "password": "faux"})
    client.post(reverse("login"), {"username": user.email, "password": "motdepasse-solide-2026"})
    actions = list(JournalEntry.objects.values_list("action", flat=True))
    assert JournalAction.LOGIN_FAILED in actions
    assert JournalAction.LOGIN in actions


def test_head_reads_and_filters_the_school_journal(client, world):
    record(JournalAction.LOGIN, "Connexion A", user=world["prof.college"], school=world.college)
    record(JournalAction.ROLE_CHANGED, "Rôle B", user=world["chef.college"], school=world.college)
    record(JournalAction.LOGIN, "Connexion lycée", user=world["chef.lycee"], school=world.lycee)
    client.force_login(world["chef.college"])
    url = reverse("core:journal", kwargs={"uai": world.college.uai})
    page = client.get(url).content.decode()
    assert "Connexion A" in page and "Rôle B" in page
    assert "Connexion lycée" not in page
    filtered = client.get(url, {"action": JournalAction.ROLE_CHANGED}).content.decode()
    assert "Rôle B" in filtered and "Connexion A" not in filtered


def test_rssi_reads_the_journal_of_every_school_of_the_academie(client, world):
    record(JournalAction.LOGIN, "Connexion lycée", user=world["chef.lycee"], school=world.lycee)
    record(
        JournalAction.LOGIN, "Connexion collège", user=world["chef.college"], school=world.college
    )
    client.force_login(world["rssi"])
    url = reverse("core:territory_journal", kwargs={"kind": "academie", "code": "17"})
    page = client.get(url).content.decode()
    assert "Connexion lycée" in page and "Connexion collège" in page
    client.force_login(world["drane"])
    assert client.get(url).status_code == 403


def test_teacher_cannot_read_the_journal_and_the_refusal_is_journaled(client, world):
    client.force_login(world["prof.college"])
    response = client.get(reverse("core:journal", kwargs={"uai": world.college.uai}))
    assert response.status_code == 403
    assert JournalEntry.objects.filter(action=JournalAction.PERMISSION_DENIED).exists()


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_can_still_be_flushed():
    """The test flush (DELETE on SQLite, TRUNCATE on PostgreSQL) lifts the protection for
    itself only (tests/conftest.py): this test's teardown fails otherwise."""
    record(JournalAction.LOGIN, "Connexion d'un test transactionnel")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_journalentry")


@pytest.fixture
def application_role(postgres_only):
    """A role that does not own the tables, with the rights ``droits_postgresql`` gives it
    (created in the test's transaction, gone after it)."""
    from psycopg import sql

    role = f"pilote_app_{connection.settings_dict['NAME']}"[:60]
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    call_command("droits_postgresql", role, stdout=StringIO())
    return role


def as_role(role):
    from psycopg import sql

    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))


def test_application_role_can_only_read_and_append_to_the_journal(world, application_role):
    """On PostgreSQL the tables' owner could TRUNCATE and DISABLE TRIGGER: the application's
    own role can do neither, nor DELETE or UPDATE; it writes and reads entries normally."""
    expired = old_entry(400)
    as_role(application_role)
    entry = record(JournalAction.LOGIN, "Connexion sous le rôle de l'application")
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
    attacks = [
        "DELETE FROM core_journalentry",
        "UPDATE core_journalentry SET summary = 'x'",
        "TRUNCATE core_journalentry",
        "ALTER TABLE core_journalentry DISABLE TRIGGER ALL",
        "DROP TRIGGER core_journalentry_no_change ON core_journalentry",
    ]
    for attack in attacks:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(attack)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pilote_journal_purge(%s)", [entry.pk])
        assert cursor.fetchone()[0] == 1  # only the entry past the retention floor
    assert not JournalEntry.objects.filter(pk=expired.pk).exists()
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_application_role_data_rights(world, application_role):
    from pilote.core.models import School

    as_role(application_role)
    School.objects.filter(pk=world.college.pk).update(commune="Rezé")
    assert School.objects.get(pk=world.college.pk).commune == "Rezé"


def test_rights_command_refuses_the_owner_as_application_role(postgres_only):
    with pytest.raises(CommandError, match="distinct du propriétaire"):
        call_command("droits_postgresql", connection.settings_dict["USER"] or "root")
