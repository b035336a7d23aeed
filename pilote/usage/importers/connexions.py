"""A generic connection log (timestamp, user id, profile, service), summed on the way in."""

import tempfile
from pathlib import Path

from pilote.core.choices import Domain
from pilote.core.importing import ImportDiff, Importer, ParsedFile, register_importer

from ..choices import Profile, StatKind, StatSource
from ..connexions import aggregate_log
from ..models import Account, AudienceStat, ConnectionWeek


@register_importer
class ConnectionLogImporter(Importer):
    """Each line is one connection; only the sums per person and week are written."""

    kind = "connexions"
    label = "Journal de connexions"
    domain = Domain.USAGES
    extensions = (".csv",)
    help_text = (
        "Fichier CSV d'une ligne par connexion : horodatage, identifiant de l'utilisateur, "
        "profil, service (ENT, vie scolaire, GAR…). Seuls les totaux par personne et par "
        "semaine sont conservés, jamais les lignes."
    )

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        with tempfile.TemporaryDirectory(prefix="pilote-log-") as folder:
            path = Path(folder) / "journal.csv"
            path.write_bytes(content)
            summary = aggregate_log(path, school_uai=self.school.uai)
        parsed = ParsedFile(metadata={"lines": summary.lines})
        for line, message in summary.errors:
            parsed.error(message, f"ligne {line}")
        if not summary.errors:
            parsed.records = summary.person_weeks
            parsed.metadata["services"] = summary.service_weeks
        return parsed

    def existing(self) -> dict[tuple, ConnectionWeek]:
        return {
            (week.person_key, week.week_start): week
            for week in ConnectionWeek.objects.filter(school=self.school)
        }

    def diff(self, parsed: ParsedFile) -> ImportDiff:
        diff = ImportDiff()
        existing = self.existing()
        for person, _profile, week, count in parsed.records:
            current = existing.get((person, week))
            label = f"{person} — semaine du {week:%d/%m/%Y}"
            if current is None:
                diff.created.append(label)
            elif current.connections != count:
                diff.updated.append(label)
            else:
                diff.unchanged += 1
        return diff

    def apply(self, parsed: ParsedFile) -> ImportDiff:
        diff = self.diff(parsed)
        existing = self.existing()
        accounts = self.accounts_by_key()
        new, changed = [], []
        for person, profile, week, count in parsed.records:
            current = existing.get((person, week))
            if current is None:
                new.append(
                    ConnectionWeek(
                        school=self.school,
                        person_key=person[:120],
                        profile=profile,
                        week_start=week,
                        connections=count,
                        account_id=accounts.get(person),
                    )
                )
            elif current.connections != count:
                current.connections = count
                current.profile = profile
                changed.append(current)
        ConnectionWeek.objects.bulk_create(new, batch_size=1000)
        ConnectionWeek.objects.bulk_update(changed, ["connections", "profile"], batch_size=1000)
        self.write_services(parsed.metadata["services"])
        return diff

    def accounts_by_key(self) -> dict[str, int]:
        """The log's user id is an ENT account's ``Id`` or its login."""
        keys = {}
        for pk, external_id, login in Account.objects.filter(school=self.school).values_list(
            "pk", "external_id", "login"
        ):
            keys[external_id] = pk
            if login:
                keys.setdefault(login, pk)
        return keys

    def write_services(self, rows) -> None:
        existing = {
            (s.period_start, s.profile, s.label): s
            for s in AudienceStat.objects.filter(
                school=self.school, source=StatSource.CONNEXIONS, kind=StatKind.APPLICATION
            )
        }
        new, changed = [], []
        for week, profile, service, count in rows:
            current = existing.get((week, profile, service))
            if current is None:
                new.append(
                    AudienceStat(
                        school=self.school,
                        source=StatSource.CONNEXIONS,
                        kind=StatKind.APPLICATION,
                        period_start=week,
                        profile=profile or Profile.AUTRE,
                        label=service,
                        accesses=count,
                    )
                )
            elif current.accesses != count:
                current.accesses = count
                changed.append(current)
        AudienceStat.objects.bulk_create(new, batch_size=1000)
        AudienceStat.objects.bulk_update(changed, ["accesses"], batch_size=1000)
