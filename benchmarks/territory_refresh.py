"""Refreshing the territories' stored values: one school after an import, then every school.

Runs on the data of ``benchmarks/pilotage_record.py`` (500 schools with demo-sized data), in
the same database. Budgets: one school < 1 s (its académie's and collectivité's summaries
included); 7,000 schools < 5 minutes on one worker.

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench uv run python benchmarks/pilotage_record.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench uv run python benchmarks/territory_refresh.py

A small size runs in under two minutes on a shared machine (``pilotage_record.py --schools
100``). On PostgreSQL the tables are analysed first: freshly generated, they have no
statistics yet and the planner would guess six pupils per school (autovacuum does it in
production). The load average is printed next to each figure: on a shared machine it
matters as much as the code.
"""

import os
import time

from harness import database_label, setup


def main() -> None:
    setup("pilotage-record", reset=False)
    from django.db import connection

    from pilote.core.models import School, SchoolIndicators
    from pilote.core.territory import refresh_schools

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    first = School.objects.order_by("pk")[:1]
    refresh_schools(first)  # warm-up: connections, referentials
    started = time.perf_counter()
    refresh_schools(School.objects.order_by("pk")[:1])
    one = time.perf_counter() - started
    load_one = os.getloadavg()[0]
    # Worst case of an import: every value of the school differs from the stored one, so
    # every statistic of its académie and collectivité is recomputed.
    SchoolIndicators.objects.filter(school__in=first).update(values={}, statuses={})
    started = time.perf_counter()
    refresh_schools(School.objects.order_by("pk")[:1])
    changed = time.perf_counter() - started
    started = time.perf_counter()
    report = refresh_schools()
    every = time.perf_counter() - started
    print(
        f"{database_label()} : un établissement après import {one:.2f} s, "
        f"{changed:.2f} s si toutes ses valeurs changent (charge {load_one:.1f})"
    )
    print(f"{report} en {every:.1f} s (charge {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
