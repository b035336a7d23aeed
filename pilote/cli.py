"""The ``pilote`` console script: Django's management commands with Pilote's settings.

``pilote demo`` works on its own database (``var/demo.sqlite3``), so it sets ``PILOTE_DEMO``
before Django reads the settings.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        os.environ["PILOTE_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilote.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
