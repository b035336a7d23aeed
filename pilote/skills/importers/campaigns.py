"""Pix Orga campaign exports: assessment results (``pix-campagne``) and profile collections
(``pix-profils``), FORMATS.md §3.2 and §3.3.

One file is one campaign. Re-importing a newer export of the same campaign (same
``ID Campagne``) updates its participations: new participants are added, changed lines
updated, participants gone from Pix removed; an export older than the one already imported is
refused, so that a stale file never overwrites fresher results.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.columns import quoted
from pilote.core.files import FileRefused, normalize_label, read_table
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    create_with_history,
    delete_with_history,
    register_importer,
    upsert_with_history,
)
from pilote.core.schoolyear import school_year_of
from pilote.schooldata.matching import PupilMatcher, normalize_division

from ..choices import CampaignKind, MatchStatus
from ..models import (
    COMPETENCE_FIELDS,
    PARTICIPATION_RESULTS,
    Campaign,
    CompetenceResult,
    Participation,
)
from ..pixcsv import (
    describe_columns,
    map_columns,
    parse_datetime,
    parse_fraction,
    parse_int,
    parse_yes_no,
)
from .common import (
    MATCH_FIELDS,
    RowReader,
    describe_date,
    match_values,
    organisation_matches,
    report_pupil_matching,
)

FIXED = {
    "organisation": ["Nom de l'organisation"],
    "campaign_id": ["ID Campagne"],
    "code": ["Code", "Code de la campagne", "Code campagne"],
    "campaign_name": ["Nom de la campagne"],
    "target_profile": ["Parcours", "Nom du Profil Cible"],
    "last_name": ["Nom du Participant"],
    "first_name": ["Prénom du Participant"],
    "division": ["Classe"],
    "group": ["Groupe"],
    "student_number": ["Numéro Étudiant"],
    "progress": ["% de progression"],
    # Current exports: « Date et heure de début (Europe/Paris) » (the zone is ignored).
    "started_at": ["Date de début", "Date et heure de début"],
    "shared": ["Partage (O/N)"],
    "shared_at": ["Date du partage", "Date et heure du partage"],
    "mastery": ["% maitrise de l'ensemble des acquis du profil"],
    "sent": ["Envoi (O/N)"],
    "sent_at": ["Date de l'envoi", "Date et heure de l'envoi"],
    "total_pix": ["Nombre de pix total"],
    "certifiable": ["Certifiable (O/N)"],
    "certifiable_count": ["Nombre de compétences certifiables"],
}
IDENTITY = ("first_name", "division", "group", "student_number")
REQUIRED = ("campaign_id", "campaign_name", "last_name", "first_name")
LABELS = {name: labels[0] for name, labels in FIXED.items()}
EXPORT_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:-\d{4})?\.(?:csv|xlsx)$", re.IGNORECASE)
PARTICIPATION_FIELDS = (
    *MATCH_FIELDS,
    "last_name",
    "first_name",
    "division_code",
    "external_id",
    *PARTICIPATION_RESULTS,
)


@dataclass
class CampaignRecord:
    pix_id: int
    kind: str
    name: str
    code: str
    target_profile: str
    external_id_label: str
    organisation_name: str
    stage_count: int | None
    school_year: int
    exported_on: date | None

    def values(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name,
            "code": self.code,
            "target_profile": self.target_profile,
            "external_id_label": self.external_id_label,
            "organisation_name": self.organisation_name,
            "stage_count": self.stage_count,
            "school_year": self.school_year,
            "exported_on": self.exported_on,
        }


@dataclass
class ParticipationRecord:
    key: str
    values: dict
    competences: dict[str, tuple] = field(default_factory=dict)
    line: int = 0
    note: str = ""

    @property
    def label(self) -> str:
        division = self.values["division_code"]
        name = f"{self.values['last_name']} {self.values['first_name']}"
        return f"{name} ({division})" if division else name


@dataclass
class KindSpec:
    kind: str
    marker: str
    shared: str
    shared_at: str
    prefixes: dict[str, str]
    ignored: tuple[str, ...] = ()
    # Fields reported as « absent » when the file lacks them.
    expected: tuple[str, ...] = ()


COMMON_FIELDS = ("organisation", "campaign_id", "code", "campaign_name", "last_name", "first_name")


EVALUATION = KindSpec(
    kind=CampaignKind.EVALUATION,
    marker="shared",
    shared="shared",
    shared_at="shared_at",
    prefixes={
        "mastery": "% de maitrise des acquis de la compétence",
        "skills_total": "Nombre d'acquis du profil cible dans la compétence",
        "skills_validated": "Acquis maitrisés dans la compétence",
    },
    ignored=(
        "% de maitrise des acquis du domaine",
        "Nombre d'acquis du profil cible du domaine",
        "Acquis maitrisés du domaine",
    ),
    expected=(
        *COMMON_FIELDS,
        "target_profile",
        "division",
        "progress",
        "started_at",
        "shared",
        "shared_at",
        "mastery",
    ),
)
PROFILES = KindSpec(
    kind=CampaignKind.PROFILES,
    marker="sent",
    shared="sent",
    shared_at="sent_at",
    prefixes={
        "level": "Niveau pour la compétence",
        "pix": "Nombre de pix pour la compétence",
    },
    expected=(
        *COMMON_FIELDS,
        "division",
        "sent",
        "sent_at",
        "total_pix",
        "certifiable",
        "certifiable_count",
    ),
)


def participant_key(last_name: str, first_name: str, division: str, external_id: str) -> str:
    """Who a line is about, stable from one export of the campaign to the next."""
    parts = (normalize_label(last_name), normalize_label(first_name))
    return "|".join((*parts, normalize_division(division), external_id.strip().upper()))[:400]


def export_date(filename: str) -> date | None:
    """Pix names its files ``Resultats-{campagne}-{id}-{AAAA-MM-JJ-hhmm}.csv``."""
    found = EXPORT_DATE.search(filename or "")
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


class PixCampaignImporter(Importer):
    """Shared reading of both campaign exports; subclasses say which kind they expect."""

    names_pupils = True

    domain = Domain.COMPETENCES
    extensions = (".csv", ".xlsx")
    personal_data = True
    left_phrase = "{n} participations seront supprimées"
    spec: KindSpec = EVALUATION
    other: "type[PixCampaignImporter] | None" = None

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = read_table(content, filename)
        columns = map_columns(
            table.headers,
            FIXED,
            self.spec.prefixes,
            ignored_prefixes=self.spec.ignored,
            external_id_before="progress" if self.spec is EVALUATION else "sent",
            identity_end=IDENTITY,
        )
        self.check_kind(columns.fixed, filename)
        if not table.rows:
            raise FileRefused(
                f"{filename} ne contient aucune participation : rien à importer pour l'instant."
            )
        parsed = ParsedFile()
        describe_columns(parsed, table.headers, FIXED, columns, self.spec.expected)
        for header in columns.unknown_competences:
            parsed.error(f"compétence inconnue du CRCN dans l'en-tête « {header} ».", filename)
        directory = PupilMatcher(self.school)
        records: dict[str, ParticipationRecord] = {}
        campaign_ids: set[str] = set()
        first_values: dict[str, str] = {}
        for line, row in table.rows:
            reader = RowReader(parsed, table.headers, line, row)
            campaign_ids.add(reader.raw(columns.fixed["campaign_id"]))
            for name in ("organisation", "campaign_name", "code", "target_profile"):
                first_values.setdefault(name, reader.raw(columns.fixed.get(name)))
            record = self.read_row(reader, columns, directory)
            if record is None:
                continue
            if record.key in records:
                parsed.warn(
                    f"{record.label} figure deux fois : la dernière ligne est retenue.",
                    reader.location(),
                )
            records[record.key] = record
        parsed.records = list(records.values())
        if parsed.errors:
            return parsed
        self.check_campaign(parsed, campaign_ids, first_values, columns, filename)
        if not parsed.errors:
            self.report_matching(parsed, directory, first_values.get("organisation", ""))
        return parsed

    def check_kind(self, fixed: dict[str, int], filename: str) -> None:
        missing = [LABELS[name] for name in REQUIRED if name not in fixed]
        if self.spec.marker not in fixed:
            other = self.other
            if other is not None and other.spec.marker in fixed:
                raise FileRefused(
                    f"{filename} est un export « {other.label} » : importez-le avec ce type "
                    "d'import."
                )
            missing.append(LABELS[self.spec.marker])
        if missing:
            raise FileRefused(
                f"{filename} n'est pas un export Pix Orga « {self.label} » : colonnes absentes : "
                f"{quoted(missing)}."
            )

    def read_row(
        self, reader: RowReader, columns, directory: PupilMatcher
    ) -> ParticipationRecord | None:
        fixed = columns.fixed
        last_name = reader.raw(fixed["last_name"])
        first_name = reader.raw(fixed["first_name"])
        if not last_name or not first_name:
            reader.parsed.error("nom ou prénom du participant absent.", reader.location())
            return None
        reader.read(fixed["campaign_id"], parse_int)
        division_code = " ".join(reader.raw(fixed.get("division")).split())
        external_id = reader.raw(columns.external_id)
        shared = reader.read(fixed[self.spec.shared], parse_yes_no)
        values = {
            "last_name": last_name[:100],
            "first_name": first_name[:100],
            "division_code": division_code[:30],
            "external_id": external_id[:100],
            "progress": reader.read(fixed.get("progress"), parse_fraction),
            "started_at": reader.read(fixed.get("started_at"), parse_datetime),
            "shared": bool(shared),
            "shared_at": reader.read(fixed.get(self.spec.shared_at), parse_datetime),
            "stage_reached": reader.read(fixed.get("stage"), parse_int),
            "mastery": reader.read(fixed.get("mastery"), parse_fraction),
            "total_pix": reader.read(fixed.get("total_pix"), parse_int),
            "certifiable": reader.read(fixed.get("certifiable"), parse_yes_no),
            "certifiable_competences": reader.read(fixed.get("certifiable_count"), parse_int),
        }
        competences = {}
        for code, measures in columns.competences.items():
            result = dict.fromkeys(COMPETENCE_FIELDS)
            for measure, index in measures.items():
                parser = parse_fraction if measure == "mastery" else parse_int
                result[measure] = reader.read(index, parser)
            if any(value is not None for value in result.values()):
                competences[code] = tuple(result[name] for name in COMPETENCE_FIELDS)
        if reader.failed:
            return None
        match = directory.match(
            last_name, first_name, divisions=(division_code,), external_id=external_id
        )
        values.update(match_values(match))
        return ParticipationRecord(
            key=participant_key(last_name, first_name, division_code, external_id),
            values=values,
            competences=competences,
            line=reader.line,
            note=match.note,
        )

    def check_campaign(self, parsed, campaign_ids, first_values, columns, filename) -> None:
        ids = sorted(i for i in campaign_ids if i)
        if len(ids) != 1:
            parsed.error(
                "le fichier doit contenir une seule campagne (« ID Campagne » : "
                + (", ".join(ids) or "absent")
                + ").",
                filename,
            )
            return
        pix_id = int(ids[0])
        exported_on = export_date(filename)
        existing = Campaign.objects.for_school(self.school).filter(pix_id=pix_id).first()
        if existing is not None and existing.kind != self.spec.kind:
            parsed.error(
                f"la campagne {pix_id} a déjà été importée comme « "
                f"{existing.get_kind_display()} ».",
                filename,
            )
            return
        if existing and existing.exported_on and exported_on and exported_on < existing.exported_on:
            parsed.error(
                f"cet export du {describe_date(exported_on)} est plus ancien que celui déjà "
                f"importé ({describe_date(existing.exported_on)}) : rien n'est remplacé.",
                filename,
            )
            return
        starts = [
            r.values["started_at"] or r.values["shared_at"]
            for r in parsed.records
            if r.values["started_at"] or r.values["shared_at"]
        ]
        reference = min(starts).date() if starts else (exported_on or timezone.localdate())
        if existing is not None:
            reference = min(reference, date(existing.school_year, 9, 1))
        parsed.metadata["campaign"] = CampaignRecord(
            pix_id=pix_id,
            kind=self.spec.kind,
            name=first_values.get("campaign_name", "")[:255] or f"Campagne {pix_id}",
            code=first_values.get("code", "")[:20],
            target_profile=first_values.get("target_profile", "")[:255],
            external_id_label=columns.external_id_label[:100],
            organisation_name=first_values.get("organisation", "")[:255],
            stage_count=columns.stage_count,
            school_year=school_year_of(reference),
            exported_on=exported_on or (existing.exported_on if existing else None),
        )

    def report_matching(self, parsed, directory: PupilMatcher, organisation: str) -> None:
        records = parsed.records
        matched = sum(1 for r in records if r.values["match_status"] == MatchStatus.MATCHED)
        if not organisation_matches(organisation, self.school) and (
            not records or matched < len(records) / 2
        ):
            parsed.error(
                f"ce fichier vient de l'organisation Pix « {organisation} », pas de "
                f"« {self.school.name} » ({self.school.uai}) : exportez la campagne depuis "
                "l'espace Pix Orga de l'établissement."
            )
            return
        report_pupil_matching(parsed, self.school, directory, "participants", with_notes=True)

    # --- Writing --------------------------------------------------------------------------

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        """Participations are matched by participant, compared and written by the import
        upsert of core; a participation whose competence results changed counts as updated
        and gets the file's results instead of its own."""
        diff = ImportDiff()
        campaign, existing = self.plan_campaign(parsed.metadata["campaign"], diff, write=write)
        rows = {row.key: row for row in parsed.records}
        gone = [p for key, p in existing.items() if key not in rows]
        diff.left = [f"{p.last_name} {p.first_name}" for p in gone]
        replaced = {
            key: p
            for key, p in existing.items()
            if key in rows and stored_results(p) != rows[key].competences
        }
        if write:
            delete_with_history(Participation, [p.pk for p in gone], user=self.user)
        created, _updated = upsert_with_history(
            diff,
            model=Participation,
            existing=existing,
            records=((row.key, row.label, row.values) for row in parsed.records),
            fields=PARTICIPATION_FIELDS,
            build=lambda key, values: Participation(
                school=self.school, campaign=campaign, participant_key=key, **values
            ),
            write=write,
            user=self.user,
            also_changed=lambda key: ["résultats par compétence"] if key in replaced else [],
        )
        if write:
            self.write_results(rows, created, replaced)
        return diff

    def plan_campaign(self, record: CampaignRecord, diff: ImportDiff, *, write: bool):
        """The campaign, created or brought up to date, and its participations by participant
        (none for a new campaign)."""
        campaign = Campaign.objects.for_school(self.school).filter(pix_id=record.pix_id).first()
        if campaign is None:
            diff.created.append(f"Campagne « {record.name} »")
            campaign = Campaign(school=self.school, pix_id=record.pix_id, **record.values())
            if write:
                campaign.save()
            return campaign, {}
        changed = [k for k, v in record.values().items() if getattr(campaign, k) != v]
        if changed:
            diff.updated.append(f"Campagne « {record.name} »")
            if write:
                for name in changed:
                    setattr(campaign, name, record.values()[name])
                campaign.save()
        participations = campaign.participations.prefetch_related("competence_results")
        return campaign, {p.participant_key: p for p in participations}

    def write_results(self, rows: dict, created: list, replaced: dict) -> None:
        """The file's competence results of the new participations and of those whose
        results changed (the old ones deleted, with their history rows)."""
        results = CompetenceResult.objects.filter(participation__in=list(replaced.values()))
        delete_with_history(
            CompetenceResult, list(results.values_list("pk", flat=True)), user=self.user
        )
        targets = [*replaced.values(), *created]
        create_with_history(
            CompetenceResult,
            [
                CompetenceResult(
                    school=self.school,
                    participation=participation,
                    competence=code,
                    **dict(zip(COMPETENCE_FIELDS, measures, strict=True)),
                )
                for participation in targets
                for code, measures in rows[participation.participant_key].competences.items()
            ],
            user=self.user,
        )


