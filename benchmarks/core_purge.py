"""Retention budget: ``pilote purge`` over 500 schools of demo-sized data < 60 s (PostgreSQL).

Each school has 600 pupils (60 left more than a year ago, without exit date for half of
them: their departure is read in their history), 1.5 guardians per pupil, one ENT account
per pupil, 300 Pix results, 1,500 weekly connection counts (a third older than a year), 500
journal entries (150 older than a year) and a pending import abandoned last month. The
command runs as a person runs it (``call_command("purge")``), then a second time (nothing
left to erase).

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench uv run python benchmarks/core_purge.py
"""

import argparse
import time
from datetime import date, timedelta

from harness import database_label, setup

PUPILS, DEPARTED, PIX, WEEKS, OLD_WEEKS, ENTRIES, OLD_ENTRIES = 600, 60, 300, 1500, 500, 500, 150


def build(schools: int) -> None:
    from django.db import models
    from django.utils import timezone

    from pilote.core import chain
    from pilote.core.choices import CollectiviteKind, SchoolType
    from pilote.core.models import Academie, Collectivite, ImportBatch, JournalEntry, School
    from pilote.core.uai import UAI_ALPHABET
    from pilote.schooldata.importers.sync import write_history
    from pilote.schooldata.models import Guardian, GuardianLink, Pupil
    from pilote.skills.models import Campaign, Participation
    from pilote.usage.models import Account, ConnectionWeek

    academie = Academie.objects.create(code="99", name="Banc d'essai")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="99", name="Banc"
    )
    long_ago = date.today() - timedelta(days=500)
    now = timezone.now()
    entries = []
    for n in range(schools):
        school = School.objects.create(
            uai=f"{9900000 + n:07d}" + UAI_ALPHABET[(9900000 + n) % 23],
            name=f"Collège n° {n}",
            type=SchoolType.COLLEGE,
            academie=academie,
            collectivite=departement,
        )
        pupils = Pupil.objects.bulk_create(
            Pupil(
                school=school,
                siecle_id=str(p),
                last_name=f"NOM{p}",
                first_name="Léa",
                is_active=p >= DEPARTED,
                exit_date=long_ago if p < DEPARTED // 2 else None,
            )
            for p in range(PUPILS)
        )
        write_history(Pupil, [pupil.pk for pupil in pupils], "+")
        guardians = Guardian.objects.bulk_create(
            Guardian(school=school, personne_id=str(g), last_name=f"RESP{g}", email="r@x.fr")
            for g in range(PUPILS * 3 // 2)
        )
        GuardianLink.objects.bulk_create(
            GuardianLink(school=school, pupil=pupils[g % PUPILS], guardian=guardian)
            for g, guardian in enumerate(guardians)
        )
        Account.objects.bulk_create(
            Account(
                school=school,
                source="ent",
                external_id=f"e{p}",
                profile="eleve",
                last_name=pupil.last_name,
                pupil=pupil,
            )
            for p, pupil in enumerate(pupils)
        )
        campaign = Campaign.objects.create(
            school=school, pix_id=n + 1, name="Rentrée", kind="evaluation", school_year=2025
        )
        Participation.objects.bulk_create(
            Participation(
                school=school,
                campaign=campaign,
                participant_key=f"k{p}",
                pupil=pupils[p],
                last_name=pupils[p].last_name,
                first_name="Léa",
                match_status="apparie",
            )
            for p in range(PIX)
        )
        ConnectionWeek.objects.bulk_create(
            ConnectionWeek(
                school=school,
                person_key=f"p{w}",
                profile="eleve",
                week_start=date.today() - timedelta(weeks=60 if w < OLD_WEEKS else w % 40),
                connections=3,
            )
            for w in range(WEEKS)
        )
        for e in range(ENTRIES):
            days = 400 if e < OLD_ENTRIES else 10
            entries.append((now - timedelta(days=days, seconds=n * ENTRIES + e), school))
        batch = ImportBatch.objects.create(
            school=school, kind="siecle-eleves", filename="eleves.xml", content=b"x" * 50_000
        )
        ImportBatch.objects.filter(pk=batch.pk).update(created_at=now - timedelta(days=30))
    # The journal in the order it was written (oldest first), chained, inserted as is: the
    # database's protections stay in place (they refuse UPDATE and DELETE, not INSERT).
    previous = chain.GENESIS
    rows = []
    for timestamp, school in sorted(entries, key=lambda item: item[0]):
        entry = JournalEntry(
            action="login", summary="Connexion", school=school, timestamp=timestamp, details={}
        )
        entry.previous_hash = previous
        entry.hash = previous = chain.digest(entry, previous)
        rows.append(entry)
    models.QuerySet(JournalEntry).bulk_create(rows, batch_size=5000)
    # Departures without an exit date are dated by their history (the import that saw them go).
    Pupil.history.filter(is_active=False).update(history_date=now - timedelta(days=500))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=500)
    args = parser.parse_args()
    setup("purge")
    from io import StringIO

    from django.core.management import call_command

    start = time.perf_counter()
    build(args.schools)
    print(f"Données générées en {time.perf_counter() - start:.0f} s")
    for attempt in ("première purge", "seconde purge"):
        out = StringIO()
        start = time.perf_counter()
        call_command("purge", stdout=out)
        elapsed = time.perf_counter() - start
        print(f"\n{attempt} ({database_label()}, {args.schools} établissements) : {elapsed:.1f} s")
        print(out.getvalue().rstrip())


if __name__ == "__main__":
    main()
