"""« Annuaire de l'éducation »: an académie deploys Pilote for all its schools at once.

The national directory (FORMATS.md §0b) lists every open establishment. Pilote keeps the
open public collèges, lycées and EREA and skips the rest (private, closed, écoles, services);
it creates the académies and the collectivités de rattachement — the département for a
collège, the région for a lycée or an EREA — and updates schools already known.
"""

from dataclasses import dataclass, replace

from ..choices import CollectiviteKind, Domain, SchoolType
from ..columns import CellError, Column, Columns, parse_count
from ..files import normalize_label, read_csv
from ..importing import ImportDiff, Importer, ParsedFile, register_importer
from ..models import Academie, Collectivite, School
from ..uai import is_valid_uai, normalize_uai

COLUMNS = Columns(
    Column("uai", ("identifiant_de_l_etablissement",), required=True),
    Column("name", ("nom_etablissement",), required=True),
    Column("type", ("type_etablissement",), required=True),
    Column("status", ("statut_public_prive",), required=True),
    Column("commune", ("nom_commune",)),
    Column("departement_code", ("code_departement",)),
    Column("departement_name", ("libelle_departement",)),
    Column("academie_code", ("code_academie",), required=True),
    Column("academie_name", ("libelle_academie",), required=True),
    Column("region_code", ("code_region",)),
    Column("region_name", ("libelle_region",)),
    Column("nature", ("libelle_nature",)),
    Column("etat", ("etat",)),
    Column("pupils", ("nombre_d_eleves",), parser=parse_count),
    Column("voie_generale", ("voie_generale",)),
    Column("voie_technologique", ("voie_technologique",)),
    Column("voie_professionnelle", ("voie_professionnelle",)),
)


@dataclass(frozen=True)
class DirectoryRow:
    uai: str
    name: str
    type: str
    commune: str
    academie_code: str
    academie_name: str
    collectivite_kind: str
    collectivite_code: str
    collectivite_name: str
    declared_pupils: int | None


def normalize_departement(code: str) -> str:
    """``044``, ``44`` → ``44``; ``02A``, ``2A`` → ``2A``; ``971`` stays."""
    code = code.strip().upper()
    if len(code) == 3 and code.startswith("0"):
        code = code[1:]
    return code


def school_type(directory_type: str, nature: str, voies: tuple[str, str, str]) -> str | None:
    kind = normalize_label(directory_type)
    if kind == "college":
        return SchoolType.COLLEGE
    if kind == "erea":
        return SchoolType.EREA
    if kind != "lycee":
        return None
    nature = normalize_label(nature)
    if "polyvalent" in nature:
        return SchoolType.LPO
    if "professionnel" in nature:
        return SchoolType.LP
    if nature:
        return SchoolType.LGT
    generale, techno, pro = (v.strip() == "1" for v in voies)
    if pro and (generale or techno):
        return SchoolType.LPO
    return SchoolType.LP if pro else SchoolType.LGT


