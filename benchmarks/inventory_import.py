"""Parc budget: importing a 5,000-line inventory CSV (Pilote's template).

Budget: parse + apply < 5 s on SQLite. Measures the first import (everything created, with
history rows) and a re-import of the same file (everything unchanged).

    uv run python benchmarks/inventory_import.py [--lines 5000]
"""

import argparse
import csv
import io
import random
from datetime import date, timedelta

from harness import print_table, setup, timed


def build_csv(lines: int) -> bytes:
    from pilote.inventory.importers.inventaire import template_headers

    rng = random.Random(5)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(template_headers())
    categories = ["Poste fixe", "Ordinateur portable", "Tablette", "Vidéoprojecteur", "TNI"]
    for n in range(lines):
        acquired = date(2026, 1, 1) - timedelta(days=rng.randint(0, 3650))
        writer.writerow(
            [
                f"INV-{n:06d}",
                f"SN{n:08d}",
                rng.choice(categories),
                "Marque",
                f"Modèle {n % 30}",
                f"Salle {n % 120}",
                "Bâtiment A",
                "Salle de classe",
                "Pédagogique",
                rng.choice(["Offre de la collectivité", "Offre nationale", "Acquisition locale"]),
                "Plan numérique",
                acquired.strftime("%d/%m/%Y"),
                "649,90",
                (acquired + timedelta(days=1095)).strftime("%d/%m/%Y"),
                "",
                rng.choice(["En service", "En panne", "En stock"]),
                "",
                "Collectivité",
                "Windows 11",
                "",
                "",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=5000)
    args = parser.parse_args()
    setup("inventory-import")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pilote.core.choices import CollectiviteKind, SchoolType
    from pilote.core.importing import run_import
    from pilote.core.models import Academie, Collectivite, School
    from pilote.inventory.importers.inventaire import InventoryImporter

    school = School.objects.create(
        uai="9900000A",
        name="Collège du banc",
        type=SchoolType.COLLEGE,
        academie=Academie.objects.create(code="99", name="Banc"),
        collectivite=Collectivite.objects.create(
            kind=CollectiviteKind.DEPARTEMENT, code="99", name="Banc"
        ),
    )
    content = build_csv(args.lines)
    rows = []
    for label in ("premier import", "réimport identique"):
        with CaptureQueriesContext(connection) as queries:
            elapsed, report = timed(
                run_import, InventoryImporter(school=school), content, "banc.csv", apply=True
            )
        if report.parsed.errors:
            raise SystemExit(f"erreurs : {report.parsed.errors[:3]}")
        rows.append(
            {
                "étape": label,
                "lignes": args.lines,
                "total_ms": elapsed,
                "queries": len(queries),
                **report.diff.counts,
            }
        )
    print_table(
        f"Pilote — import d'inventaire, {args.lines} lignes (analyse + application)",
        rows,
        ["étape", "lignes", "total_ms", "queries", "created", "updated", "unchanged"],
    )


if __name__ == "__main__":
    main()
