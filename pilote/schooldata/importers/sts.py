"""``pilote import sts FILE``: the STS-web export for the timetable, ``sts_emp_<UAI>_<year>.xml``
(root STS_EDT, FORMATS.md §2): staff, divisions and groups, and the teaching services.

Unlike SIECLE, the UAI is an attribute (``<UAJ CODE="…">``), the year too, and there is no
export timestamp: the freshness of STS-web counts from the import. Early in the year the file
may still carry no services until the timetable has been sent back to STS-web; Pilote then
shows divisions without services rather than guessing.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from pilote.core.importing import ImportDiff, register_importer

from ..choices import Source, StaffType
from ..models import Division, StaffMember, Subject, TeachingService
from .base import ExportImporter
from .siecle_parse import BeeReader, MefRecord, SubjectRecord, long_label, mef_codes
from .siecle_write import (
    LABELS,
    NomenclatureWriter,
    division_ids,
    ensure_divisions,
    of_type,
    values_of,
)
from .sync import add_to_diff, create_rows, plan, sync_m2m, update_rows
from .xmlfile import attr, check_envelope, location, parse_iso_date, text

CIVILITIES = {"1": "M.", "2": "Mme", "3": "Mlle"}


@dataclass
class StaffRecord:
    sts_type: str
    sts_id: str
    civility: str
    last_name: str
    birth_name: str
    first_name: str
    function: str
    grade: str
    disciplines: list[dict]
    is_substitute: bool
    main_divisions: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.sts_type}:{self.sts_id}"


@dataclass
class ServiceRecord:
    subject: str
    course_mode: str
    teachers: set[str]


@dataclass
class StsStructureRecord:
    code: str
    is_group: bool
    label: str
    expected_headcount: int | None
    mefs: set[str]
    divisions: set[str]
    services: list[ServiceRecord]


def staff_key(element) -> str:
    return f"{attr(element, 'TYPE') or StaffType.EPP}:{attr(element, 'ID')}"


class StsReader(BeeReader):
    def __init__(self, school, **kwargs):
        super().__init__(school, **kwargs)
        self.staff: dict[str, StaffRecord] = {}
        self.structures: dict[str, StsStructureRecord] = {}
        self.mefs: dict[str, MefRecord] = {}
        self.subjects: dict[str, SubjectRecord] = {}

    def handlers(self) -> dict:
        return {
            "MATIERE": self.read_subject,
            "MEF": self.read_mef,
            "INDIVIDU": self.read_person,
            "SUPPLEANT": self.read_person,
            "DIVISION": self.read_structure,
            "GROUPE": self.read_structure,
        }

    def read_parameters(self, element) -> None:
        uaj, year = element.find("UAJ"), element.find("ANNEE_SCOLAIRE")
        check_envelope(
            self.parsed,
            self.school,
            uaj=attr(uaj, "CODE") if uaj is not None else "",
            year=attr(year, "ANNEE") if year is not None else "",
            where=location(element, "PARAMETRES"),
        )
        self.parsed.metadata["exported_at"] = None

    def read_subject(self, element):
        if element.getparent().tag != "MATIERES":
            return False
        code = attr(element, "CODE")
        if code:
            self.subjects[code] = SubjectRecord.read(element, code)
        return None

    def read_mef(self, element):
        if element.getparent().tag != "MEFS":
            return False
        code = attr(element, "CODE")
        if code:
            self.mefs[code] = MefRecord(
                code=code,
                label=long_label(element),
                formation=text(element, "FORMATION") or text(element, "LIBELLE_COURT"),
                attached_code="",
            )
        return None

    def read_person(self, element):
        if element.getparent().tag not in ("INDIVIDUS", "SUPPLEANTS"):
            return False
        last_name = text(element, "NOM_USAGE") or text(element, "NOM_PATRONYMIQUE")
        first_name = text(element, "PRENOM")
        self.check_names(element, last_name, first_name)
        where = location(element, f"personnel {last_name} {first_name}")
        if not attr(element, "ID"):
            self.parsed.error("personnel sans identifiant (INDIVIDU@ID).", where)
            return None
        if not last_name:
            self.parsed.error("nom du personnel absent.", where)
        record = StaffRecord(
            sts_type=attr(element, "TYPE") or StaffType.EPP,
            sts_id=attr(element, "ID"),
            civility=CIVILITIES.get(text(element, "CIVILITE"), ""),
            last_name=last_name,
            birth_name=text(element, "NOM_PATRONYMIQUE"),
            first_name=first_name,
            function=text(element, "FONCTION").upper(),
            grade=text(element, "GRADE"),
            disciplines=[
                {
                    "code": attr(node, "CODE"),
                    "label": text(node, "LIBELLE_COURT"),
                    "hours": text(node, "NB_HEURES"),
                }
                for node in element.iterfind("DISCIPLINES/DISCIPLINE")
            ],
            is_substitute=element.tag == "SUPPLEANT",
            main_divisions=self.main_divisions(element, where),
        )
        if record.sts_type not in StaffType.values:
            self.parsed.warn(f"TYPE de personnel inconnu « {record.sts_type} ».", where)
        self.staff.setdefault(record.key, record)
        return None

    def main_divisions(self, element, where) -> set[str]:
        """Divisions the person is professeur principal of today (DATE_FIN not passed)."""
        today = timezone.localdate()
        codes = set()
        for node in element.iterfind("PROFS_PRINC/PROF_PRINC"):
            try:
                end = parse_iso_date(text(node, "DATE_FIN"))
            except ValueError:
                self.parsed.warn(f"DATE_FIN « {text(node, 'DATE_FIN')} » illisible.", where)
                end = None
            code = " ".join(text(node, "CODE_STRUCTURE").split())
            if code and (end is None or end >= today):
                codes.add(code)
        return codes

    def read_structure(self, element):
        parent = element.getparent().tag
        if parent not in ("DIVISIONS", "GROUPES"):
            return False
        code = " ".join(attr(element, "CODE").split())
        if not code:
            self.parsed.error("division ou groupe sans CODE.", location(element))
            return None
        headcount = text(element, "EFFECTIF_PREVU")
        mefs = mef_codes(element) | {
            attr(node, "CODE") for node in element.iterfind("MEFS_APPARTENANCE/MEF")
        }
        self.structures[code] = StsStructureRecord(
            code=code,
            is_group=parent == "GROUPES",
            label=text(element, "LIBELLE_LONG"),
            expected_headcount=int(headcount) if headcount.isdigit() else None,
            mefs=mefs - {""},
            divisions={
                " ".join(attr(node, "CODE").split())
                for node in element.iterfind("DIVISIONS_APPARTENANCE/DIVISION_APPARTENANCE")
            }
            - {""},
            services=[
                ServiceRecord(
                    subject=attr(node, "CODE_MATIERE"),
                    course_mode=attr(node, "CODE_MOD_COURS"),
                    teachers={staff_key(t) for t in node.iterfind("ENSEIGNANTS/ENSEIGNANT")},
                )
                for node in element.iterfind("SERVICES/SERVICE")
                if attr(node, "CODE_MATIERE")
            ],
        )
        return None

    def finish(self) -> None:
        unknown = {
            teacher
            for structure in self.structures.values()
            for service in structure.services
            for teacher in service.teachers
            if teacher not in self.staff
        }
        if unknown:
            self.parsed.warn(
                f"{len(unknown)} enseignant(s) de services absent(s) de la liste des personnels "
                "(ignoré(s)) : " + ", ".join(sorted(unknown)[:10])
            )
        self.parsed.records = [
            *self.mefs.values(),
            *self.subjects.values(),
            *self.staff.values(),
            *self.structures.values(),
        ]


STAFF_FIELDS = (
    "civility",
    "last_name",
    "birth_name",
    "first_name",
    "function",
    "grade",
    "disciplines",
    "is_substitute",
)


class StsWriter:
    """Staff and services follow the file exactly (absent ones are removed); divisions are
    only marked « connue de STS-web » or not, since SIECLE may know them; group ↔ division
    and MEF links are taken from STS-web only for structures SIECLE does not know."""

    def __init__(self, school, parsed):
        self.school = school
        self.nomenclature = NomenclatureWriter(school, parsed)
        self.staff = {r.key: r for r in of_type(parsed, StaffRecord)}
        self.structures = {r.code: r for r in of_type(parsed, StsStructureRecord)}
        self.staff_rows = {
            f"{s.sts_type}:{s.sts_id}": s for s in StaffMember.objects.for_school(school)
        }
        self.staff_plan = plan(
            {k: values_of(s, STAFF_FIELDS) for k, s in self.staff_rows.items()},
            {k: values_of(r, STAFF_FIELDS) for k, r in self.staff.items()},
        )
        self.service_rows = {
            (s.division.code, s.subject.code, s.course_mode): s
            for s in TeachingService.objects.for_school(school)
            .select_related("division", "subject")
            .prefetch_related("teachers")
        }
        self.service_plan = plan(
            {
                key: {"teachers": frozenset(f"{t.sts_type}:{t.sts_id}" for t in s.teachers.all())}
                for key, s in self.service_rows.items()
            },
            self.wanted_services(),
        )
        self.division_rows = {d.code: d for d in Division.objects.for_school(school)}
        self.leaving_divisions = [
            code
            for code, d in self.division_rows.items()
            if d.in_sts and code not in self.structures
        ]

    def wanted_services(self) -> dict:
        wanted = {}
        for code, structure in self.structures.items():
            for service in structure.services:
                key = (code, service.subject, service.course_mode)
                teachers = frozenset(t for t in service.teachers if t in self.staff)
                wanted[key] = {
                    "teachers": wanted.get(key, {}).get("teachers", frozenset()) | teachers
                }
        return wanted

    def staff_label(self, key) -> str:
        person = self.staff.get(key) or self.staff_rows[key]
        return f"personnel {person.last_name} {person.first_name}"

    @staticmethod
    def service_label(key) -> str:
        division, subject, mode = key
        return f"service {division} – matière {subject}" + (f" ({mode})" if mode else "")

    def diff(self) -> ImportDiff:
        diff = self.nomenclature.diff()
        new = [c for c in self.structures if c not in self.division_rows]
        diff.created.extend(f"division ou groupe « {code} »" for code in new)
        add_to_diff(diff, self.staff_plan, label=self.staff_label, labels=LABELS)
        add_to_diff(diff, self.service_plan, label=self.service_label, labels=LABELS)
        diff.left.extend(f"division « {c} » absente de STS-web" for c in self.leaving_divisions)
        return diff

    def apply(self) -> ImportDiff:
        diff = self.diff()
        self.nomenclature.apply()
        self.write_staff()
        self.write_divisions()
        self.write_services()
        return diff

    def write_staff(self) -> None:
        create_rows(
            StaffMember,
            [
                StaffMember(
                    school=self.school,
                    sts_type=r.sts_type,
                    sts_id=r.sts_id,
                    **values_of(r, STAFF_FIELDS),
                )
                for r in (self.staff[k] for k in self.staff_plan.create)
            ],
        )
        changed = []
        for key, _changes in self.staff_plan.update:
            row = self.staff_rows[key]
            for name, value in values_of(self.staff[key], STAFF_FIELDS).items():
                setattr(row, name, value)
            changed.append(row)
        update_rows(StaffMember, changed, STAFF_FIELDS)
        StaffMember.objects.filter(
            pk__in=[self.staff_rows[k].pk for k in self.staff_plan.missing]
        ).delete()

    def write_divisions(self) -> None:
        ensure_divisions(
            self.school, {c: s.is_group for c, s in self.structures.items()}, flag="in_sts"
        )
        rows = {d.code: d for d in Division.objects.for_school(self.school)}
        changed = []
        for code, structure in self.structures.items():
            division = rows[code]
            label = division.label or structure.label
            if (division.label, division.expected_headcount) != (
                label,
                structure.expected_headcount,
            ):
                division.label, division.expected_headcount = label, structure.expected_headcount
                changed.append(division)
        for code in self.leaving_divisions:
            rows[code].in_sts = False
            changed.append(rows[code])
        update_rows(Division, changed, ["label", "expected_headcount", "in_sts"])
        self.write_links(rows)

    def write_links(self, rows: dict) -> None:
        ids = {code: d.pk for code, d in rows.items()}
        sts_only = [c for c in self.structures if not rows[c].in_siecle]
        mef_ids = self.ensure_mefs({m for c in sts_only for m in self.structures[c].mefs})
        sync_m2m(
            Division.mefs.through,
            "division_id",
            "mef_id",
            [ids[c] for c in sts_only],
            {(ids[c], mef_ids[m]) for c in sts_only for m in self.structures[c].mefs},
        )
        sync_m2m(
            Division.divisions.through,
            "from_division_id",
            "to_division_id",
            [ids[c] for c in sts_only],
            {(ids[c], ids[d]) for c in sts_only for d in self.structures[c].divisions if d in ids},
        )
        staff_ids = {
            f"{t}:{i}": pk
            for t, i, pk in StaffMember.objects.for_school(self.school).values_list(
                "sts_type", "sts_id", "pk"
            )
        }
        sync_m2m(
            Division.main_teachers.through,
            "division_id",
            "staffmember_id",
            [ids[c] for c in self.structures],
            {
                (ids[code], staff_ids[key])
                for key, record in self.staff.items()
                for code in record.main_divisions
                if code in ids
            },
        )

    def ensure_mefs(self, codes: set[str]) -> dict[str, int]:
        from ..models import Mef

        known = dict(Mef.objects.for_school(self.school).values_list("code", "pk"))
        create_rows(Mef, [Mef(school=self.school, code=c) for c in sorted(codes - known.keys())])
        return dict(Mef.objects.for_school(self.school).values_list("code", "pk"))

    def write_services(self) -> None:
        ids = division_ids(self.school)
        subjects = dict(Subject.objects.for_school(self.school).values_list("code", "pk"))
        missing_subjects = {key[1] for key in self.service_plan.create} - subjects.keys()
        create_rows(
            Subject, [Subject(school=self.school, code=c) for c in sorted(missing_subjects)]
        )
        subjects = dict(Subject.objects.for_school(self.school).values_list("code", "pk"))
        create_rows(
            TeachingService,
            [
                TeachingService(
                    school=self.school, division_id=ids[d], subject_id=subjects[s], course_mode=m
                )
                for d, s, m in self.service_plan.create
            ],
        )
        TeachingService.objects.filter(
            pk__in=[self.service_rows[k].pk for k in self.service_plan.missing]
        ).delete()
        services = {
            (s.division.code, s.subject.code, s.course_mode): s.pk
            for s in TeachingService.objects.for_school(self.school).select_related(
                "division", "subject"
            )
        }
        staff_ids = {
            f"{t}:{i}": pk
            for t, i, pk in StaffMember.objects.for_school(self.school).values_list(
                "sts_type", "sts_id", "pk"
            )
        }
        wanted = self.wanted_services()
        sync_m2m(
            TeachingService.teachers.through,
            "teachingservice_id",
            "staffmember_id",
            services.values(),
            {
                (services[key], staff_ids[teacher])
                for key, values in wanted.items()
                for teacher in values["teachers"]
            },
        )


@register_importer
class StsImporter(ExportImporter):
    left_phrases = {Source.STS: "{n} personnels ou divisions seront marqués absents de STS-web"}
    kind = "sts"
    origin = "sts"
    label = "STS-web (personnels, structures, services)"
    help_text = (
        "Export de STS-web « Emploi du temps » tel que téléchargé : sts_emp_<UAI>_<année>.xml "
        "(ou dans un .zip)."
    )
    expected = "l'export STS-web pour l'emploi du temps (sts_emp_<UAI>_<année>.xml)"
    readers = {Source.STS: StsReader}
    writers = {Source.STS: StsWriter}
