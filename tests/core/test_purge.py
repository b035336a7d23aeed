"""Retention (RGPD): ``pilote purge`` erases what is past its period, says so in the journal,
and does nothing the second time (issue #15)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pilote.bookings.models import CalendarFeed
from pilote.core.choices import JournalAction
from pilote.core.daily import run_daily_jobs
from pilote.core.journal import record, verify_chain
from pilote.core.models import ImportBatch, ImportStatus, JournalEntry, Membership
from pilote.core.retention import run_purges
from pilote.schooldata.models import Guardian, Pupil
from pilote.skills.models import Participation
from pilote.usage.models import Account, ConnectionWeek, FollowUp
from tests.schooldata.factories import GuardianLinkFactory, PupilFactory
from tests.skills.factories import ParticipationFactory
from tests.usage.factories import AccountFactory, FollowUpFactory

LONG_AGO = date.today() - timedelta(days=500)


def purge(*args) -> str:
    out = StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def departed(world):
    """A pupil who left 500 days ago, with a guardian, a Pix result, an ENT account and a
    follow-up; and a pupil still at school who shares nothing with them."""
    pupil = PupilFactory(school=world.college, is_active=False, exit_date=LONG_AGO)
    link = GuardianLinkFactory(pupil=pupil)
    ParticipationFactory(campaign__school=world.college, pupil=pupil, last_name=pupil.last_name)
    AccountFactory(school=world.college, pupil=pupil, last_name=pupil.last_name)
    FollowUpFactory(pupil=pupil)
    present = PupilFactory(school=world.college)
    GuardianLinkFactory(pupil=present)
    return pupil, link.guardian, present


def test_departed_pupil_is_erased_with_guardian_history_and_names_elsewhere(departed):
    pupil, guardian, present = departed
    Pupil.objects.filter(pk=pupil.pk).update(last_name=pupil.last_name)  # no history row
    counts = run_purges()
    assert counts["eleves_partis"] == 1 and counts["responsables_sans_eleve"] == 1
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    assert not Pupil.history.filter(id=pupil.pk).exists()
    assert not Guardian.objects.filter(pk=guardian.pk).exists()
    assert not Guardian.history.filter(id=guardian.pk).exists()
    assert not FollowUp.objects.filter(pupil_id=pupil.pk).exists()
    assert not FollowUp.history.filter(pupil_id=pupil.pk).exists()
    assert not Account.objects.filter(last_name=pupil.last_name).exists()
    # the Pix result stays for the statistics, without a name
    result = Participation.objects.get()
    assert result.last_name == "(élève parti)" and result.pupil is None
    assert not Participation.history.filter(last_name=pupil.last_name).exists()
    # the present pupil and their guardian are untouched
    assert Pupil.objects.filter(pk=present.pk).exists()
    assert Guardian.objects.filter(links__pupil=present).exists()


def test_recently_departed_pupil_is_kept(world):
    recent = PupilFactory(school=world.college, left=True)
    run_purges()
    assert Pupil.objects.filter(pk=recent.pk).exists()


def test_departure_without_exit_date_counts_from_the_import_that_found_them_gone(world):
    pupil = PupilFactory(school=world.college, is_active=False, exit_date=None)
    Pupil.history.filter(id=pupil.pk).update(history_date=timezone.now() - timedelta(days=500))
    run_purges()
    assert not Pupil.objects.filter(pk=pupil.pk).exists()


def test_purge_is_journaled_and_idempotent(departed):
    output = purge()
    assert "élèves partis" in output and "inscrite au journal" in output
    (entry,) = JournalEntry.objects.filter(action=JournalAction.DATA_PURGED)
    assert entry.details["counts"]["eleves_partis"] == 1
    assert "élèves partis 1" in entry.summary
    second = purge()
    assert "rien n'était échu" in second
    assert JournalEntry.objects.filter(action=JournalAction.DATA_PURGED).count() == 1


def test_dry_run_counts_and_erases_nothing(departed):
    pupil, _guardian, _present = departed
    output = purge("--dry-run")
    assert "élèves partis" in output and ": 1 à effacer" in output
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    assert not JournalEntry.objects.filter(action=JournalAction.DATA_PURGED).exists()


def test_old_journal_entries_go_and_the_chain_still_verifies(world):
    for days in (500, 450, 400):
        JournalEntry.objects.create(
            action=JournalAction.LOGIN,
            summary=f"Connexion d'il y a {days} jours",
            timestamp=timezone.now() - timedelta(days=days),
        )
    recent = record(JournalAction.LOGIN, "Connexion récente")
    counts = run_purges()
    assert counts["journal"] == 3
    assert JournalEntry.objects.order_by("pk").first() == recent
    report = verify_chain()
    assert report.intact, report.reason
    entry = JournalEntry.objects.get(action=JournalAction.DATA_PURGED)
    assert entry.details["last_purged_hash"] == recent.previous_hash


def test_abandoned_import_file_goes_after_a_week(world):
    batch = ImportBatch.objects.create(
        school=world.college, kind="siecle-eleves", filename="eleves.xml", content=b"<x/>"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = ImportBatch.objects.create(
        school=world.college, kind="siecle-eleves", filename="eleves.xml", content=b"<x/>"
    )
    assert run_purges()["imports"] == 1
    batch.refresh_from_db()
    assert batch.content is None and batch.status == ImportStatus.CANCELLED
    fresh.refresh_from_db()
    assert fresh.content is not None


def test_old_connection_weeks_go(world):
    old = ConnectionWeek.objects.create(
        school=world.college, person_key="a", profile="eleve", week_start=LONG_AGO, connections=3
    )
    kept = ConnectionWeek.objects.create(
        school=world.college,
        person_key="a",
        profile="eleve",
        week_start=date.today() - timedelta(days=30),
        connections=4,
    )
    assert run_purges()["connexions"] == 1
    assert list(ConnectionWeek.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not ConnectionWeek.objects.filter(pk=old.pk).exists()


def test_calendar_feed_stops_when_the_role_ends_and_the_purge_removes_it(client, world):
    teacher = world["prof.college"]
    feed, token = CalendarFeed.issue(school=world.college, owner=teacher)
    url = f"/api/v1/flux-reservations/{token}.ics"
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=teacher).update(end_date=timezone.localdate())
    assert client.get(url).status_code == 404  # at once, before any purge
    assert run_purges()["agendas_membres_partis"] == 1
    assert not CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_journal_retention_below_six_months_is_refused_at_start(settings):
    from pilote.core.retention import check_journal_retention

    assert check_journal_retention() == []
    settings.PILOTE_RETENTION = {**settings.PILOTE_RETENTION, "journal_months": 3}
    (error,) = check_journal_retention()
    assert error.id == "pilote.E001" and "au moins 180 jours" in error.msg


def test_the_daily_jobs_run_the_purge(departed):
    pupil, _guardian, present = departed
    (outcome,) = run_daily_jobs(["rgpd.purge"])
    assert outcome.ok, outcome.summary
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    assert Pupil.objects.filter(pk=present.pk).exists()
    (again,) = run_daily_jobs(["rgpd.purge"])
    assert again.summary == "0 ligne(s) effacée(s) (durées de conservation)"
