"""Demo data of « Données »: the two demo schools' pupils, families, divisions and staff come
from generated SIECLE and STS-web exports imported through the real importers, zipped as
SIECLE delivers them, so that the demo exercises the import path end to end."""

import random
from datetime import timedelta

from django.utils import timezone

from pilote.core.bulk import insert_rows
from pilote.core.importing import get_importer, run_import

from .choices import Relationship, ResponsibilityLevel
from .circulation import feeds as school_feeds
from .circulation import save_feed
from .demo_files import generate
from .importers.xmlfile import current_school_year
from .models import Division, Guardian, GuardianLink, Pupil

# SIECLE files in the order a school imports them; STS-web last.
ORDER = ("Nomenclature", "Structures", "ElevesSansAdresses", "ResponsablesAvecAdresses", "sts_emp")


def import_exports(school, files: dict[str, bytes], user=None) -> None:
    for prefix in ORDER:
        name = next(n for n in files if n.startswith(prefix))
        kind = "sts" if prefix == "sts_emp" else "siecle"
        report = run_import(
            get_importer(kind)(school=school, user=user), files[name], name, apply=True
        )
        if report.refused:
            raise RuntimeError(f"{name} refusé : {report.parsed.errors}")


def load(demo) -> None:
    load_detailed(demo)
    load_generated(demo)


def load_detailed(demo) -> None:
    year, today = current_school_year(), timezone.localdate()
    schools = [
        (demo.college, False, 600, 1, "chef.college", 12),
        (demo.lycee, True, 1200, 2, "chef.lycee", 41),
    ]
    for school, lycee, pupils, seed, head, age in schools:
        export = generate(
            school.uai,
            lycee=lycee,
            pupils=pupils,
            year=year,
            seed=seed,
            exported_on=today - timedelta(days=age),
        )
        import_exports(school, export.zipped(), demo.users.get(head))
    # Vie scolaire fed today, Pix after the SIECLE export, the ENT and the GAR before it.
    fed = {"ent": 20, "gar": 20, "vie_scolaire": 0, "pix": 5}
    for feed in school_feeds(demo.college):
        if feed.code in fed:
            save_feed(
                demo.college,
                feed,
                last_fed_on=today - timedelta(days=fed[feed.code]),
                responsible="Hugo Durand (RRUPN)",
            )


# Levels of each kind of generated school (level, prefix of its divisions' codes), and
# pupils per division.
GENERATED_LEVELS = {
    "college": (("6e", "6"), ("5e", "5"), ("4e", "4"), ("3e", "3")),
    "lgt": (("2nde", "2"), ("1re", "1"), ("Tle", "T")),
    "lp": (("2ndepro", "2P"), ("1repro", "1P"), ("Tlepro", "TP")),
}
PUPILS_PER_DIVISION = 27


def load_generated(demo) -> None:
    """Divisions, pupils up to the declared headcount and their families for the académie's
    generated schools, inserted in bulk without history (:func:`pilote.core.bulk.insert_rows`):
    the territory's rates need headcounts, not files to import and undo — the two detailed
    schools go through the real importers."""
    for index, school in enumerate(getattr(demo, "generated", [])):
        rng = random.Random(2000 + index)
        levels = GENERATED_LEVELS[school.type]
        per_level = max(1, school.declared_pupils // PUPILS_PER_DIVISION // len(levels))
        divisions = Division.objects.bulk_create(
            Division(school=school, code=f"{prefix} {chr(65 + n)}", level=level)
            for level, prefix in levels
            for n in range(per_level)
        )
        insert_rows(
            Pupil,
            [
                {
                    "school": school,
                    "siecle_id": f"G{index:02d}{p:05d}",
                    "last_name": f"ÉLÈVE {p + 1}",
                    "first_name": rng.choice(FIRST_NAMES),
                    "division": divisions[p % len(divisions)],
                }
                for p in range(len(divisions) * PUPILS_PER_DIVISION)
            ],
        )
        _generated_families(school, rng)


FIRST_NAMES = ("Léa", "Hugo", "Jade", "Louis", "Inès", "Adam", "Chloé", "Nathan", "Lina", "Noé")


def _generated_families(school, rng: random.Random) -> None:
    """One legal guardian per pupil, a second for most; one guardian in ten has no e-mail."""
    pupils = Pupil.objects.for_school(school).values_list("pk", "siecle_id", "last_name")
    guardians, links = [], []
    for pupil, siecle_id, last_name in pupils:
        for rank in (1, 2) if rng.random() < 0.75 else (1,):
            email = "" if rng.random() < 0.1 else f"famille.{siecle_id}.{rank}@exemple.fr"
            guardians.append(
                {
                    "school": school,
                    "personne_id": f"{siecle_id}{rank}",
                    "last_name": last_name,
                    "email": email,
                }
            )
            links.append((pupil, f"{siecle_id}{rank}", rank))
    insert_rows(Guardian, guardians)
    ids = dict(Guardian.objects.for_school(school).values_list("personne_id", "pk"))
    insert_rows(
        GuardianLink,
        [
            {
                "school": school,
                "pupil_id": pupil,
                "guardian_id": ids[personne_id],
                "responsibility": ResponsibilityLevel.LEGAL,
                "relationship": Relationship.MERE if rank == 1 else Relationship.PERE,
                "is_legal": True,
            }
            for pupil, personne_id, rank in links
        ],
    )
