"""Demo data of « Données »: the two demo schools' pupils, families, divisions and staff come
from generated SIECLE and STS-web exports imported through the real importers, zipped as
SIECLE delivers them, so that the demo exercises the import path end to end."""

from datetime import timedelta

from django.utils import timezone

from pilote.core.importing import get_importer, run_import

from .circulation import feeds as school_feeds
from .circulation import save_feed
from .demo_files import generate
from .importers.xmlfile import current_school_year

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
