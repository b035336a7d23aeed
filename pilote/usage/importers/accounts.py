"""Accounts exports (ENT, ÉduConnect): who has an activated account, and when they last came.

Both importers share the same write: the accounts of one source are replaced by the file
(an account absent from the new export has left), each matched to its SIECLE pupil or
guardian; before anything changes the indicators are saved so that the cockpit can show the
trend since the previous export; afterwards the « publics éloignés » cases are re-detected.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.columns import CellError, Column, Columns, parse_french_datetime
from pilote.core.files import FileRefused, Table, read_table
from pilote.core.importing import (
    ImportDiff,
    Importer,
    ParsedFile,
    create_with_history,
    delete_with_history,
    refuse_unknown_people,
    register_importer,
    update_with_history,
    upsert_with_history,
)

from ..cases import sync_cases
from ..choices import AccountSource, Profile
from ..indicators import take_snapshot
from ..matching import PeopleIndex
from ..models import Account, UsageSettings
from ..parsing import parse_profile, split_people

UNMATCHED_DETAILS = 50


@dataclass
class AccountRecord:
    line: int
    external_id: str
    profile: str
    last_name: str
    first_name: str = ""
    login: str = ""
    siecle_id: str = ""
    classes: str = ""
    relatives: str = ""
    is_activated: bool = False
    last_connection: datetime | None = None
    pupil_id: int | None = None
    guardian_id: int | None = None

    FIELDS = (
        "profile",
        "last_name",
        "first_name",
        "login",
        "siecle_id",
        "classes",
        "relatives",
        "is_activated",
        "last_connection",
        "pupil_id",
        "guardian_id",
    )

    def values(self) -> dict:
        data = asdict(self)
        return {name: data[name] for name in self.FIELDS}

    @property
    def label(self) -> str:
        return f"{Profile(self.profile).label} {self.last_name} {self.first_name}".strip()


class AccountsImporter(Importer):
    """Base of the two accounts importers: subclasses turn rows into :class:`AccountRecord`."""

    names_pupils = True

    domain = Domain.USAGES
    personal_data = True
    source: str = ""
    left_phrase = "{n} comptes seront supprimés"

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        table = read_table(content, filename)
        self.prepare(table)
        parsed = ParsedFile()
        self.columns.describe(parsed)
        people = PeopleIndex.for_school(self.school)
        seen: dict[str, int] = {}
        for line, row in table.rows:
            record = self.read_row(parsed, table, line, row)
            if record is None:
                continue
            first = seen.get(record.external_id)
            if first is not None:
                parsed.error(
                    f"le compte « {record.external_id} » figure déjà ligne {first}.",
                    f"ligne {line}",
                )
                continue
            seen[record.external_id] = line
            self.match(record, people)
            parsed.records.append(record)
        self.check_school(parsed, people, filename)
        self.report_unmatched(parsed, people)
        return parsed

    def prepare(self, table: Table) -> None:
        """Set ``self.columns`` (:class:`~pilote.core.columns.BoundColumns`) once; raise
        :class:`FileRefused` when the file is not the export."""
        raise NotImplementedError

    def read_row(self, parsed, table, line, row) -> AccountRecord | None:
        raise NotImplementedError

    def match(self, record: AccountRecord, people: PeopleIndex) -> None:
        if record.profile == Profile.ELEVE:
            record.pupil_id = people.pupil(
                siecle_id=record.siecle_id,
                last_name=record.last_name,
                first_name=record.first_name,
                classes=record.classes,
            )
        elif record.profile == Profile.PARENT:
            record.guardian_id = people.guardian(
                last_name=record.last_name,
                first_name=record.first_name,
                children=split_people(record.relatives),
            )

    def check_school(self, parsed: ParsedFile, people: PeopleIndex, filename: str) -> None:
        """A file none of whose pupils and parents is known here is another school's export
        (or another file): refuse it, whatever its size."""
        family = [r for r in parsed.records if r.profile in (Profile.ELEVE, Profile.PARENT)]
        if not people.pupil_count:
            if family:
                parsed.warn(
                    "aucun élève n'est encore importé de SIECLE : les comptes ne peuvent pas être "
                    "reliés aux élèves et aux familles. Importez SIECLE puis réimportez ce fichier."
                )
            return
        refuse_unknown_people(
            parsed,
            self.school,
            known=people.pupil_count,
            matched=sum(1 for r in family if r.pupil_id or r.guardian_id),
            total=len(family),
            what="élèves et responsables",
        )

    def report_unmatched(self, parsed: ParsedFile, people: PeopleIndex) -> None:
        if not people.pupil_count or parsed.errors:
            return
        unmatched = [
            r
            for r in parsed.records
            if (r.profile == Profile.ELEVE and not r.pupil_id)
            or (r.profile == Profile.PARENT and not r.guardian_id)
        ]
        parsed.metadata["unmatched"] = len(unmatched)
        if not unmatched:
            return
        parsed.warn(
            f"{len(unmatched)} compte{'s' if len(unmatched) > 1 else ''} élève ou responsable "
            "sans correspondance dans SIECLE (comptés dans l'audience, mais sans suivi possible)."
        )
        for record in unmatched[:UNMATCHED_DETAILS]:
            parsed.warn(f"{record.label} : introuvable dans SIECLE", f"ligne {record.line}")

    # --- writing ---------------------------------------------------------------------------

    def existing(self) -> dict[str, Account]:
        return {
            account.external_id: account
            for account in Account.objects.for_school(self.school).filter(source=self.source)
        }

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        """Accounts are compared by the import upsert of core, then written only when the
        file changes something: the indicators are saved first (the trend shown since the
        previous export), the cases re-detected after."""
        diff = ImportDiff()
        existing = self.existing()
        keys = {record.external_id for record in parsed.records}
        gone = [account for key, account in existing.items() if key not in keys]
        diff.left = [str(account) for account in gone]
        creations, updates = upsert_with_history(
            diff,
            model=Account,
            existing=existing,
            records=((r.external_id, r.label, r.values()) for r in parsed.records),
            fields=AccountRecord.FIELDS,
            build=lambda key, values: Account(
                school=self.school, source=self.source, external_id=key, **values
            ),
            write=False,
        )
        if write and diff.has_changes:
            take_snapshot(self.school)
            # With history rows: what the import changed can be put back (core.revert).
            update_with_history(Account, updates, AccountRecord.FIELDS, user=self.user)
            create_with_history(Account, creations, user=self.user)
            delete_with_history(Account, [account.pk for account in gone], user=self.user)
            self.after_apply()
            sync_cases(self.school)
        return diff

    def after_apply(self) -> None:
        """Hook: what the source says beyond the accounts themselves."""


# Edifice's template (FORMATS.md §5.1) and the literal labels many deployed ENTs write.
ENT_COLUMNS = Columns(
    Column("external_id", ("Id",)),
    Column("siecle_id", ("Identifiant SIECLE", "Id Siecle", "Id SIECLE élève")),
    Column("profile", ("Type", "Profil"), required=True),
    Column("last_name", ("Nom",), required=True),
    Column("first_name", ("Prénom",)),
    Column("login", ("Identifiant", "Login")),
    Column("activation_code", ("Code d'activation",), required=True),
    Column("classes", ("Classes", "Classe(s)", "Classe")),
    Column("children", ("Enfants", "Enfant(s)")),
    Column("parents", ("Parents", "Parent(s)")),
    Column("last_connection", ("Dernière connexion",), parser=parse_french_datetime),
)


@register_importer
class EntAccountsImporter(AccountsImporter):
    """The ENT « Exporter des comptes » file (Edifice / Néo / One, FORMATS.md §5.1).

    An empty « Code d'activation » means the person activated the account; the class-level
    export (no ``Id`` column) is accepted too, keyed by login.
    """

    kind = "ent-comptes"
    origin = "ent"
    label = "Comptes de l'ENT"
    source = AccountSource.ENT
    help_text = (
        "Console d'administration de l'ENT → Imports / Exports → Exporter des comptes, « Export "
        "classique » (export.csv). Les comptes sont reliés aux élèves par l'identifiant SIECLE "
        "et aux responsables par leur nom et celui de leurs enfants."
    )

    def prepare(self, table: Table) -> None:
        self.columns = ENT_COLUMNS.bind(
            table.headers, filename="le fichier", what="un export des comptes de l'ENT"
        )
        if "external_id" not in self.columns and "login" not in self.columns:
            raise FileRefused("le fichier n'a ni colonne « Id » ni colonne « Identifiant ».")

    def read_row(self, parsed, table, line, row) -> AccountRecord | None:
        columns = self.columns

        def cell(row, columns, name):
            return columns.text(row, name)

        location = f"ligne {line}"
        profile = parse_profile(cell(row, columns, "profile"))
        if profile is None:
            parsed.error(f"profil « {cell(row, columns, 'profile')} » inconnu.", location)
            return None
        key = cell(row, columns, "external_id") or cell(row, columns, "login")
        if not key:
            parsed.error("ni identifiant (Id) ni login : compte impossible à suivre.", location)
            return None
        last_name = cell(row, columns, "last_name")
        if not last_name:
            parsed.error("le nom est vide.", location)
            return None
        try:
            last_connection = columns.read(row, "last_connection", line=line)
        except CellError as exc:
            parsed.error(f"{exc}.", exc.location)
            return None
        relatives = cell(row, columns, "children") or cell(row, columns, "parents")
        return AccountRecord(
            line=line,
            external_id=key[:120],
            profile=profile,
            last_name=last_name[:100],
            first_name=cell(row, columns, "first_name")[:100],
            login=cell(row, columns, "login")[:120],
            siecle_id=cell(row, columns, "siecle_id")[:20],
            classes=cell(row, columns, "classes")[:200],
            relatives=relatives[:300],
            is_activated=not cell(row, columns, "activation_code"),
            last_connection=last_connection,
        )

    def after_apply(self) -> None:
        settings, _ = UsageSettings.objects.get_or_create(school=self.school)
        settings.accounts_exported_on = timezone.localdate()
        settings.save()
