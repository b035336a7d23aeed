"""Shared machinery of the benchmark scripts: a throw-away database, timed requests, a table.

Each script calls :func:`setup` before importing Pilote's models, builds its data, then measures
pages with :func:`measure` (median and p95 server time through Django's test client, which runs
the whole request — middleware, views, templates, SQL — without a network in between, and the
SQL query count of one request).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(name: str, *, reset: bool = True) -> None:
    """Configure Django on ``var/bench-<name>.sqlite3`` (or ``$DATABASE_URL``) and migrate."""
    sys.path.insert(0, str(ROOT))
    # Development settings: the same pages, without collected static files or HTTPS redirect.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilote.settings.development")
    os.environ.setdefault("PILOTE_SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("PILOTE_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    if "DATABASE_URL" not in os.environ:
        path = ROOT / "var" / f"bench-{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        if reset:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command

    if reset and os.environ["DATABASE_URL"].startswith("postgres"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", interactive=False, verbosity=0)


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def measure(client, url: str, *, runs: int = 30, warmup: int = 3, cold: bool = False) -> dict:
    """Median and p95 of the server time of ``GET url`` in ms, and its SQL query count.

    With ``cold``, the cache is emptied before each request (nothing precomputed)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} → HTTP {response.status_code}")
    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "url": url + (" (sans cache)" if cold else ""),
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        "queries": len(queries),
    }


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def print_table(title: str, rows: list[dict], columns: list[str]) -> None:
    print(f"\n{title} ({database_label()})")
    widths = [max(len(c), *(len(_fmt(r[c])) for r in rows)) for c in columns]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(_fmt(row[c]).ljust(w) for c, w in zip(columns, widths, strict=True)))


def _fmt(value) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)
