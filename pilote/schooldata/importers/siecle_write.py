"""Writing each SIECLE file: the plan is computed the same way for the preview and the apply."""

from pilote.core.importing import ImportDiff

from ..models import Division, Guardian, GuardianLink, Mef, Pupil, Subject
from .siecle_parse import (
    GuardianRecord,
    LinkRecord,
    MefRecord,
    PupilRecord,
    StructureRecord,
    SubjectRecord,
)
from .sync import add_to_diff, create_rows, plan, sync_m2m, update_rows

PUPIL_FIELDS = (
    "elenoet",
    "ine",
    "previous_ine",
    "last_name",
    "birth_name",
    "first_name",
    "other_first_names",
    "birth_date",
    "sex",
    "mef",
    "entry_date",
    "exit_date",
    "is_active",
)
LABELS = {
    "division": "division",
    "groups": "groupes",
    "is_active": "présent",
    "ine": "INE",
    "previous_ine": "ancien INE",
    "last_name": "nom",
    "birth_name": "nom de famille",
    "first_name": "prénom",
    "other_first_names": "autres prénoms",
    "birth_date": "naissance",
    "sex": "sexe",
    "mef": "MEF",
    "entry_date": "entrée",
    "exit_date": "sortie",
    "elenoet": "ELENOET",
    "label": "libellé",
    "mefs": "MEF",
    "divisions": "divisions",
    "in_siecle": "connue de SIECLE",
    "is_group": "groupe",
    "civility": "civilité",
    "email": "courriel",
    "mobile": "portable",
    "responsibility": "responsabilité",
    "relationship": "parenté",
    "is_legal": "représentant légal",
    "legacy_rank": "rang",
    "pays_fees": "paie les frais",
    "formation": "formation",
    "attached_code": "MEF de rattachement",
    "level": "niveau",
    "management_code": "code de gestion",
    "short_label": "libellé court",
}


def of_type(parsed, cls) -> list:
    return [record for record in parsed.records if isinstance(record, cls)]


def division_ids(school) -> dict[str, int]:
    return dict(Division.objects.for_school(school).values_list("code", "pk"))


def ensure_divisions(school, structures: dict[str, bool], *, flag: str) -> list[str]:
    """Create the divisions / groups a file names and Pilote does not know yet; mark the
    known ones as known of this source (``flag`` is ``in_siecle`` or ``in_sts``)."""
    existing = {d.code: d for d in Division.objects.for_school(school)}
    created = [
        Division(school=school, code=code, is_group=is_group, **{flag: True})
        for code, is_group in structures.items()
        if code not in existing
    ]
    create_rows(Division, created)
    flagged = []
    for code in structures:
        division = existing.get(code)
        if division is not None and not getattr(division, flag):
            setattr(division, flag, True)
            flagged.append(division)
    update_rows(Division, flagged, [flag])
    return [d.code for d in created]


