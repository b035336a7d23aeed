"""« Données » budgets: a generated SIECLE export of a 3,000-pupil lycée with its families
and structures. Budget: parse < 1 s; parse + apply < 5 s on SQLite; peak memory reported
(tracemalloc, Python allocations). Also the quality page and the pupils list on that school.

    uv run python benchmarks/schooldata_siecle.py [--pupils 3000] [--runs 5]
"""

import argparse
import statistics
import time
import tracemalloc

from harness import measure, print_table, setup


def timed_runs(function, runs: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def peak_memory(function) -> float:
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup("schooldata")

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.importing import get_importer, run_import
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.schooldata.demo_files import generate
    from pilote.schooldata.importers.xmlfile import current_school_year

    academie = Academie.objects.create(code="99", name="Banc d'essai")
    region = Collectivite.objects.create(kind=CollectiviteKind.REGION, code="99", name="Banc")
    school = School.objects.create(
        uai="0449902Z",
        name="Lycée du banc",
        type=SchoolType.LGT,
        academie=academie,
        collectivite=region,
    )
    head = User.objects.create(username="chef-banc")
    Membership.objects.create(user=head, school=school, role=Role.CHEF)
    export = generate(school.uai, lycee=True, pupils=args.pupils, year=current_school_year())
    files = export.zipped()
    pupils_zip = files["ElevesSansAdresses.zip"]
    guardians_zip = files["ResponsablesAvecAdresses.zip"]

    def importer():
        return get_importer("siecle")(school=school, user=head)

    rows = []
    for name in ("Structures.zip", "Nomenclature.zip"):
        run_import(importer(), files[name], name, apply=True)
    for label, content in (("élèves", pupils_zip), ("responsables", guardians_zip)):
        parse_ms, _ = timed_runs(lambda c=content: importer().parse(c, "f.zip"), args.runs)
        memory = peak_memory(lambda c=content: importer().parse(c, "f.zip"))
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            report = run_import(importer(), content, f"{label}.zip", apply=True)
            apply_ms = (time.perf_counter() - start) * 1000
        assert not report.refused, report.parsed.errors
        again_ms, again = timed_runs(
            lambda c=content: run_import(importer(), c, "f.zip", apply=True), 1
        )
        assert not again.diff.has_changes
        rows.append(
            {
                "fichier": f"{label} ({len(content) // 1024} Ko zip)",
                "lignes": report.diff.counts["created"],
                "parse_ms": parse_ms,
                "parse+apply_ms": apply_ms,
                "reimport_ms": again_ms,
                "requetes": len(queries),
                "pic_Mo": memory,
            }
        )
    print_table(
        f"Import SIECLE d'un lycée de {args.pupils} élèves",
        rows,
        ["fichier", "lignes", "parse_ms", "parse+apply_ms", "reimport_ms", "requetes", "pic_Mo"],
    )
    client = Client()
    client.force_login(head)
    pages = [
        measure(client, f"/etablissements/{school.uai}/donnees/", runs=10),
        measure(client, f"/etablissements/{school.uai}/donnees/eleves/", runs=10),
        measure(client, f"/etablissements/{school.uai}/donnees/divisions/", runs=10),
    ]
    print_table("Pages", pages, ["url", "median_ms", "p95_ms", "queries"])


if __name__ == "__main__":
    main()
