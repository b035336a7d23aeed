"""Bilan budget: the bilan annuel of a school with a full year of demo data in < 10 s, charts
included.

Loads the whole demonstration (``pilote demo``'s data: the collège des Salorges with more than
a year of indicator history, its volet, its plan d'actions, its commission), then builds the
bilan of the past school year as the worker's job builds it — facts read from the history,
charts drawn by matplotlib, PDF laid out by WeasyPrint — with an empty cache each time (no
chart already drawn), then the DOCX, then the académie's bilan of all its schools.

    uv run python benchmarks/pilotage_bilan.py
    uv run python benchmarks/pilotage_bilan.py --reuse   # on the data of an earlier run
"""

import argparse
import statistics
import time

from harness import database_label, setup


def timed_runs(function, runs: int) -> tuple[float, float, object]:
    from django.core.cache import cache

    timings, result = [], None
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), max(timings), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="garder la démonstration chargée")
    args = parser.parse_args()
    setup("pilotage-bilan", reset=not args.reuse)
    from django.utils import timezone

    from pilote.core.management.commands.demo import load_demo
    from pilote.core.models import Academie, School
    from pilote.core.schoolyear import school_year_label, school_year_of
    from pilote.pilotage.bilan.documents import build_docx, build_pdf
    from pilote.pilotage.bilan.facts import build_bilan
    from pilote.pilotage.bilan.territory import build_territory_pdf
    from pilote.pilotage.models import IndicatorRecord

    if not School.objects.filter(uai="0449901Y").exists():
        started = time.perf_counter()
        load_demo()
        print(f"Démonstration chargée en {time.perf_counter() - started:.0f} s")
    college = School.objects.select_related("academie").get(uai="0449901Y")
    year = school_year_of(timezone.localdate()) - 1
    rows = IndicatorRecord.objects.filter(school=college).count()
    print(
        f"{college.name}, bilan {school_year_label(year)}, {database_label()}, "
        f"{rows} lignes d'historique pour l'établissement"
    )

    def pdf():
        bilan = build_bilan(college, year)
        return bilan, build_pdf(bilan)

    median, worst, (bilan, content) = timed_runs(pdf, args.runs)
    charts = sum(1 for section in bilan.sections if section.chart)
    print(
        f"PDF : médiane {median:.1f} s, pire {worst:.1f} s ({len(content) // 1024} Ko, "
        f"{len(bilan.figures)} indicateurs, {charts} graphiques, cache vide) — budget < 10 s"
    )
    median, worst, content = timed_runs(lambda: build_docx(build_bilan(college, year)), args.runs)
    print(
        f"DOCX : médiane {median:.1f} s, pire {worst:.1f} s ({len(content) // 1024} Ko, "
        f"graphiques en PNG)"
    )
    academie = Academie.objects.get(pk=college.academie_id)
    median, worst, (content, _name) = timed_runs(
        lambda: build_territory_pdf(academie, year), args.runs
    )
    print(
        f"Bilan de l'académie ({academie.schools.count()} établissements) : médiane "
        f"{median:.1f} s, pire {worst:.1f} s ({len(content) // 1024} Ko)"
    )


if __name__ == "__main__":
    main()
