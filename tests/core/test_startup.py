"""Start-up: a ``pilote`` call does not pay for libraries it does not use.

Polars, matplotlib, WeasyPrint, icalendar, Django REST framework… cost a second or more to
import; each is imported where it is used, and the modules' indicators, importers and API
viewsets when first asked for (``core.modules.discover``). ``pilote help`` does not even start
Django. Each check runs in a fresh interpreter: this one has long imported everything.
"""

import json
import subprocess
import sys
from pathlib import Path

from django.core.management import ManagementUtility

from pilote.cli import main_help_text

ROOT = Path(__file__).resolve().parents[2]
HEAVY = [
    "polars",
    "matplotlib",
    "weasyprint",
    "icalendar",
    "docx",
    "openpyxl",
    "rest_framework.serializers",
    "drf_spectacular.openapi",
]


def loaded_after(code: str) -> dict:
    """Run ``code`` in a new interpreter with production settings; what it then has loaded."""
    script = (
        "import json, sys\n"
        f"{code}\n"
        "from django.apps import apps\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'ready': apps.ready}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": "/tmp",
            "DJANGO_SETTINGS_MODULE": "pilote.settings.production",
            "PILOTE_SECRET_KEY": "k" * 60,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_help_lists_the_commands_without_starting_django():
    state = loaded_after("from pilote.cli import main\nmain(['pilote', 'help'])")
    assert state["ready"] is False
    loaded = set(state["modules"])
    assert not loaded & {*HEAVY, "django.db.models", "django.contrib.admin"}


def test_help_says_what_django_would_say():
    """Same list, same order, same apps as Django's own help once every app is loaded."""
    assert main_help_text("pilote") == ManagementUtility(["pilote", "help"]).main_help_text()
    assert "    indicateurs" in main_help_text("pilote")


def test_starting_django_imports_no_heavy_library():
    state = loaded_after("import django\ndjango.setup()")
    assert state["ready"] is True
    assert not set(state["modules"]) & set(HEAVY)
    pilote = [name for name in state["modules"] if name.startswith("pilote.")]
    assert not [name for name in pilote if name.endswith((".indicators", ".api", ".importers"))]


def test_indicators_and_importers_are_found_when_first_asked_for():
    state = loaded_after(
        "import django\ndjango.setup()\n"
        "from pilote.core.metrics import registry\n"
        "from pilote.core.importing import get_importer\n"
        "assert registry.by_code and get_importer('connexions')"
    )
    assert "pilote.usage.indicators" in state["modules"]
    assert "polars" not in state["modules"], "importer registered, Polars still not loaded"


def test_shell_starts_without_listing_historical_models_it_cannot_import(capsys):
    from django.core.management import call_command

    call_command("shell", command="print(Booking.__name__)", verbosity=1)
    out = capsys.readouterr().out
    assert "could not be automatically imported" not in out
    assert "objects imported automatically" in out and "Booking" in out