class PupilsWriter:
    def __init__(self, school, parsed):
        self.school = school
        self.records = {r.siecle_id: r for r in of_type(parsed, PupilRecord)}
        self.structures = {r.code: r.is_group for r in of_type(parsed, StructureRecord)}
        self.rows = {
            p.siecle_id: p
            for p in Pupil.objects.for_school(school)
            .select_related("division")
            .prefetch_related("groups")
        }
        existing = {key: self.snapshot(p) for key, p in self.rows.items()}
        wanted = {key: self.wanted(r) for key, r in self.records.items()}
        self.plan = plan(existing, wanted)
        # Pupils leaving: active ones absent from the file, or now with a DATE_SORTIE.
        self.leaving = [k for k in self.plan.missing if existing[k]["is_active"]]
        self.departing = [k for k, changes in self.plan.update if _leaves(changes)]
        self.plan.update = [(k, c) for k, c in self.plan.update if not _leaves(c)]

    @staticmethod
    def snapshot(pupil: Pupil) -> dict:
        values = {name: getattr(pupil, name) for name in PUPIL_FIELDS}
        values["division"] = pupil.division.code if pupil.division else ""
        values["groups"] = frozenset(g.code for g in pupil.groups.all())
        return values

    @staticmethod
    def wanted(record: PupilRecord) -> dict:
        values = {name: getattr(record, name) for name in PUPIL_FIELDS if name != "is_active"}
        values["is_active"] = record.is_active
        values["division"] = record.division
        values["groups"] = frozenset(record.groups)
        return values

    def label(self, key) -> str:
        record = self.records.get(key) or self.rows[key]
        return f"{record.last_name} {record.first_name} (ELEVE_ID {key})"

    def diff(self) -> ImportDiff:
        diff = ImportDiff()
        new_divisions = [c for c in self.structures if c not in division_ids(self.school)]
        diff.created.extend(f"division ou groupe « {code} »" for code in new_divisions)
        add_to_diff(diff, self.plan, label=self.label, labels=LABELS, left=self.leaving)
        diff.left.extend(self.label(k) for k in self.departing)
        return diff

    def apply(self) -> ImportDiff:
        diff = self.diff()
        ensure_divisions(self.school, self.structures, flag="in_siecle")
        ids = division_ids(self.school)
        created = [self.build(Pupil(school=self.school), key, ids) for key in self.plan.create]
        create_rows(Pupil, created)
        changed = [self.build(self.rows[key], key, ids) for key, _ in self.plan.update]
        changed += [self.build(self.rows[key], key, ids) for key in self.departing]
        for key in self.leaving:
            self.rows[key].is_active = False
            changed.append(self.rows[key])
        update_rows(Pupil, changed, [*PUPIL_FIELDS, "division"])
        pupil_ids = dict(
            Pupil.objects.for_school(self.school)
            .filter(siecle_id__in=self.records)
            .values_list("siecle_id", "pk")
        )
        sync_m2m(
            Pupil.groups.through,
            "pupil_id",
            "division_id",
            pupil_ids.values(),
            {
                (pupil_ids[key], ids[code])
                for key, record in self.records.items()
                for code in record.groups
            },
        )
        return diff

    def build(self, pupil: Pupil, key: str, ids: dict[str, int]) -> Pupil:
        record = self.records[key]
        for name in PUPIL_FIELDS:
            setattr(pupil, name, record.is_active if name == "is_active" else getattr(record, name))
        pupil.siecle_id = key
        pupil.division_id = ids.get(record.division)
        return pupil


def _leaves(changes: dict) -> bool:
    return changes.get("is_active") == (True, False)


