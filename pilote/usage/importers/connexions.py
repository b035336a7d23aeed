"""A generic connection log (timestamp, user id, profile, service), summed on the way in."""

import tempfile
from pathlib import Path

from pilote.core.choices import Domain
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    insert_rows,
    register_importer,
    update_rows,
    upsert_with_history,
)

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

    streams = True

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        with tempfile.TemporaryDirectory(prefix="pilote-log-") as folder:
            path = Path(folder) / "journal.csv"
            path.write_bytes(content)
            return self.parse_path(path, filename)

    def parse_path(self, path: Path, filename: str) -> ParsedFile:
        """Polars scans the file in streaming: only the sums per person and week are kept."""
        summary = aggregate_log(path, school_uai=self.school.uai)
        parsed = ParsedFile(metadata={"lines": summary.lines})
        for line, message in summary.errors:
            parsed.error(message, f"ligne {line}")
        if not summary.errors:
            parsed.records = summary.person_weeks
            parsed.metadata["services"] = summary.service_weeks
        return parsed

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        """A week's count is replaced by the file's; weeks the file does not cover stay.

        A year's log of a lycée sums to a few hundred thousand person-weeks: they are compared
        and written as plain tuples (core.importing.insert_rows / update_rows, with history
        rows), never as one Python object each."""
        diff = ImportDiff()
        existing = {
            (person, week): (pk, connections, profile)
            for pk, person, week, connections, profile in ConnectionWeek.objects.filter(
                school=self.school
            ).values_list("pk", "person_key", "week_start", "connections", "profile")
        }
        accounts = self.accounts_by_key() if write else {}
        new, changed = [], []
        for person, profile, week, count in parsed.records:
            person = person[:120]
            current = existing.get((person, week))
            if current is None:
                diff.created.append(f"{person} — semaine du {week:%d/%m/%Y}")
                new.append((self.school.pk, person, profile, week, count, accounts.get(person)))
            elif current[1:] != (count, profile):
                diff.updated.append(f"{person} — semaine du {week:%d/%m/%Y}")
                changed.append((current[0], count, profile))
            else:
                diff.unchanged += 1
        if write:
            insert_rows(
                ConnectionWeek,
                ["school_id", "person_key", "profile", "week_start", "connections", "account_id"],
                new,
                user=self.user,
            )
            update_rows(ConnectionWeek, ["connections", "profile"], changed, user=self.user)
        # The services' weekly accesses are a by-product: not counted in the preview.
        self.write_services(parsed.metadata["services"], write=write)
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

    def write_services(self, rows, *, write: bool) -> None:
        existing = {
            (s.period_start, s.profile, s.label): s
            for s in AudienceStat.objects.filter(
                school=self.school, source=StatSource.CONNEXIONS, kind=StatKind.APPLICATION
            )
        }
        upsert_with_history(
            ImportDiff(),
            model=AudienceStat,
            existing=existing,
            records=(
                ((week, profile or Profile.AUTRE, service), service, {"accesses": count})
                for week, profile, service, count in rows
            ),
            fields=("accesses",),
            build=lambda key, values: AudienceStat(
                school=self.school,
                source=StatSource.CONNEXIONS,
                kind=StatKind.APPLICATION,
                period_start=key[0],
                profile=key[1],
                label=key[2],
                **values,
            ),
            write=write,
            user=self.user,
        )