@register_importer
class DirectoryImporter(Importer):
    kind = "annuaire"
    origin = "annuaire"
    label = "Annuaire de l'éducation"
    domain = Domain.ETABLISSEMENT
    scope = "territory"
    extensions = (".csv",)
    help_text = "Export CSV de l'Annuaire de l'éducation (séparateur « ; »)."

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = read_csv(content, filename=filename)
        columns = COLUMNS.bind(
            table.headers, filename=filename, what="un export de l'Annuaire de l'éducation"
        )
        wanted_academie = (self.options.get("academie") or "").strip()
        parsed = ParsedFile()
        columns.describe(parsed)
        seen: dict[str, DirectoryRow] = {}

        def cell(row, name):
            return columns.text(row, name)

        for line, row in table.rows:
            if normalize_label(cell(row, "status")) != "public":
                continue
            if cell(row, "etat") and normalize_label(cell(row, "etat")) != "ouvert":
                continue
            kind = school_type(
                cell(row, "type"),
                cell(row, "nature"),
                (
                    cell(row, "voie_generale"),
                    cell(row, "voie_technologique"),
                    cell(row, "voie_professionnelle"),
                ),
            )
            if kind is None:
                continue
            academie_code = cell(row, "academie_code").lstrip("0") or "0"
            if wanted_academie and academie_code != wanted_academie.lstrip("0"):
                continue
            location = f"ligne {line}"
            uai = normalize_uai(cell(row, "uai"))
            if not is_valid_uai(uai):
                parsed.error(f"UAI invalide « {cell(row, 'uai')} ».", location)
                continue
            if uai in seen:
                # One school with several sites is listed once per site: the first line
                # names it; a later line only fills what the first left empty.
                first = seen[uai]
                if first.declared_pupils is None:
                    pupils = self.headcount(parsed, columns, row, line)
                    if pupils is not None:
                        seen[uai] = replace(first, declared_pupils=pupils)
                        parsed.records[parsed.records.index(first)] = seen[uai]
                parsed.warn(
                    f"UAI {uai} listé plusieurs fois (établissement sur plusieurs sites) : "
                    f"la première ligne est retenue.",
                    location,
                )
                continue
            if kind == SchoolType.COLLEGE:
                coll_kind = CollectiviteKind.DEPARTEMENT
                coll_code = normalize_departement(cell(row, "departement_code"))
                coll_name = cell(row, "departement_name")
            else:
                coll_kind = CollectiviteKind.REGION
                coll_code = cell(row, "region_code").lstrip("0") or cell(row, "region_code")
                coll_name = cell(row, "region_name")
            if not coll_code or not coll_name:
                parsed.error("collectivité de rattachement absente (code ou libellé).", location)
                continue
            record = DirectoryRow(
                uai=uai,
                name=cell(row, "name"),
                type=kind,
                commune=cell(row, "commune"),
                academie_code=academie_code,
                academie_name=cell(row, "academie_name"),
                collectivite_kind=coll_kind,
                collectivite_code=coll_code,
                collectivite_name=coll_name,
                declared_pupils=self.headcount(parsed, columns, row, line),
            )
            seen[uai] = record
            parsed.records.append(record)
        if not parsed.records and not parsed.errors:
            parsed.error(
                "aucun collège, lycée ou EREA public ouvert dans ce fichier"
                + (f" pour l'académie {wanted_academie}." if wanted_academie else "."),
                filename,
            )
        return parsed

    @staticmethod
    def headcount(parsed: ParsedFile, columns, row, line: int) -> int | None:
        """« nombre_d_eleves » as the file writes it (``455``, ``455.0``); unreadable → a
        warning and no figure, never a refused directory."""
        try:
            return columns.read(row, "pupils", line=line)
        except CellError as exc:
            parsed.warn(f"effectif illisible ({exc}) : ignoré.", exc.location)
            return None

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        diff = ImportDiff()
        academies = {a.code: a for a in Academie.objects.all()}
        collectivites = {(c.kind, c.code): c for c in Collectivite.objects.all()}
        schools = {s.uai: s for s in School.objects.filter(uai__in=[r.uai for r in parsed.records])}
        for row in parsed.records:
            academie = academies.get(row.academie_code)
            if academie is None:
                academie = Academie(code=row.academie_code, name=row.academie_name)
                diff.created.append(f"Académie de {row.academie_name}")
                if write:
                    academie.save()
                academies[row.academie_code] = academie
            key = (row.collectivite_kind, row.collectivite_code)
            collectivite = collectivites.get(key)
            if collectivite is None:
                collectivite = Collectivite(
                    kind=row.collectivite_kind,
                    code=row.collectivite_code,
                    name=row.collectivite_name,
                )
                diff.created.append(str(collectivite))
                if write:
                    collectivite.save()
                collectivites[key] = collectivite
            values = {
                "name": row.name,
                "type": row.type,
                "commune": row.commune,
                "collectivite": collectivite,
                "academie": academie,
            }
            if row.declared_pupils is not None:
                values["declared_pupils"] = row.declared_pupils
            school = schools.get(row.uai)
            if school is None:
                diff.created.append(f"{row.uai} {row.name}")
                if write:
                    School.objects.create(uai=row.uai, **values)
                continue
            changed = [name for name, value in values.items() if getattr(school, name) != value]
            if changed:
                diff.updated.append(f"{row.uai} {row.name} ({', '.join(changed)})")
                if write:
                    for name in changed:
                        setattr(school, name, values[name])
                    school.save()
            else:
                diff.unchanged += 1
        return diff
