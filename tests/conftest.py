"""Shared fixtures and the rules for optional backends.

PostgreSQL and Chromium tests skip, saying why, on a machine without them; with ``CI`` set
they are mandatory and fail instead.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.test import Client, TestCase
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.core.factories import DemoWorld, build_world

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Two cores run the xdist workers, PostgreSQL and a browser together: how long Hypothesis takes
# to make or run one example says more about that load than about the code (a property test of
# working days failed once on « input generation is slow »). Its examples still all run.
hypothesis_settings.register_profile(
    "pilote", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("pilote")
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-results"
# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _flush_lifts_the_journal_protection() -> None:
    """Between transactional tests (live server, concurrency) Django empties every table;
    the journal refuses DELETE and TRUNCATE, so the test flush lifts its protection for the
    time of the flush and restores it in the same transaction. Only the test suite does so."""
    from django.db.backends.postgresql.base import DatabaseOperations as PostgresOps
    from django.db.backends.sqlite3.base import DatabaseOperations as SqliteOps

    from pilote.core.journal_protection import protect_sql, unprotect_sql

    for operations, vendor in ((SqliteOps, "sqlite"), (PostgresOps, "postgresql")):
        original = operations.sql_flush

        def sql_flush(self, style, tables, *, _original=original, _vendor=vendor, **kwargs):
            statements = _original(self, style, tables, **kwargs)
            if not statements or "core_journalentry" not in tables:
                return statements
            return [*unprotect_sql(_vendor), *statements, *protect_sql(_vendor)]

        operations.sql_flush = sql_flush


_flush_lifts_the_journal_protection()


@receiver(setting_changed)
def _reset_task_backends(setting, **kwargs):
    """Django forgets changed database and cache settings, not task ones: do it for tasks."""
    if setting == "TASKS":
        from asgiref.local import Local
        from django.tasks import task_backends

        task_backends.__dict__.pop("settings", None)
        task_backends._connections = Local(task_backends.thread_critical)


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (obligatoire en CI)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached indicators, charts)."""
    from django.core.cache import cache

    cache.clear()


class CommittingClient(Client):
    """Django's test client whose requests end as real ones do.

    In production a request's writes are committed before its response leaves, and what waits
    for the commit (mail, background tasks) runs then. Inside a test's transaction nothing
    commits; this client runs those callbacks at the end of each request instead."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client() -> CommittingClient:
    return CommittingClient()


@pytest.fixture
def world(db) -> DemoWorld:
    """Two schools in two collectivités of one académie, with one member per useful role."""
    return build_world()


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("test réservé à PostgreSQL (lancez la suite avec DATABASE_URL=postgres://…)")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM) or IN_CI:
        return
    skip = pytest.mark.skip(reason=f"Chromium absent ({CHROMIUM}) : tests navigateur ignorés")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_sessionstart(session):
    url = os.environ.get("DATABASE_URL", "")
    if IN_CI and url.startswith("postgres"):
        import psycopg

        try:
            psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=5).close()
        except psycopg.OperationalError as exc:
            raise pytest.UsageError(f"PostgreSQL injoignable en CI : {exc}") from exc


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}, "locale": "fr-FR"}


def serious_violations(page) -> list[dict]:
    """The axe-core violations of level serious or critical on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]


def describe_violation(violation: dict) -> str:
    """A violation in one line: its rule, impact and help, the elements (five at most)."""
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    return (
        f"{violation['id']} ({violation['impact']}) : {violation['help']} — "
        f"{len(targets)} élément(s) : {', '.join(targets[:5])}"
    )


class BrowserSession:
    """A logged-in person driving Pilote in Chromium, with accessibility checks."""

    PASSWORD = "motdepasse-solide-2026"

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def login(self, user) -> None:
        self.goto("/connexion/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", self.PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()

    def assert_accessible(self) -> None:
        """No serious or critical axe-core violation on the current page."""
        serious = serious_violations(self.page)
        assert not serious, "\n".join(describe_violation(v) for v in serious)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def browser_session(page, live_server) -> BrowserSession:
    return BrowserSession(page, live_server.url)
