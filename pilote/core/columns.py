"""The columns of a tabular export, declared once and reported always.

Every program that feeds Pilote renames its columns from one version to the next (Pix Orga's
« Date de début » became « Date et heure de début (Europe/Paris) », Edifice writes « Id Siecle »
where its own template says « Identifiant SIECLE », GLPI prefixes a column with its group).
An importer therefore declares, per field, every header it accepts, whether the field is
required, and how its cells are read; :meth:`Columns.bind` finds them in a file's header row,
refuses the file when a required one is absent, and reports every column of the file — the
field it fills or « ignorée » — plus the optional fields the file lacks. A column that is
ignored but looks like a known field gets a warning: a renamed column is then noticed on the
first import instead of silently emptying a field.

The parsers here are the ones every French export needs (dates, date-times in Paris time,
numbers with ``,`` or ``.`` decimals such as ``455.0``, GLPI's ``''`` for ``"``); each raises
:class:`ValueError` with a French message, which :meth:`BoundColumns.read` locates by line and
column.
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from .files import FileRefused, normalize_label

PARIS = ZoneInfo("Europe/Paris")
# « (Europe/Paris) », « (UTC) », « (heure de Paris) » at the end of a header.
TIME_ZONE_SUFFIX = re.compile(
    r"\(\s*(?:[A-Za-z]+/[A-Za-z_]+|UTC|GMT|heure de paris|heure locale)[^)]*\)\s*$",
    re.IGNORECASE,
)
LOOKALIKE_RATIO = 0.8
MISSING_VALUES = {"", "na", "n/a", "-", "—"}


def header_key(header: str) -> str:
    """A header as compared: no case, accents, punctuation, spacing or time-zone suffix."""
    return normalize_label(TIME_ZONE_SUFFIX.sub("", str(header or "").lstrip("\ufeff")))


@dataclass(frozen=True)
class Column:
    """One field of an export: its accepted headers (first = the name shown), its parser."""

    field: str
    headers: tuple[str, ...]
    required: bool = False
    parser: Callable | None = None
    label: str = ""

    @property
    def shown(self) -> str:
        return self.label or self.headers[0]


class Columns:
    """The declared columns of one export format."""

    def __init__(self, *columns: Column):
        self.columns = {column.field: column for column in columns}
        self.by_key: dict[str, str] = {}
        for column in columns:
            for header in column.headers:
                self.by_key.setdefault(header_key(header), column.field)

    def __getitem__(self, name: str) -> Column:
        return self.columns[name]

    def __iter__(self):
        return iter(self.columns.values())

    def bind(
        self,
        headers: list[str],
        *,
        filename: str = "le fichier",
        what: str = "l'export attendu",
        required: tuple[str, ...] | None = None,
    ) -> "BoundColumns":
        """Find each field in ``headers``; refuse the file when a required field is absent.

        ``required`` overrides the declared required fields (one format, several variants).
        """
        bound = BoundColumns(self, list(headers))
        for index, header in enumerate(headers):
            name = self.by_key.get(header_key(header))
            if name is not None and name not in bound.index:
                bound.index[name] = index
                bound.fields[index] = name
        wanted = required if required is not None else tuple(c.field for c in self if c.required)
        missing = [self.columns[name].shown for name in wanted if name not in bound.index]
        if missing:
            raise FileRefused(
                f"{filename} n'est pas {what} : colonne{'s' if len(missing) > 1 else ''} "
                f"absente{'s' if len(missing) > 1 else ''} : {quoted(missing)}."
            )
        return bound


@dataclass
class BoundColumns:
    """Where each declared field is in one file, and what became of each of its columns."""

    columns: Columns
    headers: list[str]
    index: dict[str, int] = field(default_factory=dict)
    # column position → field it fills, for columns an importer claims by other means too.
    fields: dict[int, str] = field(default_factory=dict)
    # column position → French name of a claimed field that is not declared.
    labels: dict[int, str] = field(default_factory=dict)

    @classmethod
    def at(cls, columns: Columns, headers: list[str], index: dict[str, int]) -> "BoundColumns":
        """Columns found another way (a school's saved mapping), reported the same way."""
        return cls(columns, list(headers), dict(index), {pos: name for name, pos in index.items()})

    def __contains__(self, name: str) -> bool:
        return name in self.index

    def claim(self, position: int, name: str, label: str = "") -> None:
        """Mark a column found by the importer itself (per-competence columns…)."""
        self.fields[position] = name
        self.labels[position] = label or name

    def text(self, row: list[str], name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(row):
            return ""
        return row[position].strip()

    def read(self, row: list[str], name: str, *, line: int, errors: list | None = None):
        """The parsed cell (``None`` when the column is absent); a bad cell raises
        :class:`CellError` located by line and column."""
        column = self.columns[name]
        if name not in self.index:
            return None
        raw = self.text(row, name)
        if column.parser is None:
            return raw
        try:
            return column.parser(raw)
        except ValueError as exc:
            raise CellError(str(exc), self.location(line, name)) from None

    def location(self, line: int, name: str | None = None) -> str:
        if name is None or name not in self.index:
            return f"ligne {line}"
        return f"ligne {line}, colonne « {self.headers[self.index[name]].strip()} »"

    # --- the report ----------------------------------------------------------------------

    def report(self) -> list[dict]:
        """Every column of the file, in order: ``{"header", "field", "label"}`` (``field``
        ``None``: ignored; ``label``: the field's French name).

        A column with an empty header and no field (GLPI 10's trailing delimiter) is left out.
        """
        return [
            {
                "header": header.strip(),
                "field": self.fields.get(position),
                "label": self.label_of(position),
            }
            for position, header in enumerate(self.headers)
            if header.strip() or position in self.fields
        ]

    def label_of(self, position: int) -> str:
        name = self.fields.get(position)
        if name is None:
            return ""
        if name in self.columns.columns:
            return self.columns[name].shown
        return self.labels.get(position, name)

    def missing_optional(self) -> list[str]:
        return [c.shown for c in self.columns if not c.required and c.field not in self.index]

    def warnings(self) -> list[str]:
        """An ignored column that looks like a declared, unfound field is probably a rename."""
        messages = []
        unfound = [c for c in self.columns if c.field not in self.index]
        for position, header in enumerate(self.headers):
            if position in self.fields or not header.strip():
                continue
            for column in unfound:
                if any(_looks_alike(header, known) for known in column.headers):
                    messages.append(
                        f"la colonne « {header.strip()} » est ignorée alors qu'elle ressemble à "
                        f"« {column.shown} » : ce champ restera vide. Si l'export a renommé "
                        "cette colonne, signalez-le."
                    )
                    break
        return messages

    def describe(self, parsed) -> None:
        """Put the report into a :class:`~pilote.core.importing.ParsedFile`."""
        parsed.columns = self.report()
        parsed.missing_fields = self.missing_optional()
        for message in self.warnings():
            parsed.warn(message)


def _looks_alike(header: str, known: str) -> bool:
    """Same words give or take a few letters, or one holding the other; GLPI's group prefix
    (« Informations financières… - ») is left out of the comparison of letters."""
    key, known_key = header_key(header), header_key(known)
    if not key or not known_key:
        return False
    if len(known_key) >= 6 and len(key) >= 6 and (known_key in key or key in known_key):
        return True
    tail, known_tail = (header_key(text.rsplit(" - ", 1)[-1]) for text in (header, known))
    return difflib.SequenceMatcher(None, tail, known_tail).ratio() >= LOOKALIKE_RATIO


class CellError(ValueError):
    """A cell that cannot be read; ``location`` says line and column."""

    def __init__(self, message: str, location: str):
        super().__init__(message)
        self.location = location


def quoted(labels) -> str:
    """« Nom », « Prénom » : headers named the way every refusal of a file names them."""
    return ", ".join(f"« {label} »" for label in labels)


# --- parsers -----------------------------------------------------------------------------


def is_missing(value: str) -> bool:
    return (value or "").strip().lower() in MISSING_VALUES


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")
DATETIME_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    *DATE_FORMATS,
)


def parse_french_datetime(
    value: str, formats: tuple[str, ...] = DATETIME_FORMATS, hint: str = "jj/mm/aaaa hh:mm"
) -> datetime | None:
    """A date-time as French exports write it, read in Paris time unless it says its zone.

    ISO 8601 first, then ``formats``; a source that knows its own writers narrows them (Pix
    Orga, whose exports are refused rather than guessed outside them), and says in ``hint``
    the form its message shows.
    """
    if is_missing(value):
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        for pattern in formats:
            try:
                parsed = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if parsed is None:
        raise ValueError(f"« {value} » n'est pas une date lisible ({hint})")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)


def parse_french_date(value: str) -> date | None:
    """A date (``04/03/2013``, ``2013-03-04``…); a date-time keeps its day in Paris."""
    if is_missing(value):
        return None
    text = value.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    try:
        return parse_french_datetime(text).astimezone(PARIS).date()
    except ValueError:
        raise ValueError(f"« {value} » n'est pas une date lisible (jj/mm/aaaa)") from None


def parse_decimal(value: str) -> Decimal | None:
    """``1 234,50``, ``455.0``, ``12 €``: a number whatever the decimal mark."""
    if is_missing(value):
        return None
    text = re.sub(r"[\s\u00a0\u202f€]", "", value)
    if text.count(",") == 1 and "." in text:  # 1.234,50
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"« {value} » n'est pas un nombre") from None
    if not number.is_finite():
        raise ValueError(f"« {value} » n'est pas un nombre")
    return number


def parse_count(value: str) -> int | None:
    """A whole non-negative number, ``455.0`` included (spreadsheets write counts so)."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"« {value} » n'est pas un nombre entier positif")
    return int(number)


def unquote_glpi(value: str) -> str:
    """GLPI 10 writes a ``"`` inside a value as ``''``."""
    return (value or "").replace("''", '"').strip()
