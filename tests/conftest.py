"""Shared fixtures and the rules for optional backends.

PostgreSQL and Chromium tests skip, saying why, on a machine without them; with ``CI`` set
they are mandatory and fail instead.
"""

import os
import shutil

import pytest
from django.db import connection

from tests.core.factories import DemoWorld, build_world

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (obligatoire en CI)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
