"""The ``pilote`` console script: Django's management commands with Pilote's settings.

Production settings unless ``pilote demo`` or ``PILOTE_DEBUG=1`` asks for development ones
(an explicit ``DJANGO_SETTINGS_MODULE`` wins). ``pilote demo`` works on its own database
(``var/demo.sqlite3``), so it sets ``PILOTE_DEMO`` before Django reads the settings.

``pilote help`` (or ``pilote`` alone) answers without starting Django: listing the commands
only needs the installed apps' ``management/commands`` folders, not their models, so it does
not pay the second or so that loading every model takes (``tests/core/test_startup.py``).
"""

import ast
import importlib
import importlib.util
import os
import pkgutil
import sys
from collections import defaultdict

HELP_ARGUMENTS = ([], ["help"], ["--help"], ["-h"])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        os.environ["PILOTE_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    if argv[1:] in HELP_ARGUMENTS:
        text = main_help_text(os.path.basename(argv[0]))
        if text is not None:
            print(text)
            return
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


def main_help_text(prog_name: str) -> str | None:
    """Django's own list of commands (``ManagementUtility.main_help_text``), found without
    ``django.setup()``; ``None`` when the settings cannot be read, so that Django says why."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        installed = list(settings.INSTALLED_APPS)
    except ImproperlyConfigured:
        return None
    commands = command_apps(installed)
    by_app = defaultdict(list)
    for name, app in commands.items():
        by_app["django" if app == "django.core" else app.rpartition(".")[-1]].append(name)
    notice = _notice_style()
    lines = [
        "",
        f"Type '{prog_name} help <subcommand>' for help on a specific subcommand.",
        "",
        "Available subcommands:",
    ]
    for app in sorted(by_app):
        lines += ["", notice(f"[{app}]")]
        lines += [f"    {name}" for name in sorted(by_app[app])]
    return "\n".join(lines)


def command_apps(installed: list[str]) -> dict[str, str]:
    """``{command: app name}`` as Django's ``get_commands`` finds it: Django's own commands,
    then each installed app's, the first app listed winning a name two apps share."""
    commands = dict.fromkeys(_commands_in("django.core"), "django.core")
    for entry in reversed(installed):
        app = _app_name(entry)
        commands.update(dict.fromkeys(_commands_in(app), app))
    return commands


def _app_name(entry: str) -> str:
    """The app package of an ``INSTALLED_APPS`` entry: a package, or an ``AppConfig`` path."""
    if _package_folder(entry) is not None:
        return entry
    module, _, class_name = entry.rpartition(".")
    return (
        _declared_name(module, class_name)
        or getattr(importlib.import_module(module), class_name).name
    )


def _declared_name(module: str, class_name: str) -> str | None:
    """``name = "…"`` as written in the class body of an ``AppConfig``, read from its source:
    importing ``pilote.core.apps`` would import all of ``django.contrib.admin``."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    with open(spec.origin, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and [getattr(target, "id", None) for target in statement.targets] == ["name"]
                    and isinstance(statement.value, ast.Constant)
                ):
                    return statement.value.value
    return None


def _package_folder(name: str) -> str | None:
    """The folder of package ``name``, found without running its parents' ``__init__``
    (``find_spec("django_otp.plugins.otp_totp")`` would import ``django_otp``)."""
    top, *parts = name.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = spec.submodule_search_locations[0]
    for part in parts:
        folder = os.path.join(folder, part)
        if not os.path.isfile(os.path.join(folder, "__init__.py")):
            return None
    return folder


def _commands_in(package: str) -> list[str]:
    folder = _package_folder(package)
    if folder is None:
        return []
    folder = os.path.join(folder, "management", "commands")
    return [
        name
        for _, name, is_package in pkgutil.iter_modules([folder])
        if not is_package and not name.startswith("_")
    ]


def _notice_style():
    """Django's NOTICE style (``color_style``) without importing ``django.core.management``:
    coloured on a terminal, as ``DJANGO_COLORS`` says, plain otherwise."""
    from django.utils import termcolors

    palette = None
    if sys.stdout.isatty() and "NO_COLOR" not in os.environ:
        palette = termcolors.parse_color_setting(os.environ.get("DJANGO_COLORS", ""))
    if not palette or not palette.get("NOTICE"):
        return str
    return termcolors.make_style(**palette["NOTICE"])


if __name__ == "__main__":
    main()
