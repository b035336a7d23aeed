"""What the Pix importers share: locating errors, reading a row, checking the organisation,
writing what the pupil matching found."""

from collections.abc import Callable
from datetime import date

from pilote.core.files import normalize_label
from pilote.core.importing import ParsedFile
from pilote.schooldata.matching import Match

from ..pixcsv import clean_text

# Words that say what kind of school it is, not which one.
GENERIC_WORDS = {
    "college",
    "clg",
    "lycee",
    "lyc",
    "lgt",
    "lp",
    "lpo",
    "polyvalent",
    "professionnel",
    "general",
    "technologique",
    "et",
    "erea",
    "de",
    "des",
    "du",
    "d",
    "la",
    "le",
    "les",
    "l",
    "public",
    "prive",
}

# What the pupil matching sets on a Pix line (a participation, a certification result).
MATCH_FIELDS = ("pupil_id", "division_id", "match_status")


def match_values(match: Match) -> dict:
    """The :data:`MATCH_FIELDS` of a line, from what the matching found (or did not)."""
    return {
        "pupil_id": match.pupil_id,
        "division_id": match.division_id,
        "match_status": match.status,
    }


def significant_words(name: str) -> set[str]:
    return set(normalize_label(name).split()) - GENERIC_WORDS


def organisation_matches(organisation_name: str, school) -> bool:
    """Whether a Pix organisation's name designates this school.

    Pix names organisations after the directory (``CLG LES SALORGES - NANTES``), Pilote after
    what the school chose (``Collège des Salorges``): the school's own words must all appear
    in the organisation's name, its UAI being accepted too.
    """
    if not organisation_name:
        return True
    if school.uai.lower() in normalize_label(organisation_name).split():
        return True
    words = significant_words(school.name)
    return bool(words) and words <= significant_words(organisation_name)


class RowReader:
    """Parse a row's cells, recording each failure as an error located by line and column."""

    def __init__(self, parsed: ParsedFile, headers: list[str], line: int, row: list[str]):
        self.parsed = parsed
        self.headers = headers
        self.line = line
        self.row = row
        self.failed = False

    def raw(self, index: int | None) -> str:
        if index is None or index >= len(self.row):
            return ""
        return clean_text(self.row[index])

    def read(self, index: int | None, parser: Callable):
        if index is None:
            return None
        try:
            return parser(self.raw(index))
        except ValueError as exc:
            self.failed = True
            self.parsed.error(f"{exc}.", self.location(index))
            return None

    def location(self, index: int | None = None) -> str:
        if index is None:
            return f"ligne {self.line}"
        return f"ligne {self.line}, colonne « {clean_text(self.headers[index])} »"


def describe_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "date inconnue"
