"""Reading the four SIECLE BEE exports Pilote uses (FORMATS.md §1), quirks included.

Each reader turns one file into typed records and located errors or warnings; none of them
writes. Values are stripped (older exports pad them) and codes stay text (``030201``).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from pilote.core.importing import ParsedFile

from ..choices import Relationship, ResponsibilityLevel, Sex
from .xmlfile import (
    GARBLED_MESSAGE,
    XmlExport,
    attr,
    check_envelope,
    is_garbled,
    location,
    parse_french_date,
    parse_timestamp,
    stream,
    text,
)

INACTIVE_DIVISION = "Inactifs"
EXAMPLES = 10


@dataclass
class StructureRecord:
    code: str
    is_group: bool
    label: str = ""
    mefs: set[str] = field(default_factory=set)
    divisions: set[str] = field(default_factory=set)


@dataclass
class PupilRecord:
    siecle_id: str
    elenoet: str
    ine: str
    previous_ine: str
    last_name: str
    birth_name: str
    first_name: str
    other_first_names: str
    birth_date: date | None
    sex: str
    mef: str
    entry_date: date | None
    exit_date: date | None
    division: str = ""
    groups: set[str] = field(default_factory=set)

    @property
    def is_active(self) -> bool:
        return self.exit_date is None

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} (ELEVE_ID {self.siecle_id})"


@dataclass
class GuardianRecord:
    personne_id: str
    civility: str
    last_name: str
    first_name: str
    email: str
    mobile: str


@dataclass
class LinkRecord:
    pupil_id: str
    personne_id: str
    responsibility: str
    relationship: str
    is_legal: bool
    legacy_rank: int | None
    pays_fees: bool


@dataclass
class MefRecord:
    code: str
    label: str
    formation: str
    attached_code: str


@dataclass
class SubjectRecord:
    code: str
    management_code: str
    short_label: str
    label: str

    @classmethod
    def read(cls, element, code: str) -> "SubjectRecord":
        """A MATIERE element: SIECLE's nomenclatures and STS-web write it alike, but for the
        attribute that holds its code (``CODE_MATIERE``, ``CODE``) — the caller reads that."""
        return cls(
            code=code,
            management_code=text(element, "CODE_GESTION"),
            short_label=text(element, "LIBELLE_COURT"),
            label=long_label(element),
        )


def long_label(element) -> str:
    """The label of a MEF or a subject: LIBELLE_LONG, else the shorter LIBELLE_EDITION."""
    return text(element, "LIBELLE_LONG") or text(element, "LIBELLE_EDITION")


def surname(element) -> tuple[str, str]:
    """(name shown, family name): NOM_USAGE else NOM_DE_FAMILLE else the pre-2016 NOM."""
    family = text(element, "NOM_DE_FAMILLE") or text(element, "NOM")
    return text(element, "NOM_USAGE") or family, family


def mef_codes(element) -> set[str]:
    """MEFs of a division, written ``<MEF_APPARTENANCE CODE="…">`` or with a CODE_MEF child."""
    codes = set()
    for node in element.iter("MEF_APPARTENANCE", "CODE_MEF"):
        if node.tag == "CODE_MEF":
            codes.add((node.text or "").strip())
        else:
            codes.add(attr(node, "CODE_MEF") or attr(node, "CODE"))
    return codes - {""}


NO_SCHOOL_MESSAGE = (
    "le fichier ne dit pas de quel établissement il est (pas de PARAMETRES ni d'UAJ) : "
    "vérifiez avant d'appliquer que c'est bien l'export de cet établissement."
)


class BeeReader:
    """Common envelope (PARAMETRES) and the garbled-names check of every BEE file."""

    def __init__(self, school, *, known_pupils: set[str] | None = None):
        self.school = school
        self.known_pupils = known_pupils or set()
        self.parsed = ParsedFile()
        self.garbled_at = ""

    def read(self, export: XmlExport) -> ParsedFile:
        stream(export, {"PARAMETRES": self.read_parameters, **self.handlers()})
        if "uaj" not in self.parsed.metadata:
            self.parsed.warn(NO_SCHOOL_MESSAGE)
        if self.garbled_at:
            self.parsed.error(GARBLED_MESSAGE, self.garbled_at)
        self.finish()
        return self.parsed

    def handlers(self) -> dict:
        raise NotImplementedError

    def finish(self) -> None:
        """Checks over the whole file, once every element has been read."""

    def read_parameters(self, element) -> None:
        where = location(element, "PARAMETRES")
        check_envelope(
            self.parsed,
            self.school,
            uaj=text(element, "UAJ"),
            year=text(element, "ANNEE_SCOLAIRE"),
            where=where,
        )
        stamp = text(element, "HORODATAGE")
        try:
            exported = parse_timestamp(stamp) or parse_timestamp(
                f"{text(element, 'DATE_EXPORT')} 00:00:00".strip()
            )
        except ValueError:
            exported = None
            self.parsed.warn(f"date d'export illisible « {stamp} ».", where)
        self.parsed.metadata["exported_at"] = exported.isoformat() if exported else None

    def check_names(self, element, *names: str) -> None:
        if not self.garbled_at and is_garbled(*names):
            self.garbled_at = location(element, f"« {' '.join(n for n in names if n)} »")

    def date_or_error(self, element, tag: str, label: str):
        value = text(element, tag)
        try:
            return parse_french_date(value)
        except ValueError:
            self.parsed.error(
                f"{tag} « {value} » n'est pas une date au format jj/mm/aaaa.",
                location(element, label),
            )
            return None


class PupilsReader(BeeReader):
    """``ElevesSansAdresses`` / ``ElevesAvecAdresses`` (root BEE_ELEVES): pupils and the
    divisions / groups they belong to (joined on ELEVE_ID, never ELENOET)."""

    def __init__(self, school, **kwargs):
        super().__init__(school, **kwargs)
        self.pupils: dict[str, PupilRecord] = {}
        self.structures: dict[str, bool] = {}
        self.seen_structures: set[str] = set()

    def handlers(self) -> dict:
        return {"ELEVE": self.read_pupil, "STRUCTURES_ELEVE": self.read_structures}

    def read_pupil(self, element):
        if element.getparent().tag != "ELEVES":
            return False
        siecle_id = attr(element, "ELEVE_ID")
        last_name, birth_name = surname(element)
        first_name = text(element, "PRENOM")
        label = f"élève {last_name} {first_name} (ELEVE_ID {siecle_id or '?'})"
        self.check_names(element, last_name, first_name)
        if not siecle_id:
            self.parsed.error("élève sans identifiant ELEVE_ID.", location(element, label))
            return None
        if siecle_id in self.pupils:
            self.parsed.error(
                "ELEVE_ID présent deux fois dans le fichier.", location(element, label)
            )
            return None
        if not last_name or not first_name:
            self.parsed.error("nom ou prénom absent.", location(element, label))
        sex = text(element, "CODE_SEXE")
        self.pupils[siecle_id] = PupilRecord(
            siecle_id=siecle_id,
            elenoet=attr(element, "ELENOET") or text(element, "ELENOET"),
            ine=text(element, "ID_NATIONAL").upper(),
            previous_ine=text(element, "INE_BEA").upper(),
            last_name=last_name,
            birth_name=birth_name,
            first_name=first_name,
            other_first_names=" ".join(
                filter(None, (text(element, "PRENOM2"), text(element, "PRENOM3")))
            ),
            birth_date=self.date_or_error(element, "DATE_NAISS", label),
            sex=sex if sex in Sex.values else "",
            mef=text(element, "CODE_MEF"),
            entry_date=self.date_or_error(element, "DATE_ENTREE", label),
            exit_date=self.date_or_error(element, "DATE_SORTIE", label),
        )
        return None

    def read_structures(self, element) -> None:
        siecle_id = attr(element, "ELEVE_ID")
        pupil = self.pupils.get(siecle_id)
        where = location(element, f"STRUCTURES_ELEVE {siecle_id}")
        if pupil is None:
            self.parsed.warn("structures d'un ELEVE_ID absent de la liste des élèves.", where)
            return
        if siecle_id in self.seen_structures:
            self.parsed.warn(f"plusieurs sections STRUCTURES_ELEVE pour {pupil}.", where)
        self.seen_structures.add(siecle_id)
        for structure in element.iterfind("STRUCTURE"):
            code = " ".join(text(structure, "CODE_STRUCTURE").split())
            kind = text(structure, "TYPE_STRUCTURE").upper()
            if not code or code == INACTIVE_DIVISION:
                continue
            if kind == "D":
                if pupil.division and pupil.division != code:
                    self.parsed.warn(
                        f"{pupil} est dans deux divisions ({pupil.division}, {code}) : "
                        f"seule {pupil.division} est retenue.",
                        where,
                    )
                    continue
                pupil.division = code
            else:
                pupil.groups.add(code)
            self.structures.setdefault(code, kind != "D")

    def finish(self) -> None:
        self.parsed.records = [
            *(StructureRecord(code, is_group) for code, is_group in self.structures.items()),
            *self.pupils.values(),
        ]
        active = [p for p in self.pupils.values() if p.is_active]
        without_division = [p for p in active if not p.division]
        if without_division:
            names = ", ".join(str(p) for p in without_division[:EXAMPLES])
            self.parsed.warn(
                f"{len(without_division)} élève(s) présent(s) sans division : {names}. "
                "Affectez-les dans SIECLE."
            )
        by_ine = defaultdict(list)
        for pupil in active:
            if pupil.ine:
                by_ine[pupil.ine].append(pupil)
        for ine, pupils in by_ine.items():
            if len(pupils) > 1:
                self.parsed.warn(
                    f"INE {ine} porté par {len(pupils)} élèves : "
                    + ", ".join(str(p) for p in pupils)
                    + ". Corrigez le doublon dans SIECLE."
                )
        self.parsed.metadata["counts"] = {
            "actifs": len(active),
            "sortis": len(self.pupils) - len(active),
            "sans_division": len(without_division),
        }


class ResponsiblesReader(BeeReader):
    """``ResponsablesAvecAdresses`` (root BEE_RESPONSABLES): persons and their links to pupils,
    in both generations (RESP_LEGAL before 30/03/2018, NIVEAU_RESPONSABILITE + CODE_PARENTE
    since). Only persons linked to a pupil Pilote knows are kept: no data without a purpose."""

    def __init__(self, school, **kwargs):
        super().__init__(school, **kwargs)
        self.persons: dict[str, GuardianRecord] = {}
        self.links: dict[tuple[str, str], LinkRecord] = {}

    def handlers(self) -> dict:
        return {"PERSONNE": self.read_person, "RESPONSABLE_ELEVE": self.read_link}

    def read_person(self, element) -> None:
        personne_id = attr(element, "PERSONNE_ID")
        last_name, _family = surname(element)
        first_name = text(element, "PRENOM")
        self.check_names(element, last_name, first_name)
        where = location(element, f"responsable {last_name} {first_name}")
        if not personne_id:
            self.parsed.error("responsable sans identifiant PERSONNE_ID.", where)
            return
        if not last_name:
            self.parsed.error("nom du responsable absent.", where)
        self.persons[personne_id] = GuardianRecord(
            personne_id=personne_id,
            civility=text(element, "LC_CIVILITE"),
            last_name=last_name,
            first_name=first_name,
            email=text(element, "MEL"),
            mobile=text(element, "TEL_PORTABLE"),
        )

    def read_link(self, element) -> None:
        pupil_id, personne_id = text(element, "ELEVE_ID"), text(element, "PERSONNE_ID")
        where = location(element, f"lien ELEVE_ID {pupil_id} – PERSONNE_ID {personne_id}")
        if not pupil_id or not personne_id:
            self.parsed.error("lien sans ELEVE_ID ou sans PERSONNE_ID.", where)
            return
        responsibility, is_legal, rank = self.responsibility(element, where)
        relationship = text(element, "CODE_PARENTE")
        if relationship and relationship not in Relationship.values:
            self.parsed.warn(f"CODE_PARENTE inconnu « {relationship} ».", where)
            relationship = ""
        self.links[(pupil_id, personne_id)] = LinkRecord(
            pupil_id=pupil_id,
            personne_id=personne_id,
            responsibility=responsibility,
            relationship=relationship,
            is_legal=is_legal,
            legacy_rank=rank,
            pays_fees="1"
            in (text(element, "PAIE_FRAIS_SCOLAIRES"), text(element, "RESP_FINANCIER")),
        )

    def responsibility(self, element, where) -> tuple[str, bool, int | None]:
        """(level, legal?, old rank) from NIVEAU_RESPONSABILITE, else from RESP_LEGAL 1/2/0."""
        level = text(element, "NIVEAU_RESPONSABILITE")
        if level:
            if level not in ResponsibilityLevel.values:
                self.parsed.warn(f"NIVEAU_RESPONSABILITE inconnu « {level} ».", where)
                return "", False, None
            return level, level == ResponsibilityLevel.LEGAL, None
        legacy = text(element, "RESP_LEGAL")
        if legacy in ("1", "2"):
            return ResponsibilityLevel.LEGAL, True, int(legacy)
        if legacy == "0":
            return ResponsibilityLevel.CONTACT, False, 0
        self.parsed.warn("lien sans NIVEAU_RESPONSABILITE ni RESP_LEGAL.", where)
        return "", False, None

    def finish(self) -> None:
        unknown = Counter()
        kept: dict[tuple[str, str], LinkRecord] = {}
        for key, link in self.links.items():
            if link.pupil_id not in self.known_pupils:
                unknown["pupil"] += 1
            elif link.personne_id not in self.persons:
                unknown["person"] += 1
            else:
                kept[key] = link
        if unknown["pupil"]:
            self.parsed.warn(
                f"{unknown['pupil']} lien(s) vers des élèves que Pilote ne connaît pas ont été "
                "ignorés : importez d'abord l'export des élèves (ElevesSansAdresses)."
            )
        if unknown["person"]:
            self.parsed.warn(f"{unknown['person']} lien(s) vers une personne absente ignoré(s).")
        linked = {link.personne_id for link in kept.values()}
        self.parsed.records = [
            *(person for pid, person in self.persons.items() if pid in linked),
            *kept.values(),
        ]


class StructuresReader(BeeReader):
    """``Structures`` (root BEE_STRUCTURES): divisions with their MEFs, groups with their
    divisions. Codes are in the CODE_STRUCTURE attribute; the element form is tolerated."""

    def __init__(self, school, **kwargs):
        super().__init__(school, **kwargs)
        self.structures: dict[str, StructureRecord] = {}

    def handlers(self) -> dict:
        return {"DIVISION": self.read_division, "GROUPE": self.read_group}

    def read_structure(self, element, is_group: bool) -> StructureRecord | None:
        code = " ".join(
            (attr(element, "CODE_STRUCTURE") or text(element, "CODE_STRUCTURE")).split()
        )
        if not code:
            self.parsed.error("structure sans CODE_STRUCTURE.", location(element))
            return None
        if code == INACTIVE_DIVISION:
            return None
        record = StructureRecord(code, is_group, label=text(element, "LIBELLE_LONG"))
        self.structures[code] = record
        return record

    def read_division(self, element):
        if element.getparent().tag != "DIVISIONS":
            return False
        record = self.read_structure(element, is_group=False)
        if record:
            record.mefs = mef_codes(element)
        return None

    def read_group(self, element):
        if element.getparent().tag != "GROUPES":
            return False
        record = self.read_structure(element, is_group=True)
        if record:
            record.divisions = {
                " ".join(code.split())
                for node in element.iter("DIVISION_APPARTENANCE")
                if (code := attr(node, "CODE_STRUCTURE") or text(node, "CODE_STRUCTURE"))
            }
        return None

    def finish(self) -> None:
        self.parsed.records = list(self.structures.values())


class NomenclatureReader(BeeReader):
    """``Nomenclature`` (root BEE_NOMENCLATURES): MEFs (with the labels that give the level)
    and subjects."""

    def __init__(self, school, **kwargs):
        super().__init__(school, **kwargs)
        self.mefs: dict[str, MefRecord] = {}
        self.subjects: dict[str, SubjectRecord] = {}

    def handlers(self) -> dict:
        return {"MEF": self.read_mef, "MATIERE": self.read_subject}

    def read_mef(self, element):
        if element.getparent().tag != "MEFS":
            return False
        code = attr(element, "CODE_MEF")
        if not code:
            self.parsed.error("MEF sans CODE_MEF.", location(element))
            return None
        self.mefs[code] = MefRecord(
            code=code,
            label=long_label(element),
            formation=text(element, "FORMATION"),
            attached_code=text(element, "MEF_RATTACHEMENT"),
        )
        return None

    def read_subject(self, element):
        if element.getparent().tag != "MATIERES":
            return False
        code = attr(element, "CODE_MATIERE")
        if not code:
            self.parsed.error("matière sans CODE_MATIERE.", location(element))
            return None
        self.subjects[code] = SubjectRecord.read(element, code)
        return None

    def finish(self) -> None:
        self.parsed.records = [*self.mefs.values(), *self.subjects.values()]
