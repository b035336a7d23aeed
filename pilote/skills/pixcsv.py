"""Reading Pix Orga's CSV exports (FORMATS.md §3): values and headers.

Pix writes ``;``-separated UTF-8 with a BOM, numbers with a decimal comma, fractions (0–1)
rather than percentages, ``NA`` for what is not known (a participation not shared), ``Oui`` /
``Non`` for yes and no, and prefixes with ``'`` any text starting with ``-``, ``@``, ``=`` or
``+`` (its guard against spreadsheet formulas). Headers changed across versions and per-competence
headers end with the competence's title, so columns are found by normalised label or by prefix,
never by position. Every parser raises :class:`ValueError` with a French message; the importer
locates it (line and column).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from pilote.core.columns import MISSING_VALUES as MISSING
from pilote.core.columns import (
    BoundColumns,
    Column,
    header_key,
    is_missing,
    parse_french_datetime,
)
from pilote.core.columns import Columns as DeclaredColumns
from pilote.core.files import normalize_label

from .referential import crcn

PARIS = ZoneInfo("Europe/Paris")
YES = {"oui", "o", "yes", "true", "vrai", "1"}
NO = {"non", "n", "no", "false", "faux", "0"}
FORMULA_GUARD = re.compile(r"^'(?=[-@=+])")


def clean_text(value: str) -> str:
    """The text as the person typed it: without Pix's formula guard and outer spaces."""
    return FORMULA_GUARD.sub("", (value or "").strip())


def parse_decimal(value: str) -> Decimal | None:
    if is_missing(value):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"« {value} » n'est pas un nombre") from None
    if not number.is_finite():
        raise ValueError(f"« {value} » n'est pas un nombre")
    return number


def parse_fraction(value: str) -> Decimal | None:
    """A share between 0 and 1 (``0,67``); a percentage (``67``) is refused, not guessed."""
    number = parse_decimal(value)
    if number is None:
        return None
    if not 0 <= number <= 1:
        raise ValueError(f"« {value} » n'est pas une fraction entre 0 et 1")
    return number.quantize(Decimal("0.001"))


def parse_int(value: str) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"« {value} » n'est pas un nombre entier positif")
    return int(number)


def parse_yes_no(value: str) -> bool | None:
    text = (value or "").strip().lower()
    if text in MISSING:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"« {value} » n'est ni « Oui » ni « Non »")


DATETIME_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d",
    "%d-%m-%Y",
)


def parse_datetime(value: str) -> datetime | None:
    """Dates as the successive Pix versions wrote them, read as Paris time unless zoned."""
    return parse_french_datetime(value, DATETIME_FORMATS, hint="jj/mm/aaaa")


def parse_date(value: str) -> date | None:
    moment = parse_datetime(value)
    return moment.date() if moment else None


# --- Headers ---------------------------------------------------------------------------------


@dataclass
class Columns:
    """Where each field is in a header row: fixed fields, then per-competence columns."""

    fixed: dict[str, int] = field(default_factory=dict)
    # competence code → {measure: column index}
    competences: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown_competences: list[str] = field(default_factory=list)
    stage_count: int | None = None
    external_id: int | None = None
    external_id_label: str = ""
    # position → (field, French label) for the columns found by pattern (stage, competences).
    claimed: dict[int, tuple[str, str]] = field(default_factory=dict)

    def cell(self, row: list[str], name: str) -> str:
        position = self.fixed.get(name)
        if position is None or position >= len(row):
            return ""
        return row[position]


def describe_columns(
    parsed, headers: list[str], fixed: dict[str, list[str]], found: Columns, expected
) -> None:
    """Report every column of a Pix export (core.columns), ``expected`` being the fields this
    kind of export should have."""
    # Marked « required » here only so that they are not listed as absent optional fields.
    declared = DeclaredColumns(
        *(
            Column(name, tuple(labels), required=name not in expected)
            for name, labels in fixed.items()
        )
    )
    bound = BoundColumns.at(declared, headers, found.fixed)
    for position, (name, label) in found.claimed.items():
        bound.claim(position, name, label)
    bound.describe(parsed)


MEASURE_LABELS = {
    "mastery": "maîtrise",
    "skills_total": "acquis du profil",
    "skills_validated": "acquis maîtrisés",
    "level": "niveau",
    "pix": "pix",
}


def _prefix_match(normalized: str, prefixes: dict[str, str]) -> tuple[str, str] | None:
    for measure, prefix in prefixes.items():
        key = normalize_label(prefix)
        if normalized.startswith(key + " "):
            return measure, normalized[len(key) + 1 :]
    return None


def missing_headers(columns: Columns, fixed: dict[str, list[str]], required) -> list[str]:
    """The usual header (the first of ``fixed``) of each ``required`` field not found: what a
    refusal of the file names."""
    return [fixed[name][0] for name in required if name not in columns.fixed]


def map_columns(
    headers: list[str],
    fixed: dict[str, list[str]],
    competence_prefixes: dict[str, str],
    *,
    ignored_prefixes: tuple[str, ...] = (),
    external_id_before: str | None = None,
    identity_end: tuple[str, ...] = ("first_name",),
) -> Columns:
    """Find the columns of an export whatever its version.

    ``fixed`` lists the labels of each field (old and new names); ``competence_prefixes`` the
    text that precedes a competence's title. The campaign's external-id column has a label
    chosen by whoever created the campaign: it is the unknown column just before
    ``external_id_before`` and after the participant's identity.
    """
    columns = Columns()
    normalized = [header_key(clean_text(h)) for h in headers]
    aliases = {header_key(label): name for name, labels in fixed.items() for label in labels}
    ignored = tuple(normalize_label(p) for p in ignored_prefixes)
    known: set[int] = set()
    for index, header in enumerate(normalized):
        if header in aliases and aliases[header] not in columns.fixed:
            columns.fixed[aliases[header]] = index
            known.add(index)
            continue
        stage = re.fullmatch(r"palier obtenu (\d+)", header)
        if stage:
            columns.fixed["stage"] = index
            columns.stage_count = int(stage.group(1))
            columns.claimed[index] = ("stage", "Palier obtenu")
            known.add(index)
            continue
        found = _prefix_match(header, competence_prefixes)
        if found:
            measure, title = found
            competence = crcn().competence_for(title)
            if competence is None:
                columns.unknown_competences.append(clean_text(headers[index]))
            else:
                columns.competences.setdefault(competence.code, {})[measure] = index
                columns.claimed[index] = (
                    f"competence {competence.code} {measure}",
                    f"Compétence {competence.code} ({MEASURE_LABELS.get(measure, measure)})",
                )
            known.add(index)
            continue
        if any(header.startswith(prefix) for prefix in ignored):
            known.add(index)
    if external_id_before and external_id_before in columns.fixed:
        candidate = columns.fixed[external_id_before] - 1
        identity = max((columns.fixed[n] for n in identity_end if n in columns.fixed), default=-1)
        if candidate > identity and candidate not in known:
            columns.external_id = candidate
            columns.external_id_label = clean_text(headers[candidate])
            columns.claimed[candidate] = ("external_id", "Identifiant externe")
    return columns
