"""The ENT « Statistiques » exports (FORMATS.md §5.2): audience as the ENT itself counts it.

One importer reads the four exports (accounts, devices, applications, connectors): the
columns say which one it is. A line whose UAI is another school's refuses the whole file;
an empty UAI is the per-class variant, where « Établissement » holds the class.
"""

from dataclasses import dataclass

from pilote.core.choices import Domain
from pilote.core.columns import Column, Columns, header_key
from pilote.core.files import FileRefused, Table, read_table
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    register_importer,
    upsert_with_history,
)

from ..choices import Profile, StatKind, StatSource
from ..models import AudienceStat
from ..parsing import parse_datetime, parse_profile

COMMON = (
    Column("school", ("Établissement",)),
    Column("uai", ("UAI",)),
    Column("date", ("Date",), required=True),
    Column("profile", ("Profil",), required=True),
)
KIND_COLUMNS = {
    StatKind.COMPTES: (
        Column("connections", ("Connexions",)),
        Column("unique_visitors", ("Visiteurs uniques",)),
        Column("loaded_accounts", ("Comptes chargés",)),
        Column("activated_accounts", ("Comptes activés",)),
    ),
    StatKind.SUPPORT: (Column("label", ("Support",)), Column("connections", ("Connexions",))),
    StatKind.APPLICATION: (
        Column("label", ("Application",)),
        Column("accesses", ("Nombre d'accès",)),
    ),
    StatKind.CONNECTEUR: (
        Column("label", ("Connecteur",)),
        Column("accesses", ("Nombre d'accès",)),
    ),
}
COUNTERS = ("connections", "unique_visitors", "loaded_accounts", "activated_accounts", "accesses")


@dataclass
class StatRecord:
    kind: str
    period_start: object
    profile: str
    label: str
    division_label: str
    counts: dict

    @property
    def key(self) -> tuple:
        return (self.kind, self.period_start, self.profile, self.label, self.division_label)

    @property
    def text(self) -> str:
        label = f" {self.label}" if self.label else ""
        return f"{StatKind(self.kind).label}{label} — {Profile(self.profile).label} — " + (
            f"{self.period_start:%d/%m/%Y}"
        )


def detect_kind(table: Table) -> StatKind:
    """The export whose specific columns are all present (most specific first)."""
    keys = {header_key(h) for h in table.headers}
    for kind in (StatKind.COMPTES, StatKind.APPLICATION, StatKind.CONNECTEUR, StatKind.SUPPORT):
        if all(header_key(c.headers[0]) in keys for c in KIND_COLUMNS[kind]):
            return kind
    raise FileRefused(
        "ce fichier n'est pas un export « Statistiques » de l'ENT : il faut les colonnes Date, "
        "Profil et, selon l'export, Connexions, Support, Application ou Connecteur."
    )


def parse_count(value: str) -> int:
    number = int(value.replace("\u202f", "").replace(" ", "") or 0)
    if number < 0:
        raise ValueError(value)
    return number


@register_importer
class EntStatsImporter(Importer):
    kind = "ent-stats"
    origin = "ent"
    label = "Statistiques de l'ENT"
    domain = Domain.USAGES
    help_text = (
        "Application « Statistiques » de l'ENT → Exporter (export-stats-….csv) : connexions et "
        "comptes, supports, accès aux applications ou aux connecteurs (GAR, Pronote…)."
    )

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = read_table(content, filename)
        kind = detect_kind(table)
        columns = Columns(*COMMON, *KIND_COLUMNS[kind]).bind(
            table.headers, filename=filename, what="un export « Statistiques » de l'ENT"
        )
        parsed = ParsedFile(metadata={"kind": kind})
        columns.describe(parsed)
        seen = {}
        for line, row in table.rows:
            record = self.read_row(parsed, kind, columns, line, row)
            if record is None:
                continue
            if record.key in seen:
                parsed.error(
                    f"même période et même profil que la ligne {seen[record.key]}.",
                    f"ligne {line}",
                )
                continue
            seen[record.key] = line
            parsed.records.append(record)
        return parsed

    def read_row(self, parsed, kind, columns, line, row) -> StatRecord | None:
        def cell(row, columns, name):
            return columns.text(row, name)

        location = f"ligne {line}"
        uai = cell(row, columns, "uai").upper()
        if uai and uai != self.school.uai:
            parsed.error(
                f"UAI {uai} : cette ligne concerne un autre établissement que "
                f"{self.school.uai}, le fichier est refusé.",
                location,
            )
            return None
        profile = parse_profile(cell(row, columns, "profile"))
        if profile is None:
            parsed.error(f"profil « {cell(row, columns, 'profile')} » inconnu.", location)
            return None
        try:
            moment = parse_datetime(cell(row, columns, "date"))
        except ValueError as exc:
            parsed.error(f"date illisible « {exc} ».", location)
            return None
        if moment is None:
            parsed.error("la date est vide.", location)
            return None
        counts = {}
        for name in COUNTERS:
            if name not in columns:
                continue
            try:
                counts[name] = parse_count(cell(row, columns, name))
            except ValueError:
                parsed.error(f"« {cell(row, columns, name)} » n'est pas un nombre.", location)
                return None
        return StatRecord(
            kind=kind,
            period_start=moment.date(),
            profile=profile,
            label=cell(row, columns, "label")[:120],
            division_label="" if uai else cell(row, columns, "school")[:120],
            counts=counts,
        )

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        """Upsert: a period already imported takes the newer figures; others stay."""
        diff = ImportDiff()
        existing = {
            (r.kind, r.period_start, r.profile, r.label, r.division_label): r
            for r in AudienceStat.objects.for_school(self.school).filter(
                source=StatSource.ENT_STATS
            )
        }
        # One export, one kind: every line has the same counters.
        fields = tuple(parsed.records[0].counts) if parsed.records else ()
        upsert_with_history(
            diff,
            model=AudienceStat,
            existing=existing,
            records=((r.key, r.text, r.counts) for r in parsed.records),
            fields=fields,
            build=lambda key, values: AudienceStat(
                school=self.school,
                source=StatSource.ENT_STATS,
                kind=key[0],
                period_start=key[1],
                profile=key[2],
                label=key[3],
                division_label=key[4],
                **values,
            ),
            write=write,
            user=self.user,
        )
        return diff
