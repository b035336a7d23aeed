"""Pix certification results by class (``pix-certification``), FORMATS.md §3.4.

Pix Orga names the file ``{date}_resultats_{division}.csv``. Candidates are keyed by their
certification number, so re-importing the file (or a later one after a jury decision)
updates them. A candidate is tied to a pupil by the external id (the INE in SCO), else by
name + first name + birth date, else by name + first name + the file's division.
"""

import re
from dataclasses import dataclass

from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.columns import quoted
from pilote.core.files import FileRefused, normalize_label, read_table
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    register_importer,
    upsert_with_history,
)
from pilote.core.schoolyear import school_year_of
from pilote.schooldata.matching import PupilMatcher

from ..choices import CertificationStatus
from ..models import CertificationResult
from ..pixcsv import (
    clean_text,
    describe_columns,
    is_missing,
    map_columns,
    missing_headers,
    parse_date,
    parse_int,
)
from ..referential import crcn
from .common import MATCH_FIELDS, RowReader, match_values, report_pupil_matching

FIXED = {
    "number": ["Numéro de certification", "N° de certification"],
    "first_name": ["Prénom"],
    "last_name": ["Nom"],
    "birth_date": ["Date de naissance"],
    "birth_place": ["Lieu de naissance"],
    "external_id": ["Identifiant Externe", "Identifiant externe"],
    "status": ["Statut"],
    "pix_score": ["Nombre de Pix"],
    "session": ["Session", "Numéro de session"],
    "session_date": ["Date de passage de la certification"],
}
REQUIRED = ("number", "first_name", "last_name", "pix_score")
EXPECTED = (*REQUIRED, "birth_date", "external_id", "status", "session", "session_date")
STATUSES = {normalize_label(status.label): status.value for status in CertificationStatus}
DIVISION_IN_NAME = re.compile(r"_resultats_(.+)\.(?:csv|xlsx)$", re.IGNORECASE)
FIELDS = (
    *MATCH_FIELDS,
    "last_name",
    "first_name",
    "birth_date",
    "external_id",
    "division_code",
    "status",
    "pix_score",
    "levels",
    "session",
    "session_date",
    "school_year",
)


@dataclass
class CandidateRecord:
    number: str
    values: dict
    line: int
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.values['last_name']} {self.values['first_name']} ({self.number})"


def division_from_filename(filename: str) -> str:
    found = DIVISION_IN_NAME.search(filename or "")
    return " ".join(found.group(1).replace("_", " ").split()) if found else ""


def competence_columns(headers: list[str]) -> dict[str, int]:
    """The 16 columns titled ``1.1`` … ``5.2``."""
    columns = {}
    for index, header in enumerate(headers):
        text = clean_text(header)
        if re.fullmatch(r"[1-5]\.[1-4]", text) and crcn().competence_for(text):
            columns[text] = index
    return columns


def parse_status(value: str) -> str:
    status = STATUSES.get(normalize_label(value))
    if status is None:
        known = ", ".join(s.label for s in CertificationStatus)
        raise ValueError(f"statut « {value} » inconnu (attendu : {known})")
    return status


def status_from_score(score: int | None) -> str:
    """The 2020 export has no status: Pix wrote 0 for a rejected one, ``-`` for a cancelled."""
    if score is None:
        return CertificationStatus.CANCELLED
    return CertificationStatus.VALIDATED if score > 0 else CertificationStatus.REJECTED


def parse_score(value: str) -> int | None:
    """``-`` for a cancelled or failed session, else the pix score (1024 at most)."""
    score = parse_int(value)
    if score is not None and score > 1024:
        raise ValueError(f"« {value} » dépasse le score maximal de 1024 pix")
    return score


def parse_level(value: str) -> int | None:
    level = parse_int(value)
    if level is not None and level > len(crcn().levels):
        raise ValueError(f"niveau « {value} » hors de l'échelle 0 à {len(crcn().levels)}")
    return level


