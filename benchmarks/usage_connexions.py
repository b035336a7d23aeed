"""Benchmark: a 10-million-line connection log summed per person and ISO week with Polars.

Budget (DESIGN.md): < 15 s and < 2 GB of memory on a 2-core machine. The log is generated
once under ``var/bench-usage/`` (about 500 MB) and reused; the aggregation is the one the
``connexions`` importer runs. Usage: ``uv run python benchmarks/usage_connexions.py [lines]``.
"""

import os
import resource
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilote.settings.production")
os.environ.setdefault("PILOTE_SECRET_KEY", "benchmark-only-secret-key")
ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "bench-usage"
PERSONS = 5_000
WEEKS = 36
SERVICES = ["ENT", "Pronote", "Mediacentre", "Messagerie", "Cahier de textes", "Éléa"]
PROFILES = ["Élève", "Élève", "Élève", "Parent", "Parent", "Enseignant"]


def generate(path: Path, lines: int) -> None:
    """Write the log with Polars itself (seeded), in chunks to keep memory flat."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(2026)
    start = np.datetime64("2025-09-01T07:00:00")
    chunk = 1_000_000
    with path.open("wb") as handle:
        handle.write("\ufefftimestamp;user_id;profil;service\n".encode())
        for offset in range(0, lines, chunk):
            size = min(chunk, lines - offset)
            users = rng.integers(0, PERSONS, size)
            seconds = rng.integers(0, WEEKS * 7 * 86400, size)
            frame = pl.DataFrame(
                {
                    "timestamp": (start + seconds.astype("timedelta64[s]")).astype(
                        "datetime64[us]"
                    ),
                    "user_id": users,
                    "service": rng.integers(0, len(SERVICES), size),
                }
            ).select(
                pl.col("timestamp").dt.strftime("%Y-%m-%d %H:%M:%S"),
                ("u" + pl.col("user_id").cast(pl.String)).alias("user_id"),
                pl.col("user_id")
                .mod(len(PROFILES))
                .replace_strict(dict(enumerate(PROFILES)), return_dtype=pl.String)
                .alias("profil"),
                pl.col("service").replace_strict(dict(enumerate(SERVICES)), return_dtype=pl.String),
            )
            frame.write_csv(handle, separator=";", include_header=False)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"connexions-{lines}.csv"
    if not path.exists():
        began = time.perf_counter()
        generate(path, lines)
        print(f"journal généré : {path} ({time.perf_counter() - began:.1f} s)")
    django.setup()
    from pilote.usage.connexions import aggregate_log

    rss_before = peak_rss_mb()
    timings, cpu = [], []
    for _ in range(3):
        began, cpu_began = time.perf_counter(), cpu_seconds()
        summary = aggregate_log(path)
        timings.append(time.perf_counter() - began)
        cpu.append(cpu_seconds() - cpu_began)
    size_mb = path.stat().st_size / 1024 / 1024
    print(
        "| lignes | fichier | médiane | min | CPU (médiane) | personnes×semaines | RSS max (Mo) |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {summary.lines:,} | {size_mb:.0f} Mo | {statistics.median(timings):.2f} s | "
        f"{min(timings):.2f} s | {statistics.median(cpu):.1f} s | "
        f"{len(summary.person_weeks):,} | {peak_rss_mb():.0f} "
        f"(avant : {rss_before:.0f}) |".replace(",", " ")
    )
    print("requêtes SQL : 0 (l'agrégation ne touche pas la base)")
    print(f"charge de la machine (load average 1 min) : {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
