"""« Compétences » budgets: Pix imports and pages of a school of 1,500 pupils.

One collège of 1,500 pupils (48 divisions of 6e to 3e) and 100 teachers among ``--schools``
schools of one académie. Measures the import of a Pix Orga assessment export of every pupil
(parse, then parse + write, SQLite), then the module's pages (budget: median < 100 ms,
≤ 25 queries whatever the row count) and the indicators over all the schools.

    uv run python benchmarks/skills_pix.py [--schools 50]
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench \
        uv run python benchmarks/skills_pix.py --schools 500
"""

import argparse
import random
from datetime import datetime

from harness import measure, print_table, setup, timed

LEVELS = ("6e", "5e", "4e", "3e")


def build(schools: int):
    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.core.uai import UAI_ALPHABET
    from pilote.schooldata.models import Division, Pupil, StaffMember

    academie = Academie.objects.create(code="97", name="Banc d'essai")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="97", name="Banc"
    )
    created = School.objects.bulk_create(
        School(
            uai=f"{9700000 + n:07d}" + UAI_ALPHABET[(9700000 + n) % 23],
            name=f"Collège Banc {n}",
            type=SchoolType.COLLEGE,
            academie=academie,
            collectivite=departement,
        )
        for n in range(schools)
    )
    school = created[0]
    head = User.objects.create(username="chef-banc", email="chef@banc.fr")
    Membership.objects.create(user=head, school=school, role=Role.CHEF)
    drane = User.objects.create(username="drane-banc")
    Membership.objects.create(user=drane, academie=academie, role=Role.DRANE)
    divisions = Division.objects.bulk_create(
        Division(school=school, code=f"{level[0]} {chr(65 + n)}", level=level, in_siecle=True)
        for level in LEVELS
        for n in range(12)
    )
    Pupil.objects.bulk_create(
        Pupil(
            school=school,
            siecle_id=str(100000 + n),
            ine=f"{n:09d}AB",
            last_name=f"NOM{n:04d}",
            first_name="Prénom",
            division=divisions[n % len(divisions)],
        )
        for n in range(1500)
    )
    StaffMember.objects.bulk_create(
        StaffMember(school=school, sts_id=str(n), last_name=f"PROF{n}", function="ENS")
        for n in range(100)
    )
    return created, head, drane


def assessment_file(school):
    from pilote.schooldata.models import Pupil
    from pilote.skills.samples import CampaignFile, Participant

    rng = random.Random(1)
    codes = ("1.1", "1.2", "2.1", "2.2", "3.1", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2")
    participants = []
    for pupil in Pupil.objects.filter(school=school).select_related("division"):
        shared = rng.random() < 0.8
        results = {}
        for code in codes:
            validated = rng.randint(0, 8)
            results[code] = (round(validated / 8, 2), 8, validated)
        participants.append(
            Participant(
                pupil.last_name,
                pupil.first_name,
                pupil.division.code,
                started_at=datetime(2026, 10, 1, 10, 0),
                progress=1 if shared else 0.5,
                shared=shared,
                shared_at=datetime(2026, 10, 2, 10, 0),
                mastery=0.5,
                competences=results,
            )
        )
    file = CampaignFile(
        pix_id=999,
        name="Banc",
        organisation=school.name,
        competence_codes=codes,
        participants=participants,
    )
    return file.assessment_csv()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=50)
    args = parser.parse_args()
    setup("skills")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pilote.core.importing import get_importer, run_import
    from pilote.skills.indicators import skills_indicators
    from pilote.skills.models import Campaign

    schools, head, drane = build(args.schools)
    school = schools[0]
    content = assessment_file(school)
    importer = get_importer("pix-campagne")(school=school, user=head)
    name = "Resultats-Banc-999-2026-10-05-1000.csv"
    parse_ms, _ = timed(run_import, importer, content, name, apply=False)
    write_ms, report = timed(run_import, importer, content, name, apply=True)
    again_ms, _ = timed(run_import, importer, content, name, apply=True)
    print(
        f"Import Pix (1 500 participants × 11 compétences, {len(content) // 1024} Kio) : "
        f"aperçu {parse_ms:.0f} ms, aperçu + écriture {write_ms:.0f} ms, "
        f"réimport identique {again_ms:.0f} ms ({report.diff.counts})"
    )
    campaign = Campaign.objects.get(school=school)
    client = Client()
    client.force_login(head)
    base = f"/etablissements/{school.uai}/competences/"
    rows = [
        measure(client, base + path)
        for path in (
            "",
            "campagnes/",
            f"campagnes/{campaign.pk}/",
            "participations/",
            "maitrise/",
            "maitrise/?niveau=3e",
            f"relances/?campagne={campaign.pk}",
            "certification/",
            "certification/eleves/",
            "enseignants/",
        )
    ]
    territory = Client()
    territory.force_login(drane)
    rows.append(measure(territory, "/territoires/academie/97/competences/", runs=10))
    print_table(
        f"Pilote — Compétences, 1 collège de 1 500 élèves parmi {args.schools}",
        rows,
        ["url", "median_ms", "p95_ms", "queries"],
    )
    with CaptureQueriesContext(connection) as queries:
        elapsed, _ = timed(skills_indicators, schools)
    print(
        f"Indicateurs Compétences pour {args.schools} établissements : {elapsed:.0f} ms, "
        f"{len(queries)} requêtes SQL"
    )


if __name__ == "__main__":
    main()
