"""Events that were missing from the journal (issue #15): admin changes, API reads of
personal data, document downloads, password resets, failed logins of a known account."""

import pytest
from django.urls import reverse

from pilote.core.choices import JournalAction, Role
from pilote.core.models import JournalEntry, Membership
from tests.core.factories import UserFactory


@pytest.fixture
def superuser(world):
    return UserFactory(username="super", is_superuser=True, is_staff=True)


def entries(action):
    return list(JournalEntry.objects.filter(action=action).order_by("pk"))


def test_role_granted_in_admin_is_journaled_for_the_school(client, world, superuser):
    client.force_login(superuser)
    newcomer = UserFactory(username="nouveau")
    response = client.post(
        "/admin/core/membership/add/",
        {
            "user": newcomer.pk,
            "school": world.college.pk,
            "role": Role.CHEF,
            "start_date": "2026-09-01",
        },
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (entry,) = entries(JournalAction.ADMIN_CHANGE)
    assert entry.school == world.college and entry.actor == superuser
    assert "Administration — ajout : appartenance" in entry.summary
    assert "Chef d'établissement" in entry.summary
    assert entry.ip_address == "192.0.2.7"


def test_membership_deleted_in_admin_is_journaled(client, world, superuser):
    membership = Membership.objects.get(user=world["prof.college"])
    client.force_login(superuser)
    response = client.post(f"/admin/core/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    (entry,) = entries(JournalAction.ADMIN_CHANGE)
    assert entry.summary.startswith("Administration — suppression : appartenance")
    assert entry.school == world.college
    # the head reads it in the school's journal
    client.force_login(world["chef.college"])
    page = client.get(reverse("core:journal", kwargs={"uai": world.college.uai}))
    assert "suppression : appartenance" in page.content.decode()


def test_change_in_admin_says_what_changed(client, world, superuser):
    membership = Membership.objects.get(user=world["prof.college"])
    client.force_login(superuser)
    data = {
        "user": membership.user_id,
        "school": world.college.pk,
        "role": Role.ADJOINT,
        "start_date": membership.start_date.isoformat(),
    }
    assert client.post(f"/admin/core/membership/{membership.pk}/change/", data).status_code == 302
    (entry,) = entries(JournalAction.ADMIN_CHANGE)
    assert "Administration — modification" in entry.summary and "Rôle" in entry.summary


def test_bulk_deletion_in_admin_journals_each_object(client, world, superuser):
    memberships = Membership.objects.filter(school=world.lycee)
    pks = [str(pk) for pk in memberships.values_list("pk", flat=True)]
    client.force_login(superuser)
    response = client.post(
        "/admin/core/membership/",
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert response.status_code == 302
    assert len(entries(JournalAction.ADMIN_CHANGE)) == len(pks)


def test_api_reads_of_pupils_are_journaled_per_school(client, world):
    from tests.schooldata.factories import PupilFactory

    PupilFactory.create_batch(3, school=world.college)
    client.force_login(world["chef.college"])
    body = client.get("/api/v1/eleves/", REMOTE_ADDR="192.0.2.8").json()
    assert body["count"] == 3
    (entry,) = entries(JournalAction.PERSONAL_DATA_READ)
    assert entry.school == world.college and entry.details["rows"] == 3
    assert entry.ip_address == "192.0.2.8" and "/api/v1/eleves/" in entry.details["path"]
    pupil = body["results"][0]["id"]
    client.get(f"/api/v1/eleves/{pupil}/")
    assert len(entries(JournalAction.PERSONAL_DATA_READ)) == 2


def test_api_reads_of_equipment_are_not_personal_data(client, world):
    client.force_login(world["chef.college"])
    assert client.get("/api/v1/parc/equipements/").status_code == 200
    assert entries(JournalAction.PERSONAL_DATA_READ) == []


@pytest.mark.parametrize("path", ["donnees/personnels/", "competences/enseignants/"])
def test_staff_and_pix_edu_exports_are_journaled(client, world, path):
    client.force_login(world["chef.college"])
    url = f"/etablissements/{world.college.uai}/{path}"
    assert client.get(url, {"_export": "csv"}).status_code == 200
    (entry,) = entries(JournalAction.PERSONAL_DATA_EXPORT)
    assert entry.school == world.college


def test_incident_report_download_is_journaled(client, world):
    from tests.security.factories import IncidentFactory

    incident = IncidentFactory(school=world.college)
    client.force_login(world["chef.college"])
    url = f"/etablissements/{world.college.uai}/securite/incidents/{incident.pk}/rapport.pdf"
    assert client.get(url).status_code == 200
    (entry,) = entries(JournalAction.DOCUMENT_DOWNLOADED)
    assert entry.school == world.college and entry.details["filename"].endswith(".pdf")


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_mission_letter_download_is_journaled(client, world, extension):
    from tests.missions.factories import MissionLetterFactory

    letter = MissionLetterFactory(school=world.college)
    client.force_login(world["chef.college"])
    url = f"/etablissements/{world.college.uai}/missions/lettres/{letter.pk}/lettre.{extension}"
    assert client.get(url).status_code == 200
    (entry,) = entries(JournalAction.DOCUMENT_DOWNLOADED)
    assert entry.details["filename"].endswith(extension)
