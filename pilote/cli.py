"""The ``pilote`` console script: Django's management commands with Pilote's settings.

Production settings unless ``pilote demo`` or ``PILOTE_DEBUG=1`` asks for development ones
(an explicit ``DJANGO_SETTINGS_MODULE`` wins). ``pilote demo`` works on its own database
(``var/demo.sqlite3``), so it sets ``PILOTE_DEMO`` before Django reads the settings.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        os.environ["PILOTE_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        # A setting to give (PILOTE_SECRET_KEY…): one French line that says which, no traceback.
        sys.exit(f"pilote : {exc}")


def settings_module() -> str:
    """Development settings for the demo and for ``PILOTE_DEBUG=1``, production otherwise."""
    flags = (os.environ.get(name, "").strip().lower() for name in ("PILOTE_DEMO", "PILOTE_DEBUG"))
    if any(flag in {"1", "true", "yes", "on", "oui"} for flag in flags):
        return "pilote.settings.development"
    return "pilote.settings.production"


if __name__ == "__main__":
    main()
