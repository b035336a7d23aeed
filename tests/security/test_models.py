"""Incidents: the severity rule, numbering, the CNIL clock, validation, append-only timeline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from pilote.core.models import AppendOnlyError
from pilote.security.choices import EventKind, Impact, IncidentStatus, Severity
from pilote.security.models import IncidentEvent, IncidentReport, severity_from_impacts

from .factories import IncidentFactory

impacts = st.lists(st.sampled_from(list(Impact)), min_size=4, max_size=4)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0, 0, 0, 0], Severity.MINOR),
        ([1, 1, 1, 1], Severity.MINOR),
        ([0, 0, 2, 0], Severity.MODERATE),
        ([2, 0, 2, 0], Severity.MODERATE),
        ([2, 2, 2, 0], Severity.SERIOUS),
        ([0, 0, 3, 0], Severity.SERIOUS),
        ([3, 0, 3, 0], Severity.CRITICAL),
    ],
)
def test_severity_follows_the_dict_rule(values, expected):
    assert severity_from_impacts(values) == expected


@given(impacts, st.integers(min_value=0, max_value=3))
def test_raising_an_impact_never_lowers_the_severity(values, index):
    raised = list(values)
    raised[index] = min(raised[index] + 1, Impact.SEVERE)
    assert severity_from_impacts(raised) >= severity_from_impacts(values)


def test_severity_is_stored_on_save(world):
    incident = IncidentFactory(school=world.college, impact_confidentiality=Impact.SEVERE)
    assert incident.severity == Severity.SERIOUS
    incident.impact_integrity = Impact.SEVERE
    incident.save()
    incident.refresh_from_db()
    assert incident.severity == Severity.CRITICAL


def test_numbers_count_per_school(world):
    first, second = IncidentFactory.create_batch(2, school=world.college)
    other = IncidentFactory(school=world.lycee)
    assert (first.reference, second.reference, other.reference) == (
        "INC-001",
        "INC-002",
        "INC-001",
    )


def test_cnil_clock_runs_72_hours_from_detection(world):
    incident = IncidentFactory(school=world.college, personal=True)
    assert incident.cnil_deadline == incident.detected_at + timedelta(hours=72)
    assert incident.cnil_hours_left(now=incident.detected_at + timedelta(hours=70)) == 2
    assert incident.cnil_hours_left(now=incident.detected_at + timedelta(hours=80)) == -8
    incident.cnil_notified_at = timezone.now()
    assert incident.cnil_hours_left() is None
    assert IncidentFactory(school=world.college).cnil_deadline is None


def test_closing_needs_lessons_learned(world):
    incident = IncidentFactory(school=world.college, status=IncidentStatus.CLOSED)
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "lessons_learned" in error.value.message_dict


def test_start_after_detection_and_future_detection_are_refused(world):
    now = timezone.now()
    incident = IncidentFactory.build(
        school=world.college,
        detected_at=now + timedelta(days=1),
        started_at=now + timedelta(days=2),
    )
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert {"detected_at", "started_at"} <= set(error.value.message_dict)


def test_closing_stamps_and_reopening_clears_the_date(world):
    incident = IncidentFactory(school=world.college, closed=True)
    assert incident.closed_at is not None
    incident.status = IncidentStatus.IN_PROGRESS
    incident.save()
    assert incident.closed_at is None


@pytest.fixture
def event(world):
    incident = IncidentFactory(school=world.college)
    return incident.add_event(EventKind.OBSERVATION, "Constat initial", user=world["chef.college"])


def test_event_cannot_be_changed_or_deleted(event):
    event.text = "réécrit"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        IncidentEvent.objects.filter(pk=event.pk).update(text="x")
    with pytest.raises(AppendOnlyError):
        IncidentEvent.objects.filter(pk=event.pk).delete()
    assert IncidentEvent.objects.get(pk=event.pk).text == "Constat initial"


def test_database_refuses_raw_update_of_the_timeline(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE security_incidentevent SET text = 'x' WHERE id = %s", [event.pk])
    assert IncidentEvent.objects.get(pk=event.pk).text == "Constat initial"


def test_postgres_refuses_raw_delete_of_a_report(event, postgres_only):
    report = IncidentReport.objects.create(
        incident=event.incident, sent_by_label="x", recipients=[], pdf=b"%PDF-"
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM security_incidentreport WHERE id = %s", [report.pk])
    assert IncidentReport.objects.filter(pk=report.pk).exists()


def test_correction_points_at_the_corrected_entry(event, world):
    correction = event.incident.add_event(
        EventKind.CORRECTION,
        "Il s'agissait de 3 comptes.",
        user=world["chef.college"],
        corrects=event,
    )
    assert list(event.corrections.all()) == [correction]
    assert IncidentEvent.objects.for_school(world.college).count() == 2
    assert IncidentEvent.objects.for_school(world.lycee).count() == 0
