"""Settings of the test suite (``DJANGO_SETTINGS_MODULE`` in ``pyproject.toml``).

Stricter than production where strictness finds bugs: a template that reads a variable that
does not exist raises instead of printing nothing. Faster where speed costs nothing: MD5
password hashing.
"""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSECURE_SECRET_KEY, TEMPLATES, VAR_DIR

SECRET_KEY = INSECURE_SECRET_KEY

# Tasks run at once, in the test, when their transaction commits (tests that need a real
# worker start ``pilote worker`` on the database queue: tests/core/test_worker.py).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# SQLite tests run on a file, not in memory, so that a worker started by a test (another
# process) reads the same database; one file per test run, so two runs never share one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-pilote-{os.getpid()}.sqlite3")}

# The suite is one process: a cache in memory, emptied before each test (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tests that are about the second factor turn it on (tests/core/test_twofactor.py).
PILOTE_2FA_REQUIRED = False

# Fast hashing keeps the suite quick; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class UnknownTemplateVariable(str):
    """``string_if_invalid`` that fails the test instead of rendering an empty string.

    Django formats it with the variable's name when it contains ``%s``; raising there turns a
    typo in a template (or a context the view forgot) into a failing test.
    """

    def __mod__(self, name):
        from django.template import TemplateSyntaxError

        raise TemplateSyntaxError(f"Variable inconnue dans un gabarit : {name}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UnknownTemplateVariable("%s")
