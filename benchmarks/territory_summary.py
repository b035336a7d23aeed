"""The summaries of a territory after an import into one of its schools: recomputed from every
school (nightly) or updated for the codes that changed (after an import), at 7,000 schools.

Stored values are written as ``territory_pages.py`` writes them (every indicator, a plausible
value and its status). Then one school's values change — ten codes (an import), or all of them
(beyond ``FEW_CODES``, the full pass is taken) — and its académie's and collectivité's
summaries are brought up to date, checked equal to a full recomputation.

    uv run python benchmarks/territory_summary.py --schools 7000
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench uv run python benchmarks/territory_summary.py
"""

import argparse
import copy
import os
import random
import time

from harness import database_label, setup
from territory_pages import build, plausible


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=7000)
    args = parser.parse_args()
    setup("territory-summary")
    from pilote.core.metrics import registry
    from pilote.core.models import School, SchoolIndicators, TerritorySummary
    from pilote.core.territory import summarise, update_summaries

    academie, _ = build(args.schools)
    school = School.objects.filter(academie=academie).select_related("collectivite").first()
    territories = [(academie, "academie"), (school.collectivite, "collectivite")]
    started = time.perf_counter()
    for organisation, field in territories:
        summarise(organisation, field)
    full = time.perf_counter() - started
    print(
        f"{database_label()}, {args.schools} établissements : synthèses de l'académie et de la "
        f"collectivité recalculées en entier {full:.2f} s (charge {os.getloadavg()[0]:.1f})"
    )
    rng = random.Random(7)
    indicators = registry.indicators()
    for label, changed in (("10 codes", indicators[:10]), ("tous les codes", indicators)):
        before = SchoolIndicators.objects.get(school=school)
        after = copy.deepcopy(before)
        for indicator in changed:
            after.values[indicator.code] = plausible(indicator, rng)
        after.save()
        started = time.perf_counter()
        update_summaries([school], {school.pk: before}, {school.pk: after})
        elapsed = time.perf_counter() - started
        for organisation, field in territories:
            updated = TerritorySummary.objects.get(**{field: organisation}).stats
            assert updated == summarise(organisation, field).stats, field
        print(
            f"  un établissement, {label} changés : synthèses à jour en {elapsed:.2f} s, "
            f"identiques au recalcul (charge {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
