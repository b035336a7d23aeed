"""The equipment survey as a table: one line per division, pupils without a device or a
connection at home.

Schools often run the survey with a form of the ENT or a spreadsheet filled in by the
professeurs principaux; this reads that table instead of typing it again in « Recensement ».
Divisions absent from the file keep their earlier figures: a survey comes back class by class.
"""

from dataclasses import dataclass

from pilote.core.choices import Domain
from pilote.core.columns import CellError, Column, Columns, parse_count
from pilote.core.files import read_table
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    register_importer,
    upsert_with_history,
)
from pilote.schooldata.matching import normalize_division

from ..models import EquipmentSurvey
from ..readiness import division_headcounts

COLUMNS = Columns(
    Column("division", ("Division", "Classe", "Code division", "Code structure"), required=True),
    Column(
        "without_device",
        ("Élèves sans équipement", "Sans équipement", "Sans ordinateur", "Sans matériel"),
        required=True,
        parser=parse_count,
    ),
    Column(
        "without_connection",
        ("Élèves sans connexion", "Sans connexion", "Sans accès à internet", "Sans internet"),
        required=True,
        parser=parse_count,
    ),
)


@dataclass
class SurveyRecord:
    division_id: int
    code: str
    without_device: int
    without_connection: int

    @property
    def values(self) -> dict:
        return {
            "without_device": self.without_device,
            "without_connection": self.without_connection,
        }

    @property
    def text(self) -> str:
        return (
            f"{self.code} : {self.without_device} sans équipement, "
            f"{self.without_connection} sans connexion"
        )


@register_importer
class EquipmentSurveyImporter(Importer):
    kind = "continuite-recensement"
    origin = "etablissement"
    label = "Recensement de l'équipement des élèves"
    domain = Domain.CONTINUITE
    help_text = (
        "Un tableau (CSV ou XLSX) d'une ligne par division : « Division », « Élèves sans "
        "équipement », « Élèves sans connexion ». Les divisions absentes gardent leur recensement."
    )

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = read_table(content, filename)
        columns = COLUMNS.bind(table.headers, filename=filename, what="un recensement")
        parsed = ParsedFile()
        columns.describe(parsed)
        divisions = {
            normalize_division(code): (pk, code, headcount)
            for pk, code, headcount in division_headcounts(self.school)
        }
        seen: dict[int, int] = {}
        for line, row in table.rows:
            try:
                record = self.read_row(row, line, columns, divisions)
            except CellError as exc:
                parsed.error(str(exc), exc.location)
                continue
            if record is None:
                continue
            if (first := seen.get(record.division_id)) is not None:
                parsed.error(
                    f"la division {record.code} est déjà recensée ligne {first}.", f"ligne {line}"
                )
                continue
            seen[record.division_id] = line
            parsed.records.append(record)
        return parsed

    @staticmethod
    def read_row(row, line: int, columns, divisions: dict) -> SurveyRecord | None:
        code = columns.text(row, "division")
        if not code:
            return None
        known = divisions.get(normalize_division(code))
        if known is None:
            raise CellError(
                f"la division « {code} » n'existe pas dans l'établissement "
                "(importez d'abord les structures de SIECLE)",
                columns.location(line, "division"),
            )
        division_id, known_code, headcount = known
        counts = {}
        for name in ("without_device", "without_connection"):
            counts[name] = columns.read(row, name, line=line) or 0
            if counts[name] > headcount:
                raise CellError(
                    f"{counts[name]} élèves déclarés en {known_code}, qui compte "
                    f"{headcount} élève{'s' if headcount > 1 else ''} inscrit"
                    f"{'s' if headcount > 1 else ''}",
                    columns.location(line, name),
                )
        return SurveyRecord(division_id, known_code, **counts)

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        diff = ImportDiff()
        upsert_with_history(
            diff,
            model=EquipmentSurvey,
            existing={
                survey.division_id: survey
                for survey in EquipmentSurvey.objects.for_school(self.school)
            },
            records=((r.division_id, r.text, r.values) for r in parsed.records),
            fields=("without_device", "without_connection"),
            build=lambda division_id, values: EquipmentSurvey(
                school=self.school, division_id=division_id, **values
            ),
            write=write,
            user=self.user,
        )
        return diff
