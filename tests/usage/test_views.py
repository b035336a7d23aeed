"""Pages of the module: audience, the list of pupils and families to help, follow-ups, rights."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pilote.core.models import JournalEntry
from pilote.usage.choices import CaseReason, FollowUpStatus, StatKind
from pilote.usage.models import (
    AudienceSnapshot,
    FollowUp,
    FollowUpNote,
    MappingPreset,
    UsageSettings,
)
from tests.usage.factories import (
    AccountFactory,
    AudienceStatFactory,
    FollowUpFactory,
    GuardianLinkFactory,
    MappingPresetFactory,
    PupilFactory,
)
from tests.usage.files import csv_bytes


def url(school, suffix=""):
    return f"/etablissements/{school.uai}/usages/{suffix}"


@pytest.fixture
def case(world):
    pupil = PupilFactory(school=world.college, last_name="=HYPERLINK(1)", first_name="Lina")
    GuardianLinkFactory(
        pupil=pupil,
        guardian__last_name="MARTIN",
        guardian__first_name="Sarah",
        guardian__email="=cmd|' /C calc'!A0",
    )
    return FollowUpFactory(pupil=pupil)


def test_audience_page_shows_profiles_divisions_weeks_and_tops(client, world):
    pupil = PupilFactory(school=world.college, division__code="4B")
    AccountFactory(school=world.college, pupil=pupil)
    AccountFactory(school=world.college, not_activated=True)
    AccountFactory(school=world.college, parent=True)
    today = timezone.localdate()
    for weeks in range(3):
        AudienceStatFactory(school=world.college, period_start=today - timedelta(weeks=weeks))
    AudienceStatFactory(
        school=world.college,
        kind=StatKind.CONNECTEUR,
        label="Mediacentre",
        accesses=40,
        period_start=today,
    )
    AudienceStatFactory(
        school=world.college,
        kind=StatKind.CONNECTEUR,
        label="Mediacentre",
        accesses=25,
        period_start=today - timedelta(days=40),
    )
    client.force_login(world["rrupn.college"])
    response = client.get(url(world.college))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Connexions par semaine" in html
    assert "Mediacentre" in html and "+15" in html
    assert "4B" in html
    # The RRUPN sees the audience but not the families.
    assert "Élèves et familles à accompagner</a>" not in html


def test_the_change_since_the_previous_export_is_written_like_every_change(client, world):
    """A rate moves by points (« pts »), a count by its number, a fall with a minus sign."""
    AudienceSnapshot.objects.create(
        school=world.college,
        values={"usages.activation_eleves": 20.0, "usages.eleves_non_actives": 5},
    )
    pupils = [PupilFactory(school=world.college) for _ in range(4)]
    for pupil in pupils[:3]:
        AccountFactory(school=world.college, pupil=pupil)
    AccountFactory(school=world.college, pupil=pupils[3], not_activated=True)
    client.force_login(world["chef.college"])
    html = client.get(url(world.college)).content.decode()
    assert "+55 pts depuis l'export précédent" in html  # 20 % → 75 %
    assert "\u22124 depuis l'export précédent" in html  # 5 → 1


def test_audience_page_answers_in_constant_queries(client, world, django_assert_max_num_queries):
    for _ in range(30):
        pupil = PupilFactory(school=world.college)
        AccountFactory(school=world.college, pupil=pupil)
        GuardianLinkFactory(pupil=pupil)
    client.force_login(world["chef.college"])
    with django_assert_max_num_queries(25):
        assert client.get(url(world.college)).status_code == 200


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("chef.college", 200),
        ("cpe.college", 200),
        ("sg.college", 200),
        ("rrupn.college", 403),
        ("prof.college", 403),
        ("drane", 403),
        ("tech.departement", 403),
        ("chef.lycee", 404),
    ],
)
def test_only_roles_with_personal_data_see_the_families(client, world, case, username, status):
    client.force_login(world[username])
    assert client.get(url(world.college, "accompagnement/")).status_code == status
    assert client.get(url(world.college, f"accompagnement/{case.pk}/")).status_code == status


def test_case_list_groups_by_division_with_contacts(client, world, case):
    client.force_login(world["cpe.college"])
    html = client.get(url(world.college, "accompagnement/")).content.decode()
    assert "=HYPERLINK(1) Lina" in html and "MARTIN Sarah" in html and "0601020304" in html


def test_case_list_hides_closed_cases_unless_asked(client, world, case):
    closed = FollowUpFactory(
        pupil__school=world.college, pupil__last_name="FERMÉ", is_detected=False
    )
    client.force_login(world["chef.college"])
    assert (
        str(closed.pupil) not in client.get(url(world.college, "accompagnement/")).content.decode()
    )
    everything = client.get(url(world.college, "accompagnement/?current=toutes"))
    assert str(closed.pupil) in everything.content.decode()


def test_case_list_runs_in_constant_queries(client, world, django_assert_max_num_queries):
    for _ in range(40):
        follow_up = FollowUpFactory(pupil__school=world.college)
        GuardianLinkFactory(pupil=follow_up.pupil)
    client.force_login(world["chef.college"])
    with django_assert_max_num_queries(20):
        assert client.get(url(world.college, "accompagnement/")).status_code == 200


def test_export_is_journaled_and_neutralises_formulas(client, world, case):
    client.force_login(world["cpe.college"])
    response = client.get(url(world.college, "accompagnement/?_export=csv"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    text = content.decode()
    assert "'=HYPERLINK(1) Lina" in text
    assert text.count("=HYPERLINK") == text.count("'=HYPERLINK")
    entry = JournalEntry.objects.get(action="personal_data_export")
    assert entry.school == world.college and entry.actor == world["cpe.college"]


def test_follow_up_workflow_status_assignee_and_notes(client, world, case):
    client.force_login(world["cpe.college"])
    detail = url(world.college, f"accompagnement/{case.pk}/")
    response = client.post(
        detail, {"status": FollowUpStatus.CONTACTE, "assignee": world["cpe.college"].pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == FollowUpStatus.CONTACTE and case.assignee == world["cpe.college"]
    client.post(detail, {"written_on": timezone.localdate().isoformat(), "text": "Appel passé."})
    note = FollowUpNote.objects.get()
    assert note.author == world["cpe.college"] and note.follow_up == case
    assert "Appel passé." in client.get(detail).content.decode()


def test_follow_up_refuses_bad_values_with_400(client, world, case):
    client.force_login(world["chef.college"])
    detail = url(world.college, f"accompagnement/{case.pk}/")
    assert client.post(detail, {"status": "perdu"}).status_code == 400
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(detail, {"written_on": tomorrow, "text": "x"})
    assert response.status_code == 400
    assert "ne peut pas être datée du futur" in response.content.decode()
    outsider = world["chef.lycee"]
    response = client.post(detail, {"status": FollowUpStatus.RESOLU, "assignee": outsider.pk})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == FollowUpStatus.A_CONTACTER and not FollowUpNote.objects.exists()


def test_reader_roles_cannot_change_a_follow_up(client, world, case):
    client.force_login(world["sg.college"])  # usages: view, personnes: edit
    detail = url(world.college, f"accompagnement/{case.pk}/")
    assert client.get(detail).status_code == 200
    assert client.post(detail, {"status": FollowUpStatus.RESOLU}).status_code == 403
    case.refresh_from_db()
    assert case.status == FollowUpStatus.A_CONTACTER


def test_another_schools_case_is_not_found(client, world):
    other = FollowUpFactory(pupil__school=world.lycee)
    client.force_login(world["chef.college"])
    assert client.get(url(world.college, f"accompagnement/{other.pk}/")).status_code == 404
    assert (
        client.post(
            url(world.college, f"accompagnement/{other.pk}/"),
            {"text": "x", "written_on": "2026-01-01"},
        ).status_code
        == 404
    )


def test_settings_change_redetects_cases(client, world):
    pupil = PupilFactory(school=world.college)
    AccountFactory(
        school=world.college, pupil=pupil, last_connection=timezone.now() - timedelta(days=20)
    )
    client.force_login(world["chef.college"])
    response = client.post(url(world.college, "reglages/"), {"inactivity_weeks": 2})
    assert response.status_code == 302
    assert FollowUp.objects.filter(pupil=pupil, reason=CaseReason.SANS_CONNEXION).exists()
    response = client.post(url(world.college, "reglages/"), {"inactivity_weeks": 99})
    assert response.status_code == 400
    assert UsageSettings.objects.get(school=world.college).inactivity_weeks == 2


def test_sync_button_needs_edit_rights(client, world):
    client.force_login(world["sg.college"])
    assert client.post(url(world.college, "accompagnement/actualiser/")).status_code == 403
    client.force_login(world["cpe.college"])
    assert client.post(url(world.college, "accompagnement/actualiser/")).status_code == 302


def test_column_picker_reads_headers_and_saves_a_preset(client, world):
    client.force_login(world["rrupn.college"])
    sample = SimpleUploadedFile(
        "educonnect.csv", csv_bytes(["NOM", "PRENOM", "PROFIL", "ETAT"], [])
    )
    response = client.post(url(world.college, "colonnes-educonnect/"), {"file": sample})
    assert response.status_code == 200
    assert "Colonne « État du compte »" in response.content.decode()
    data = {
        "name": "Rectorat",
        "headers": "NOM\nPRENOM\nPROFIL\nETAT",
        "nom": "NOM",
        "prenom": "PRENOM",
        "profil": "PROFIL",
        "etat": "ETAT",
        "classe": "",
        "identifiant": "",
    }
    assert client.post(url(world.college, "colonnes-educonnect/"), data).status_code == 302
    assert MappingPreset.objects.get(school=world.college).mapping["etat"] == "ETAT"
    data["etat"] = "INEXISTANTE"
    assert client.post(url(world.college, "colonnes-educonnect/"), data).status_code == 400


def test_another_schools_preset_cannot_be_deleted(client, world):
    preset = MappingPresetFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    response = client.post(url(world.college, f"colonnes-educonnect/{preset.pk}/supprimer/"))
    assert response.status_code == 404
    assert MappingPreset.objects.filter(pk=preset.pk).exists()


def test_api_lists_statistics_of_the_schools_the_caller_may_see(client, world):
    AudienceStatFactory(school=world.college)
    AudienceStatFactory(school=world.lycee, kind=StatKind.APPLICATION, label="Blog")
    client.force_login(world["drane"])
    response = client.get("/api/v1/usages/statistiques/")
    assert response.status_code == 200 and response.json()["count"] == 2
    assert client.get("/api/v1/usages/statistiques/?kind=application").json()["count"] == 1
    client.force_login(world["chef.college"])
    rows = client.get("/api/v1/usages/statistiques/").json()["results"]
    assert [row["school"] for row in rows] == [world.college.uai]
    client.force_login(world["tech.departement"])
    assert client.get("/api/v1/usages/statistiques/").json()["count"] == 0
