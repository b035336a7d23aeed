"""What the Pix importers share: locating errors, reading a row, checking the organisation,
writing what the pupil matching found and reporting how the rows were tied to SIECLE pupils."""

from collections.abc import Callable
from datetime import date

from pilote.core.files import normalize_label
from pilote.core.importing import ParsedFile, refuse_unknown_people
from pilote.schooldata.matching import Match, PupilMatcher

from ..choices import MatchStatus
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


def report_pupil_matching(
    parsed: ParsedFile, school, directory: PupilMatcher, what: str, *, with_notes: bool = False
) -> None:
    """Say how the file's ``what`` (« participants », « candidats ») were tied to pupils.

    A file none of whom the school knows is refused (core's refuse_unknown_people); a school
    without SIECLE pupils gets one warning instead of one per line; otherwise each line not tied
    or ambiguous is warned about, and with ``with_notes`` each line tied with a note too (a
    pupil found in another division), so that every Pix file reports its lines the same way.
    """
    records = parsed.records
    refuse_unknown_people(
        parsed,
        school,
        known=not directory.is_empty,
        matched=sum(1 for r in records if r.values["match_status"] != MatchStatus.UNMATCHED),
        total=len(records),
        what=what,
    )
    if parsed.errors:
        return
    if directory.is_empty:
        parsed.warn(
            f"aucun élève SIECLE n'est encore importé : les {what} ne peuvent pas être "
            "rattachés à leur division. Importez SIECLE puis réimportez ce fichier."
        )
        return
    for record in records:
        status = record.values["match_status"]
        location = f"ligne {record.line}"
        if status == MatchStatus.UNMATCHED:
            parsed.warn(f"{record.label} : aucun élève correspondant dans SIECLE.", location)
        elif status == MatchStatus.AMBIGUOUS:
            parsed.warn(f"{record.label} : {record.note}, rattachement impossible.", location)
        elif with_notes and record.note:
            parsed.warn(f"{record.label} : {record.note}.", location)
