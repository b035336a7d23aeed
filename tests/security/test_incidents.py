"""The incident register on the web: record, requalify, timeline, report, close."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pilote.core.choices import JournalAction
from pilote.core.models import JournalEntry
from pilote.security.choices import EventKind, Impact, IncidentStatus, Severity
from pilote.security.models import AcademieSecurityContact, Incident, IncidentEvent, IncidentReport
from tests.inventory.factories import EquipmentFactory

from .factories import IncidentFactory, SchoolServiceFactory

FORMAT = "%Y-%m-%dT%H:%M"


def incident_data(**overrides):
    data = {
        "title": "Compte ENT d'un enseignant compromis",
        "category": "compte_compromis",
        "detected_at": (timezone.localtime() - timedelta(hours=1)).strftime(FORMAT),
        "detected_by_label": "l'enseignant lui-même",
        "impact_availability": 0,
        "impact_integrity": 0,
        "impact_confidentiality": 2,
        "impact_traceability": 1,
        "personal_data": "True",
        "measures_taken": "Mot de passe réinitialisé.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def head(client, world):
    client.force_login(world["chef.college"])
    return client


@pytest.fixture
def contacts(world):
    return AcademieSecurityContact.objects.create(
        academie=world.academie, dpd_name="DPD", dpd_email="dpd@ac-test.fr"
    )


def test_head_records_an_incident_in_one_form(head, world, college_url):
    response = head.post(college_url + "incidents/ajouter/", incident_data())
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{college_url}incidents/{incident.pk}/"
    assert incident.school == world.college
    assert incident.severity == Severity.MODERATE
    assert incident.personal_data and incident.created_by == world["chef.college"]
    assert list(incident.events.values_list("kind", flat=True)) == [EventKind.CREATED]
    assert JournalEntry.objects.filter(action=JournalAction.SECURITY_INCIDENT_RECORDED).exists()
    page = head.get(response["Location"]).content.decode()
    assert "notification à la CNIL avant le" in page


@pytest.mark.parametrize(("hours_ago", "left"), [(70.5, "1,5 heure"), (48, "24 heures")])
def test_the_hours_left_before_the_cnil_are_written_the_french_way(
    head, world, college_url, hours_ago, left
):
    detected = timezone.now() - timedelta(hours=hours_ago, seconds=-60)
    incident = IncidentFactory(school=world.college, personal=True, detected_at=detected)
    page = head.get(f"{college_url}incidents/{incident.pk}/").content.decode()
    assert f"Il reste {left} sur les 72 prévues" in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"category": "inconnue"}, "category"),
        ({"detected_at": "hier"}, "detected_at"),
        ({"impact_confidentiality": 7}, "impact_confidentiality"),
        ({"detected_by_label": ""}, "detected_by"),
        ({"personal_data": "False", "cnil_notified_at": "2025-01-01T10:00"}, "cnil_notified_at"),
    ],
)
def test_bad_input_is_refused_with_400_and_nothing_written(head, college_url, overrides, field):
    response = head.post(college_url + "incidents/ajouter/", incident_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Incident.objects.exists()
    assert not IncidentEvent.objects.exists()


def test_form_offers_only_the_schools_services_and_equipment(head, world, college_url):
    own = EquipmentFactory(school=world.college)
    other = EquipmentFactory(school=world.lycee)
    response = head.post(
        college_url + "incidents/ajouter/", incident_data(affected_equipment=[other.pk])
    )
    assert response.status_code == 400
    assert "affected_equipment" in response.context["form"].errors
    head.post(college_url + "incidents/ajouter/", incident_data(affected_equipment=[own.pk]))
    assert list(Incident.objects.get().affected_equipment.all()) == [own]


def test_another_schools_incident_is_not_found(head, world, college_url):
    other = IncidentFactory(school=world.lycee)
    for suffix in ("", "modifier/", "statut/", "chronologie/", "signaler/", "rapport.pdf"):
        assert head.get(f"{college_url}incidents/{other.pk}/{suffix}").status_code == 404


def test_requalifying_writes_the_change_on_the_timeline(head, world, college_url):
    incident = IncidentFactory(school=world.college, impact_confidentiality=Impact.SIGNIFICANT)
    response = head.post(
        f"{college_url}incidents/{incident.pk}/modifier/",
        incident_data(title=incident.title, impact_confidentiality=3),
    )
    assert response.status_code == 302
    event = incident.events.get(kind=EventKind.QUALIFICATION)
    assert "confidentialité : Significatif → Grave" in event.text
    incident.refresh_from_db()
    assert incident.severity == Severity.SERIOUS


def test_closing_without_lessons_learned_is_refused(head, world, college_url):
    incident = IncidentFactory(school=world.college, reported=True)
    url = f"{college_url}incidents/{incident.pk}/statut/"
    response = head.post(url, {"status": IncidentStatus.CLOSED, "lessons_learned": " "})
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED
    response = head.post(url, {"status": IncidentStatus.CLOSED, "lessons_learned": "Former."})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.closed_at
    assert incident.events.filter(kind=EventKind.STATUS, text__contains="Former.").exists()
    assert JournalEntry.objects.filter(action=JournalAction.SECURITY_INCIDENT_CLOSED).exists()


def test_status_reported_cannot_be_set_by_hand(head, world, college_url):
    incident = IncidentFactory(school=world.college)
    response = head.post(
        f"{college_url}incidents/{incident.pk}/statut/", {"status": IncidentStatus.REPORTED}
    )
    assert response.status_code == 400


def test_a_correction_must_name_the_entry_it_corrects(head, world, college_url):
    incident = IncidentFactory(school=world.college)
    first = incident.add_event(EventKind.OBSERVATION, "3 comptes", user=world["chef.college"])
    url = f"{college_url}incidents/{incident.pk}/chronologie/"
    assert head.post(url, {"kind": EventKind.CORRECTION, "text": "4 comptes"}).status_code == 400
    response = head.post(
        url, {"kind": EventKind.CORRECTION, "text": "4 comptes", "corrects": first.pk}
    )
    assert response.status_code == 302
    assert incident.events.get(kind=EventKind.CORRECTION).corrects == first
    assert incident.events.get(pk=first.pk).text == "3 comptes"


def test_school_cannot_write_the_academies_entries(head, world, college_url):
    incident = IncidentFactory(school=world.college)
    url = f"{college_url}incidents/{incident.pk}/chronologie/"
    assert head.post(url, {"kind": EventKind.REQUEST, "text": "x"}).status_code == 400
    assert head.post(url, {"kind": EventKind.CREATED, "text": "x"}).status_code == 400


def test_rssi_asks_for_more_and_the_head_is_told(client, world, college_url):
    incident = IncidentFactory(school=world.college, reported=True)
    client.force_login(world["rssi"])
    url = f"{college_url}incidents/{incident.pk}/chronologie/"
    assert client.post(url, {"kind": EventKind.OBSERVATION, "text": "x"}).status_code == 400
    response = client.post(url, {"kind": EventKind.REQUEST, "text": "Quels comptes ?"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [world["chef.college"].email]
    assert "Quels comptes ?" in mail.outbox[-1].body
    client.force_login(world["chef.college"])
    page = client.get(f"{college_url}incidents/{incident.pk}/").content.decode()
    assert "attend des compléments" in page


def test_one_action_reports_to_rssi_and_dpd_with_the_pdf(head, world, college_url, contacts):
    incident = IncidentFactory(school=world.college, personal=True)
    response = head.post(f"{college_url}incidents/{incident.pk}/signaler/")
    assert response.status_code == 302
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([world["rssi"].email, "dpd@ac-test.fr"])
    filename, content, mimetype = message.attachments[0]
    assert (
        filename.endswith(".pdf") and content.startswith(b"%PDF") and mimetype == "application/pdf"
    )
    report = IncidentReport.objects.get()
    assert report.dpd_informed and not report.collectivite_informed
    assert report.sent_by == world["chef.college"] and bytes(report.pdf) == content
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED and incident.reported_at
    assert incident.events.filter(kind=EventKind.REPORT).exists()
    assert JournalEntry.objects.filter(action=JournalAction.SECURITY_INCIDENT_REPORTED).exists()
    sent = head.get(f"{college_url}incidents/{incident.pk}/signalements/{report.pk}.pdf")
    assert sent.status_code == 200 and sent.content == content


def test_missing_dpd_address_is_said_before_sending(head, world, college_url):
    incident = IncidentFactory(school=world.college, personal=True)
    page = head.get(f"{college_url}incidents/{incident.pk}/signaler/").content.decode()
    assert "adresse de son DPD" in page


def test_report_without_any_rssi_is_refused_and_nothing_recorded(head, world, college_url):
    world["rssi"].memberships.update(end_date=timezone.localdate() - timedelta(days=1))
    incident = IncidentFactory(school=world.college)
    response = head.post(f"{college_url}incidents/{incident.pk}/signaler/")
    assert response.status_code == 400
    assert "Aucune adresse de RSSI" in response.content.decode()
    assert not IncidentReport.objects.exists() and not mail.outbox
    incident.refresh_from_db()
    assert incident.reported_at is None and not incident.events.exists()


def test_collectivite_is_informed_without_details_when_its_ent_is_involved(
    head, world, college_url
):
    incident = IncidentFactory(school=world.college, personal=True)
    incident.affected_services.add(SchoolServiceFactory(school=world.college))
    head.post(f"{college_url}incidents/{incident.pk}/signaler/")
    to_collectivite = [m for m in mail.outbox if world["tech.departement"].email in m.to]
    assert len(to_collectivite) == 1
    assert not to_collectivite[0].attachments
    assert "Coordonnées" not in to_collectivite[0].body
    assert IncidentReport.objects.get().collectivite_informed


def test_teacher_sees_no_incident(client, world, college_url):
    client.force_login(world["prof.college"])
    assert client.get(college_url + "incidents/").status_code == 403


def test_list_queries_do_not_grow_with_rows(
    head, world, college_url, django_assert_max_num_queries
):
    IncidentFactory.create_batch(60, school=world.college)
    with django_assert_max_num_queries(14):
        response = head.get(college_url + "incidents/")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        head.get(college_url + "incidents/?page=2&severity=0")


def test_list_filters_open_incidents_with_personal_data(head, world, college_url):
    IncidentFactory(school=world.college, personal=True, title="Fuite ouverte")
    IncidentFactory(school=world.college, personal=True, closed=True, title="Fuite close")
    IncidentFactory(school=world.college, title="Hameçonnage ouvert")
    page = head.get(college_url + "incidents/?open_only=1&personal_data=oui").content.decode()
    assert "Fuite ouverte" in page
    assert "Fuite close" not in page and "Hameçonnage ouvert" not in page


def test_the_correction_list_shows_times_in_paris(head, world, college_url):
    """The entries offered for correction read in the school's time, not UTC (issue #20)."""
    incident = IncidentFactory(school=world.college)
    night = timezone.make_aware(timezone.datetime(2026, 12, 6, 23, 30), timezone.UTC)
    incident.add_event(EventKind.OBSERVATION, "Alerte", user=world["chef.college"], timestamp=night)
    page = head.get(f"{college_url}incidents/{incident.pk}/").content.decode()
    assert "07/12/2026 00:30 — " in page
    assert "06/12/2026 23:30" not in page
