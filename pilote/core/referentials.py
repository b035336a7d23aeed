"""Referentials: the YAML files a module ships (``<app>/referentials/``), read one way.

Each file has its schema beside it (``crcn.yaml`` → ``crcn.schema.yaml``, JSON Schema written
in YAML), but for the kinds every module ships (:data:`SHARED`: ``indicateurs.yaml``), whose
one schema core keeps (``core/referentials/indicateurs.schema.yaml``). :func:`load` reads the
file, checks it against its schema and keeps the result; a file that does not match raises
:class:`ReferentialError`, whose message names the file, the line and the field
(« pilote/skills/referentials/crcn.yaml, ligne 12, champ « domains.0.color » : valeur
obligatoire »). The system check :func:`check_referentials` reads every file the modules
declare (``PiloteModule.referentials``) when Pilote starts, so a mistake in a referential stops
``pilote check``, the test suite and the deployment, not a page at three in the morning.
"""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.core.checks import Error, register

from .modules import pilote_modules


class ReferentialError(ValueError):
    """A referential that cannot be read or does not match its schema."""


def folder_of(app_label: str) -> Path:
    from django.apps import apps

    return Path(apps.get_app_config(app_label).path) / "referentials"


def load(app_label: str, filename: str):
    """The content of ``<app>/referentials/<filename>``, checked against its schema (each
    module keeps what it builds from it)."""
    return read(folder_of(app_label) / filename)


# Referentials every module may ship, all checked against one schema kept by core.
SHARED = ("indicateurs.yaml",)


def schema_path(path: Path) -> Path:
    """The schema beside the file, or core's for a referential of :data:`SHARED`."""
    name = path.name.removesuffix(".yaml") + ".schema.yaml"
    if path.name in SHARED:
        return Path(__file__).with_name("referentials") / name
    return path.with_name(name)


def read(path: Path, schema: Path | None = None):
    """Read ``path`` and check it against ``schema`` (by default the schema beside it: a
    copy of a referential elsewhere, in a test, names its original's schema)."""
    text = path.read_text(encoding="utf-8")
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 1}" if mark else ""
        raise ReferentialError(f"{_shown(path)}{where} : YAML illisible ({exc})") from None
    rules = yaml.safe_load((schema or schema_path(path)).read_text(encoding="utf-8"))
    errors = sorted(_validator(rules).iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        error = errors[0]
        field = ".".join(str(part) for part in error.path) or "(le fichier entier)"
        line = _line_of(tree, list(error.path))
        raise ReferentialError(
            f"{_shown(path)}, ligne {line}, champ « {field} » : {_french(error)}"
        )
    return data


@register()
def check_referentials(app_configs=None, **kwargs) -> list[Error]:
    """Every referential the modules declare exists, has a schema and matches it."""
    errors = []
    for module in pilote_modules():
        for filename in module.referentials:
            path = Path(module.path) / "referentials" / filename
            try:
                read(path)
            except (OSError, ReferentialError) as exc:
                errors.append(Error(str(exc), id="pilote.E110"))
    return errors


def _validator(schema: dict):
    """JSON Schema (draft 2020-12) that also knows YAML's dates: ``type: date``."""
    from jsonschema import Draft202012Validator, validators

    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "date", lambda _checker, value: isinstance(value, datetime.date)
    )
    return validators.extend(Draft202012Validator, type_checker=checker)(schema)


def _line_of(node, path: list) -> int:
    """The line (from 1) of the value at ``path`` in the composed YAML tree, or of the
    deepest part of it that exists (a missing key: the line of the mapping that lacks it)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


TYPES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "une table de champs",
    "date": "une date (AAAA-MM-JJ)",
}


def _french(error) -> str:
    """jsonschema's English message, said in French for the usual cases."""
    kind, value = error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in value if name not in (error.instance or {})]
        return f"champ obligatoire manquant : {', '.join(missing)}"
    if kind == "type":
        expected = value if isinstance(value, list) else [value]
        return f"{' ou '.join(TYPES.get(t, t) for t in expected)} attendu, lu : {error.instance!r}"
    if kind == "enum":
        return f"valeur inconnue {error.instance!r} (possibles : {', '.join(map(str, value))})"
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - known)
        return f"champ inconnu : {', '.join(extra)}"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"au moins {value} attendu, lu : {error.instance!r}"
    if kind == "pattern":
        return f"forme attendue {value}, lu : {error.instance!r}"
    if kind == "minItems":
        return f"au moins {value} élément(s) attendu(s)"
    if kind == "uniqueItems":
        return "éléments en double"
    return error.message


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path(settings.BASE_DIR).parent))
    except ValueError:
        return str(path)
