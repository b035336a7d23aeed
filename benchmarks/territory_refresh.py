"""Refreshing the territories' stored values: one school after an import, then every school.

Runs on the data of ``benchmarks/pilotage_record.py`` (500 schools with demo-sized data), in
the same database. Budgets: one school < 1 s (its académie's and collectivité's summaries
included); 7,000 schools < 5 minutes on one worker.

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench uv run python benchmarks/pilotage_record.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench uv run python benchmarks/territory_refresh.py
"""

import time

from harness import database_label, setup


def main() -> None:
    setup("pilotage-record", reset=False)
    from pilote.core.models import School
    from pilote.core.territory import refresh_schools

    first = School.objects.order_by("pk")[:1]
    refresh_schools(first)  # warm-up: connections, referentials
    started = time.perf_counter()
    refresh_schools(School.objects.order_by("pk")[:1])
    one = time.perf_counter() - started
    started = time.perf_counter()
    report = refresh_schools()
    every = time.perf_counter() - started
    print(f"{database_label()} : un établissement après import {one:.2f} s")
    print(f"{report} en {every:.1f} s")


if __name__ == "__main__":
    main()