class ResponsiblesWriter:
    GUARDIAN_FIELDS = ("civility", "last_name", "first_name", "email", "mobile")
    LINK_FIELDS = ("responsibility", "relationship", "is_legal", "legacy_rank", "pays_fees")

    def __init__(self, school, parsed):
        self.school = school
        self.persons = {r.personne_id: r for r in of_type(parsed, GuardianRecord)}
        self.links = {(r.pupil_id, r.personne_id): r for r in of_type(parsed, LinkRecord)}
        self.guardian_rows = {g.personne_id: g for g in Guardian.objects.for_school(school)}
        self.link_rows = {
            (link.pupil.siecle_id, link.guardian.personne_id): link
            for link in GuardianLink.objects.for_school(school).select_related("pupil", "guardian")
        }
        self.guardian_plan = plan(
            {k: values_of(g, self.GUARDIAN_FIELDS) for k, g in self.guardian_rows.items()},
            {k: values_of(r, self.GUARDIAN_FIELDS) for k, r in self.persons.items()},
        )
        self.link_plan = plan(
            {k: values_of(link, self.LINK_FIELDS) for k, link in self.link_rows.items()},
            {k: values_of(r, self.LINK_FIELDS) for k, r in self.links.items()},
        )

    def guardian_label(self, key) -> str:
        person = self.persons.get(key) or self.guardian_rows[key]
        return f"responsable {person.last_name} {person.first_name} (PERSONNE_ID {key})"

    def link_label(self, key) -> str:
        return f"lien ELEVE_ID {key[0]} – PERSONNE_ID {key[1]}"

    def diff(self) -> ImportDiff:
        diff = ImportDiff()
        add_to_diff(diff, self.guardian_plan, label=self.guardian_label, labels=LABELS)
        add_to_diff(diff, self.link_plan, label=self.link_label, labels=LABELS)
        return diff

    def apply(self) -> ImportDiff:
        diff = self.diff()
        guardians = [
            self.fill(Guardian(school=self.school, personne_id=k), self.persons[k])
            for k in self.guardian_plan.create
        ]
        create_rows(Guardian, guardians)
        update_rows(
            Guardian,
            [
                self.fill(self.guardian_rows[k], self.persons[k])
                for k, _ in self.guardian_plan.update
            ],
            [*self.GUARDIAN_FIELDS, "has_email", "has_mobile"],
        )
        pupil_ids = dict(Pupil.objects.for_school(self.school).values_list("siecle_id", "pk"))
        guardian_ids = dict(
            Guardian.objects.for_school(self.school).values_list("personne_id", "pk")
        )
        create_rows(
            GuardianLink,
            [
                GuardianLink(
                    school=self.school,
                    pupil_id=pupil_ids[key[0]],
                    guardian_id=guardian_ids[key[1]],
                    **values_of(self.links[key], self.LINK_FIELDS),
                )
                for key in self.link_plan.create
            ],
        )
        updated_links = []
        for key, _changes in self.link_plan.update:
            link = self.link_rows[key]
            for name, value in values_of(self.links[key], self.LINK_FIELDS).items():
                setattr(link, name, value)
            updated_links.append(link)
        update_rows(GuardianLink, updated_links, self.LINK_FIELDS)
        GuardianLink.objects.filter(
            pk__in=[self.link_rows[k].pk for k in self.link_plan.missing]
        ).delete()
        Guardian.objects.filter(
            pk__in=[self.guardian_rows[k].pk for k in self.guardian_plan.missing]
        ).delete()
        return diff

    @staticmethod
    def fill(guardian: Guardian, record: GuardianRecord) -> Guardian:
        for name in ResponsiblesWriter.GUARDIAN_FIELDS:
            setattr(guardian, name, getattr(record, name))
        guardian.has_email = bool(record.email)
        guardian.has_mobile = bool(record.mobile)
        return guardian


