"""Pix+ Édu of the teachers from a table kept by the school or sent by the EAFC (``pixedu``).

There is no national export: the file is whatever spreadsheet the school keeps, so the
columns are found by any of their usual names (« Nom », « Prénom », « Parcours », « Niveau »,
« Étape » or « Statut », « Date de certification »), and the values by their plain words
(« formation continue », « avancé », « certifié »…). Teachers are found among the STS-web
staff by their STS id when the table has one, else by name and first name.
"""

from collections import defaultdict
from dataclasses import dataclass

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
from pilote.schooldata.models import StaffMember

from ..choices import PixEduLevel, PixEduPath, PixEduStatus
from ..models import PixEduRecord, teaching_staff
from ..pixcsv import describe_columns, map_columns, missing_headers, parse_date
from ..referential import crcn
from .common import RowReader

FIXED = {
    "sts_id": ["Identifiant STS", "ID STS", "Identifiant"],
    "last_name": ["Nom", "Nom de l'enseignant", "Nom d'usage"],
    "first_name": ["Prénom", "Prénom de l'enseignant"],
    "path": ["Parcours", "Voie", "Formation"],
    "level": ["Niveau", "Niveau visé", "Niveau obtenu"],
    "status": ["Étape", "Statut", "État", "Avancement"],
    "certified_on": ["Date de certification", "Certifié le", "Date"],
    "note": ["Remarque", "Commentaire"],
}
REQUIRED = ("last_name", "path", "status")
FIELDS = ("path", "status", "level", "certified_on", "note")


def _vocabulary(choices, extra: dict[str, str]) -> dict[str, str]:
    words = {normalize_label(c.label): c.value for c in choices}
    words.update({normalize_label(c.value): c.value for c in choices})
    words.update({normalize_label(k): v for k, v in extra.items()})
    return words


PATHS = _vocabulary(
    PixEduPath, {"initiale": "formation_initiale", "continue": "formation_continue"}
)
LEVELS = _vocabulary(PixEduLevel, {"initié": "initie", "confirmé": "confirme", "avancé": "avance"})
STATUSES = _vocabulary(
    PixEduStatus,
    {
        "non engagé": "non_engage",
        "en cours": "en_cours",
        "inscrit": "en_cours",
        "admissible": "admissible",
        "certifié": "certifie",
        "certifiée": "certifie",
        "obtenu": "certifie",
    },
)


def vocabulary_parser(words: dict[str, str], what: str, *, optional: bool = False):
    def parse(value: str) -> str:
        if optional and not value.strip():
            return ""
        found = words.get(normalize_label(value))
        if found is None:
            raise ValueError(f"{what} « {value} » inconnu")
        return found

    return parse


@dataclass
class TeacherRecord:
    staff_id: int
    label: str
    values: dict


@register_importer
class PixEduImporter(Importer):
    kind = "pixedu"
    origin = "pix"
    label = "Pix+ Édu — enseignants"
    domain = Domain.COMPETENCES
    extensions = (".csv", ".xlsx")
    help_text = (
        "Tableau (CSV ou XLSX) d'une ligne par enseignant : Nom, Prénom (ou Identifiant STS), "
        "Parcours (formation initiale / continue), Niveau (initié, confirmé, avancé, expert), "
        "Étape (en cours, admissible, certifié), Date de certification."
    )

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = read_table(content, filename)
        columns = map_columns(table.headers, FIXED, {})
        if missing := missing_headers(columns, FIXED, REQUIRED):
            raise FileRefused(
                f"{filename} : colonnes absentes : {quoted(missing)} (voir le modèle attendu sur "
                "la page d'import)."
            )
        staff = self.teachers()
        parsed = ParsedFile()
        describe_columns(parsed, table.headers, FIXED, columns, tuple(FIXED))
        seen: dict[int, int] = {}
        for line, row in table.rows:
            reader = RowReader(parsed, table.headers, line, row)
            record = self.read_row(reader, columns.fixed, staff)
            if record is None:
                continue
            if record.staff_id in seen:
                first = seen[record.staff_id]
                parsed.error(f"{record.label} figure déjà ligne {first}.", reader.location())
                continue
            seen[record.staff_id] = line
            parsed.records.append(record)
        return parsed

    def teachers(self) -> dict[str, list[StaffMember]]:
        index: dict[str, list[StaffMember]] = defaultdict(list)
        for member in teaching_staff(self.school):
            index[f"sts:{member.sts_id.strip().upper()}"].append(member)
            key = f"{normalize_label(member.last_name)}|{normalize_label(member.first_name)}"
            index[key].append(member)
        return index

    def read_row(self, reader: RowReader, fixed: dict[str, int], staff) -> TeacherRecord | None:
        last_name = reader.raw(fixed["last_name"])
        first_name = reader.raw(fixed.get("first_name"))
        sts_id = reader.raw(fixed.get("sts_id")).upper()
        values = {
            "path": reader.read(fixed["path"], vocabulary_parser(PATHS, "parcours")),
            "status": reader.read(fixed["status"], vocabulary_parser(STATUSES, "étape")),
            "level": reader.read(
                fixed.get("level"), vocabulary_parser(LEVELS, "niveau", optional=True)
            )
            or "",
            "certified_on": reader.read(fixed.get("certified_on"), parse_date),
            "note": reader.raw(fixed.get("note"))[:300],
        }
        if reader.failed:
            return None
        candidates = staff.get(f"sts:{sts_id}") if sts_id else None
        if not candidates:
            key = f"{normalize_label(last_name)}|{normalize_label(first_name)}"
            candidates = staff.get(key, [])
        label = f"{last_name} {first_name}".strip()
        if len(candidates) != 1:
            problem = (
                "aucun enseignant de ce nom dans STS-web"
                if not candidates
                else (
                    f"{len(candidates)} enseignants portent ce nom : "
                    "ajoutez la colonne Identifiant STS"
                )
            )
            reader.parsed.error(f"{label} : {problem}.", reader.location())
            return None
        allowed = crcn().pix_edu_levels[values["path"]]
        if values["level"] and values["level"] not in allowed:
            reader.parsed.error(
                f"{label} : le niveau « {PixEduLevel(values['level']).label} » n'existe pas en "
                f"{PixEduPath(values['path']).label.lower()}.",
                reader.location(fixed.get("level")),
            )
            return None
        return TeacherRecord(candidates[0].pk, label, values)

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        diff = ImportDiff()
        existing = {
            record.staff_id: record for record in PixEduRecord.objects.for_school(self.school)
        }
        upsert_with_history(
            diff,
            model=PixEduRecord,
            existing=existing,
            records=((r.staff_id, r.label, r.values) for r in parsed.records),
            fields=FIELDS,
            build=lambda staff_id, values: PixEduRecord(
                school=self.school, staff_id=staff_id, **values
            ),
            write=write,
            user=self.user,
        )
        return diff