@register_importer
class PixCertificationImporter(Importer):
    names_pupils = True
    kind = "pix-certification"
    origin = "pix"
    label = "Pix — résultats de certification par classe"
    domain = Domain.COMPETENCES
    extensions = (".csv", ".xlsx")
    personal_data = True
    help_text = (
        "Fichier « résultats de certification » d'une classe, téléchargé depuis Pix Orga "
        "(nom du type 20260612_1030_resultats_3 A.csv) : statut, score et niveau par "
        "compétence de chaque candidat."
    )

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = read_table(content, filename)
        columns = map_columns(table.headers, FIXED, {})
        if missing := missing_headers(columns, FIXED, REQUIRED):
            raise FileRefused(
                f"{filename} n'est pas un fichier de résultats de certification Pix : colonnes "
                f"absentes : {quoted(missing)}."
            )
        levels_at = competence_columns(table.headers)
        for code, index in levels_at.items():
            columns.claimed[index] = (f"competence {code} level", f"Compétence {code} (niveau)")
        file_division = division_from_filename(filename)
        directory = PupilMatcher(self.school)
        parsed = ParsedFile()
        describe_columns(parsed, table.headers, FIXED, columns, EXPECTED)
        if "status" not in columns.fixed:
            parsed.warn(
                "pas de colonne « Statut » (export de 2020) : une certification avec un nombre "
                "de Pix est comptée validée, 0 pix rejetée, « - » annulée."
            )
        seen: dict[str, int] = {}
        for line, row in table.rows:
            reader = RowReader(parsed, table.headers, line, row)
            record = self.read_row(reader, columns, levels_at, file_division, directory)
            if record is None:
                continue
            if record.number in seen:
                parsed.error(
                    f"numéro de certification {record.number} déjà présent ligne "
                    f"{seen[record.number]}.",
                    reader.location(),
                )
                continue
            seen[record.number] = line
            parsed.records.append(record)
        if not parsed.errors:
            report_pupil_matching(parsed, self.school, directory, "candidats")
        return parsed

    def read_row(self, reader, columns, levels_at, file_division, directory):
        fixed = columns.fixed
        number = reader.raw(fixed["number"])
        last_name = reader.raw(fixed["last_name"])
        first_name = reader.raw(fixed["first_name"])
        if not number or not last_name or not first_name:
            reader.parsed.error("numéro de certification, nom ou prénom absent.", reader.location())
            return None
        score = reader.read(fixed["pix_score"], parse_score)
        if "status" in fixed:
            status = reader.read(fixed["status"], parse_status)
        else:
            status = status_from_score(score)
        birth_date = reader.read(fixed.get("birth_date"), parse_date)
        session_date = reader.read(fixed.get("session_date"), parse_date)
        levels = {}
        for code, index in levels_at.items():
            if not is_missing(reader.raw(index)):
                levels[code] = reader.read(index, parse_level)
        if reader.failed:
            return None
        external_id = reader.raw(fixed.get("external_id"))
        match = directory.match(
            last_name,
            first_name,
            divisions=(file_division,),
            external_id=external_id,
            birth_date=birth_date,
        )
        day = session_date or timezone.localdate()
        values = {
            **match_values(match),
            "last_name": last_name[:100],
            "first_name": first_name[:100],
            "birth_date": birth_date,
            "external_id": external_id[:100],
            "division_code": file_division[:30],
            "status": status,
            "pix_score": score,
            "levels": levels,
            "session": reader.raw(fixed.get("session"))[:30],
            "session_date": session_date,
            "school_year": school_year_of(day),
        }
        return CandidateRecord(number[:30], values, reader.line, match.note)

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        diff = ImportDiff()
        existing = {
            result.certification_number: result
            for result in CertificationResult.objects.for_school(self.school).filter(
                certification_number__in=[r.number for r in parsed.records],
            )
        }
        upsert_with_history(
            diff,
            model=CertificationResult,
            existing=existing,
            records=((r.number, r.label, r.values) for r in parsed.records),
            fields=FIELDS,
            build=lambda number, values: CertificationResult(
                school=self.school, certification_number=number, **values
            ),
            write=write,
            user=self.user,
        )
        return diff
