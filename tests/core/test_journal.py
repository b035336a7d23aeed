import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from pilote.core.choices import JournalAction
from pilote.core.journal import record
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


def test_postgres_refuses_raw_delete(entry, postgres_only):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_journalentry WHERE id = %s", [entry.pk])
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


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
