"""Territory budgets: the overview and the first page of the schools' table, at 500, 2,000 and
7,000 schools (the country's public collèges and lycées), on PostgreSQL.

Budget (DESIGN.md): < 300 ms at 500 schools, < 1 s at 7,000, warm or cold, a query count that
does not grow with the number of schools, HTML < 500 KB.

The pages read what the worker stored for each school (``SchoolIndicators``) and each territory
(``TerritorySummary``), never the schools' raw data: the script therefore writes stored values
directly — every registered indicator, a plausible value, its status by the indicator's
thresholds — for every school, then builds the summaries as the worker does
(``pilote.core.territory.summarise``, timed). The cost of measuring the schools themselves is
``benchmarks/pilotage_record.py``'s (the same registry).

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench \
        uv run python benchmarks/territory_pages.py --schools 500 2000 7000
"""

import argparse
import random
import time

from harness import measure, print_table, setup


def plausible(indicator, rng: random.Random):
    from pilote.core.metrics import Unit

    if rng.random() < 0.08:
        return None
    if indicator.unit == Unit.PERCENT:
        return round(rng.betavariate(5, 2) * 100, 1)
    if indicator.unit in (Unit.DAYS, Unit.HOURS):
        return round(rng.expovariate(1 / 10), 1)
    if indicator.unit == Unit.RATIO:
        return round(rng.uniform(10, 60), 1)
    if indicator.unit == Unit.SCORE:
        return round(rng.uniform(150, 450))
    if indicator.unit == Unit.EUROS:
        return round(rng.uniform(0, 50000))
    return rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 13, 40, 120])


def build(schools: int) -> None:
    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.metrics import Status, registry
    from pilote.core.models import (
        Academie,
        Collectivite,
        Membership,
        School,
        SchoolIndicators,
        User,
    )
    from pilote.core.uai import UAI_ALPHABET

    academie = Academie.objects.create(code="99", name="Banc d'essai")
    departements = Collectivite.objects.bulk_create(
        Collectivite(kind=CollectiviteKind.DEPARTEMENT, code=f"9{d:02d}", name=f"Département {d}")
        for d in range(max(schools // 70, 1))
    )
    region = Collectivite.objects.create(kind=CollectiviteKind.REGION, code="99", name="Région")
    created = School.objects.bulk_create(
        (
            School(
                uai=f"{9000000 + n:07d}" + UAI_ALPHABET[(9000000 + n) % 23],
                name=f"{'Lycée' if n % 4 == 0 else 'Collège'} n° {n}",
                type=SchoolType.LGT if n % 4 == 0 else SchoolType.COLLEGE,
                commune=f"Commune {n % 900}",
                academie=academie,
                collectivite=region if n % 4 == 0 else departements[n % len(departements)],
                declared_pupils=600,
            )
            for n in range(schools)
        ),
        batch_size=2000,
    )
    rng = random.Random(21)
    indicators = registry.indicators()
    rows = []
    for school in created:
        values, statuses, alerts, watches = {}, {}, 0, 0
        for indicator in indicators:
            value = plausible(indicator, rng)
            values[indicator.code] = value
            status = indicator.status_for(value)
            if status != Status.NONE:
                statuses[indicator.code] = status.value
                alerts += status == Status.ALERT
                watches += status == Status.WATCH
        rows.append(
            SchoolIndicators(
                school=school, values=values, statuses=statuses, alerts=alerts, watches=watches
            )
        )
    SchoolIndicators.objects.bulk_create(rows, batch_size=1000)
    drane = User.objects.create(username="drane-banc")
    Membership.objects.create(user=drane, academie=academie, role=Role.DRANE)
    return academie, drane


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, nargs="+", default=[500, 2000, 7000])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    results = []
    for count in args.schools:
        setup("territory")
        from django.test import Client

        from pilote.core.territory import summarise

        academie, drane = build(count)
        started = time.perf_counter()
        summarise(academie, "academie")
        summary_ms = (time.perf_counter() - started) * 1000
        client = Client()
        client.force_login(drane)
        base = "/territoires/academie/99/"
        for url in (base, base + "etablissements/", base + "etablissements/?tri=-pix.certifies"):
            for cold in (False, True):
                row = measure(client, url, runs=args.runs, cold=cold)
                size = len(client.get(url).content)
                results.append(
                    {
                        "schools": count,
                        **row,
                        "html_kb": size / 1024,
                        "summary_ms": summary_ms,
                    }
                )
    print_table(
        "Pilote — territoire : vue d'ensemble et première page du tableau",
        results,
        ["schools", "url", "median_ms", "p95_ms", "queries", "html_kb", "summary_ms"],
    )


if __name__ == "__main__":
    main()
