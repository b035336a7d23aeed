"""Benchmark: ``pilote import connexions FILE --school UAI --apply`` on a 10-million-line log,
the whole command (start of Python, Django, the streamed aggregation with Polars, the
comparison with the database, the writes with their history rows, the journal).

Budget (DESIGN.md, issue #13): < 15 s and < 2 GB of memory, end to end. The log is
generated here (seeded, about 420 MB, under ``var/bench-usage/``, reused when present); the
database is SQLite (``var/bench-connexions-import.sqlite3``) or ``$DATABASE_URL``. The command
runs twice in a child process: first import (every person-week created), then the same file
again (nothing changes). Time is wall-clock, memory is the child's peak resident size.

    uv run python benchmarks/usage_connexions_import.py [lines]
"""

import os
import sys
import time
from pathlib import Path

from harness import ROOT, database_label, setup
from usage_connexions import FOLDER, generate


def run_command(path: Path, uai: str, env: dict) -> tuple[float, float, float, str]:
    """Wall time (s), CPU time (s), peak RSS (MB) and last output line of the command."""
    command = [
        sys.executable,
        "-c",
        "from pilote.cli import main; main()",
        "import",
        "connexions",
        str(path),
        "--school",
        uai,
        "--apply",
    ]
    out = FOLDER / "import.out"
    began = time.perf_counter()
    with out.open("wb") as handle:
        pid = os.posix_spawn(sys.executable, command, env, file_actions=_redirect(handle))
        _pid, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - began
    text = out.read_text(errors="replace").strip().splitlines()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("\n".join(text[-20:]))
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, text[-1] if text else ""


def _redirect(handle):
    return [
        (os.POSIX_SPAWN_DUP2, handle.fileno(), 1),
        (os.POSIX_SPAWN_DUP2, handle.fileno(), 2),
    ]


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"connexions-{lines}.csv"
    if not path.exists():
        began = time.perf_counter()
        generate(path, lines)
        print(f"journal généré : {path} ({time.perf_counter() - began:.1f} s)")
    setup("connexions-import")

    from pilote.core.choices import CollectiviteKind, SchoolType
    from pilote.core.models import Academie, Collectivite, School
    from pilote.usage.models import ConnectionWeek

    academie = Academie.objects.create(code="99", name="Banc d'essai")
    region = Collectivite.objects.create(kind=CollectiviteKind.REGION, code="99", name="Banc")
    school = School.objects.create(
        uai="0449902Z",
        name="Lycée du banc",
        type=SchoolType.LGT,
        academie=academie,
        collectivite=region,
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PILOTE_LOG_LEVEL": os.environ.get("PILOTE_LOG_LEVEL", "WARNING"),
    }
    size_mb = path.stat().st_size / 1024 / 1024
    print(
        f"base : {database_label()}, fichier : {lines:,} lignes, {size_mb:.0f} Mo".replace(",", " ")
    )
    print("| passage | durée (commande entière) | CPU | RSS max du processus | résultat |")
    print("|---|---|---|---|---|")
    for label in ("premier import", "même fichier réimporté"):
        elapsed, cpu, rss, last = run_command(path, school.uai, env)
        print(f"| {label} | {elapsed:.1f} s | {cpu:.1f} s | {rss:.0f} Mo | {last} |")
    weeks = ConnectionWeek.objects.filter(school=school).count()
    history = ConnectionWeek.history.filter(school=school).count()
    print(
        f"semaines de connexion en base : {weeks:,}, lignes d'historique : {history:,}".replace(
            ",", " "
        )
    )
    print(f"charge de la machine (load average 1 min) : {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