def stored_results(participation: Participation) -> dict[str, tuple]:
    return {
        result.competence: tuple(_plain(getattr(result, name)) for name in COMPETENCE_FIELDS)
        for result in participation.competence_results.all()
    }


def _plain(value):
    return value.quantize(Decimal("0.001")) if isinstance(value, Decimal) else value


@register_importer
class PixAssessmentImporter(PixCampaignImporter):
    kind = "pix-campagne"
    origin = "pix"
    label = "Pix — résultats d'une campagne d'évaluation"
    help_text = (
        "Export « Résultats » d'une campagne d'évaluation depuis Pix Orga (CSV tel quel, "
        "séparateur « ; »). Les participants sont rattachés aux élèves SIECLE par "
        "l'identifiant externe de la campagne, sinon par nom, prénom et classe."
    )
    spec = EVALUATION


@register_importer
class PixProfilesImporter(PixCampaignImporter):
    kind = "pix-profils"
    origin = "pix"
    label = "Pix — collecte de profils"
    help_text = (
        "Export « Résultats » d'une campagne de collecte de profils depuis Pix Orga : niveau "
        "et pix par compétence, certifiabilité avant la session de certification."
    )
    spec = PROFILES


PixAssessmentImporter.other = PixProfilesImporter
PixProfilesImporter.other = PixAssessmentImporter