def values_of(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


class StructuresWriter:
    """Structures.xml is the authority on which divisions SIECLE knows: a division absent
    from it is no longer « connue de SIECLE » (it stays, pupils and services may point to it)."""

    def __init__(self, school, parsed):
        self.school = school
        self.records = {r.code: r for r in of_type(parsed, StructureRecord)}
        self.rows = {
            d.code: d
            for d in Division.objects.for_school(school).prefetch_related("mefs", "divisions")
        }
        existing = {
            code: {
                "label": d.label,
                "is_group": d.is_group,
                "mefs": frozenset(m.code for m in d.mefs.all()),
                "divisions": frozenset(x.code for x in d.divisions.all()),
                "in_siecle": d.in_siecle,
            }
            for code, d in self.rows.items()
        }
        wanted = {
            code: {
                "label": r.label,
                "is_group": r.is_group,
                "mefs": frozenset(r.mefs),
                "divisions": frozenset(r.divisions & (self.records.keys() | self.rows.keys())),
                "in_siecle": True,
            }
            for code, r in self.records.items()
        }
        self.plan = plan(existing, wanted)
        self.leaving = [code for code in self.plan.missing if existing[code]["in_siecle"]]

    def label(self, code) -> str:
        return f"division ou groupe « {code} »"

    def diff(self) -> ImportDiff:
        diff = ImportDiff()
        add_to_diff(diff, self.plan, label=self.label, labels=LABELS, left=self.leaving)
        return diff

    def apply(self) -> ImportDiff:
        diff = self.diff()
        known_mefs = set(Mef.objects.for_school(self.school).values_list("code", flat=True))
        needed = {code for r in self.records.values() for code in r.mefs} - known_mefs
        create_rows(Mef, [Mef(school=self.school, code=code) for code in sorted(needed)])
        create_rows(
            Division,
            [
                Division(
                    school=self.school,
                    code=c,
                    label=self.records[c].label,
                    is_group=self.records[c].is_group,
                    in_siecle=True,
                )
                for c in self.plan.create
            ],
        )
        changed = []
        for code, _changes in self.plan.update:
            division, record = self.rows[code], self.records[code]
            division.label, division.is_group, division.in_siecle = (
                record.label,
                record.is_group,
                True,
            )
            changed.append(division)
        for code in self.leaving:
            self.rows[code].in_siecle = False
            changed.append(self.rows[code])
        update_rows(Division, changed, ["label", "is_group", "in_siecle"])
        ids = division_ids(self.school)
        mef_ids = dict(Mef.objects.for_school(self.school).values_list("code", "pk"))
        owners = [ids[code] for code in self.records]
        sync_m2m(
            Division.mefs.through,
            "division_id",
            "mef_id",
            owners,
            {(ids[c], mef_ids[m]) for c, r in self.records.items() for m in r.mefs},
        )
        sync_m2m(
            Division.divisions.through,
            "from_division_id",
            "to_division_id",
            owners,
            {(ids[c], ids[d]) for c, r in self.records.items() for d in r.divisions if d in ids},
        )
        return diff


class NomenclatureWriter:
    """Nomenclature.xml completes MEFs and subjects; it never removes one (other files and
    STS-web may still use it)."""

    MEF_FIELDS = ("label", "formation", "attached_code", "level")
    SUBJECT_FIELDS = ("management_code", "short_label", "label")

    def __init__(self, school, parsed):
        from ..levels import mef_level

        self.school = school
        self.mefs = {
            r.code: {
                "label": r.label,
                "formation": r.formation,
                "attached_code": r.attached_code,
                "level": mef_level(r.code, r.formation, r.label, attached_code=r.attached_code),
            }
            for r in of_type(parsed, MefRecord)
        }
        self.subjects = {
            r.code: values_of(r, self.SUBJECT_FIELDS) for r in of_type(parsed, SubjectRecord)
        }
        self.mef_rows = {m.code: m for m in Mef.objects.for_school(school)}
        self.subject_rows = {s.code: s for s in Subject.objects.for_school(school)}
        # A file that leaves a value empty (STS-web has no MEF_RATTACHEMENT) keeps the known one.
        for code, values in self.mefs.items():
            if code in self.mef_rows:
                for name, value in values.items():
                    values[name] = value or getattr(self.mef_rows[code], name)
        self.mef_plan = plan(
            {k: values_of(m, self.MEF_FIELDS) for k, m in self.mef_rows.items()}, self.mefs
        )
        self.subject_plan = plan(
            {k: values_of(s, self.SUBJECT_FIELDS) for k, s in self.subject_rows.items()},
            self.subjects,
        )

    def diff(self) -> ImportDiff:
        diff = ImportDiff()
        add_to_diff(diff, self.mef_plan, label=lambda k: f"MEF {k}", labels=LABELS, left=[])
        add_to_diff(diff, self.subject_plan, label=lambda k: f"matière {k}", labels=LABELS, left=[])
        return diff

    def apply(self) -> ImportDiff:
        diff = self.diff()
        upsert(Mef, self.school, self.mef_rows, self.mefs, self.mef_plan, self.MEF_FIELDS)
        upsert(
            Subject,
            self.school,
            self.subject_rows,
            self.subjects,
            self.subject_plan,
            self.SUBJECT_FIELDS,
        )
        return diff


def upsert(model, school, rows: dict, wanted: dict, result, fields) -> None:
    """Create the planned rows and update the changed ones (keyed by ``code``)."""
    create_rows(model, [model(school=school, code=k, **wanted[k]) for k in result.create])
    changed = []
    for key, _changes in result.update:
        row = rows[key]
        for name in fields:
            setattr(row, name, wanted[key][name])
        changed.append(row)
    update_rows(model, changed, fields)
