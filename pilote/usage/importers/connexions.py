"""A generic connection log (timestamp, user id, profile, service), summed on the way in."""

import tempfile
from pathlib import Path

from pilote.core.bulk import insert_frame, read_frame, update_frame
from pilote.core.choices import Domain
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    register_importer,
    upsert_with_history,
)

from ..choices import Profile, StatKind, StatSource
from ..connexions import aggregate_log
from ..models import Account, AudienceStat, ConnectionWeek

# A log without UAI cannot be checked against the school: the person does it before applying.
NO_SCHOOL_MESSAGE = (
    "colonne « UAI » absente ou vide : le journal ne dit pas de quel établissement il est. "
    "Vérifiez avant d'appliquer que c'est bien le journal de cet établissement."
)


@register_importer
class ConnectionLogImporter(Importer):
    """Each line is one connection; only the sums per person and week are written."""

    kind = "connexions"
    origin = "ent"
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
        if not summary.names_school:
            parsed.warn(NO_SCHOOL_MESSAGE, filename)
        if not summary.errors:
            parsed.records = summary.persons
            parsed.metadata["services"] = summary.services
        return parsed

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        """A week's count is replaced by the file's; weeks the file does not cover stay.

        A year's log of a lycée sums to a few hundred thousand person-weeks: they are compared
        with the database's by a Polars join and written as frames (core.bulk, with history
        rows), never as one Python object each."""
        import polars as pl

        diff = ImportDiff()
        joined = parsed.records.join(self.existing_weeks(), on=["user", "week"], how="left")
        new = joined.filter(pl.col("pk").is_null())
        changed = joined.filter(
            pl.col("pk").is_not_null()
            & (
                (pl.col("connections") != pl.col("old_connections"))
                | (pl.col("profile") != pl.col("old_profile"))
            )
        )
        diff.count_bulk("created", new.height, _labels(new))
        diff.count_bulk("updated", changed.height, _labels(changed))
        diff.unchanged = joined.height - new.height - changed.height
        if write:
            rows = new.join(self.accounts_by_key(), on="user", how="left").select(
                pl.lit(self.school.pk).alias("school_id"),
                pl.col("user").alias("person_key"),
                "profile",
                pl.col("week").alias("week_start"),
                "connections",
                "account_id",
            )
            insert_frame(ConnectionWeek, rows, school_id=self.school.pk, user=self.user)
            update_frame(
                ConnectionWeek, changed.select("pk", "connections", "profile"), user=self.user
            )
        # The services' weekly accesses are a by-product: not counted in the preview.
        self.write_services(parsed.metadata["services"], write=write)
        return diff

    def existing_weeks(self):
        """The school's person-weeks: (pk, user, week, old_connections, old_profile)."""
        import polars as pl

        return read_frame(
            "SELECT id, person_key, CAST(week_start AS TEXT), connections, profile "
            f"FROM {ConnectionWeek._meta.db_table} WHERE school_id = %s",
            [self.school.pk],
            {
                "pk": pl.Int64,
                "user": pl.String,
                "week": pl.Date,
                "old_connections": pl.Int64,
                "old_profile": pl.String,
            },
        )

    def accounts_by_key(self):
        """The log's user id is an ENT account's ``Id`` or its login (the ``Id`` first)."""
        import polars as pl

        keys = {}
        for pk, external_id, login in Account.objects.for_school(self.school).values_list(
            "pk", "external_id", "login"
        ):
            keys[external_id] = pk
            if login:
                keys.setdefault(login, pk)
        return pl.DataFrame(
            {"user": list(keys), "account_id": list(keys.values())},
            schema={"user": pl.String, "account_id": pl.Int64},
        )

    def write_services(self, rows, *, write: bool) -> None:
        existing = {
            (s.period_start, s.profile, s.label): s
            for s in AudienceStat.objects.for_school(self.school).filter(
                source=StatSource.CONNEXIONS, kind=StatKind.APPLICATION
            )
        }
        upsert_with_history(
            ImportDiff(),
            model=AudienceStat,
            existing=existing,
            records=(
                ((week, profile or Profile.AUTRE, service), service, {"accesses": count})
                for week, profile, service, count in rows.iter_rows()
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


def _labels(frame) -> list[str]:
    """How the preview names a few person-weeks (« u1 — semaine du 02/03/2026 »)."""
    return [
        f"{user} — semaine du {week:%d/%m/%Y}"
        for user, week in frame.head(ImportDiff.EXAMPLES).select("user", "week").iter_rows()
    ]
