"""The import pipeline shared by every module, on the web and on the command line.

An importer parses a file into typed records plus a list of errors located by line or
element, computes the diff against the database, and applies it in one transaction. Nothing
is written while the file has errors or the user has not confirmed; re-importing the same
file changes nothing (``apply`` must be an upsert that leaves equal rows alone).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .choices import Domain, JournalAction
from .files import FileRefused
from .journal import record
from .metrics import registry
from .modules import Part, discover
from .revert import collecting_links
from .territory import refresh_after_commit


@dataclass
class ImportIssue:
    message: str
    location: str = ""

    def __str__(self) -> str:
        return f"{self.location} : {self.message}" if self.location else self.message


LINE_ISSUE = re.compile(r"^ligne (?P<line>\d+)(?P<where>[^:]*) : (?P<message>.+)$", re.S)
# Lines named in a group of identical errors: enough to find the pattern in the file.
LINES_SHOWN = 5


@dataclass
class IssueGroup:
    """Errors that say the same thing on several lines, shown once: « 44 lignes, colonne
    « Date » : date illisible (lignes 3, 4, 7, 9, 12…) ». A person fixes a column, not 44
    lines one by one."""

    text: str
    lines: list[int] = field(default_factory=list)
    where: str = ""
    message: str = ""

    @property
    def count(self) -> int:
        return len(self.lines) or 1

    def __str__(self) -> str:
        if len(self.lines) < 2:
            return self.text
        shown = ", ".join(str(line) for line in self.lines[:LINES_SHOWN])
        more = "…" if len(self.lines) > LINES_SHOWN else ""
        return f"{len(self.lines)} lignes{self.where} : {self.message} (lignes {shown}{more})"


def group_issues(issues: Iterable) -> list[IssueGroup]:
    """Group errors located by line (``ligne 12, colonne « X » : message``) that differ only
    by their line, in the order they first appear; other errors stay as they are."""
    groups: dict[tuple, IssueGroup] = {}
    for issue in issues:
        text = str(issue)
        found = LINE_ISSUE.match(text)
        if found is None:
            groups.setdefault(("", text), IssueGroup(text))
            continue
        key = (found["where"], found["message"])
        group = groups.setdefault(
            key, IssueGroup(text, where=found["where"], message=found["message"])
        )
        group.lines.append(int(found["line"]))
    return list(groups.values())


@dataclass
class ParsedFile:
    records: list = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    # Every column of a tabular file: {"header", "field" or None} (see core.columns).
    columns: list[dict] | None = None
    missing_fields: list[str] = field(default_factory=list)

    def error(self, message: str, location: str = "") -> None:
        self.errors.append(ImportIssue(message, location))

    def warn(self, message: str, location: str = "") -> None:
        self.warnings.append(ImportIssue(message, location))


@dataclass
class ImportDiff:
    """What applying the file does: labels of created / left rows, changes of updated ones."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Rows counted without a label each (see :meth:`count_bulk`), by kind.
    unlabelled: dict[str, int] = field(default_factory=dict)

    EXAMPLES = 10

    @property
    def counts(self) -> dict[str, int]:
        more = self.unlabelled
        return {
            "created": len(self.created) + more.get("created", 0),
            "updated": len(self.updated) + more.get("updated", 0),
            "unchanged": self.unchanged,
            "left": len(self.left) + more.get("left", 0),
        }

    @property
    def has_changes(self) -> bool:
        counts = self.counts
        return bool(counts["created"] or counts["updated"] or counts["left"])

    def count_bulk(self, kind: str, total: int, examples: list[str]) -> None:
        """Count ``total`` rows of ``kind`` ("created", "updated", "left") labelling only the
        examples shown: a connection log's hundreds of thousands of person-weeks would cost
        more to label than to write."""
        labels = getattr(self, kind)
        shown = examples[: self.EXAMPLES]
        labels.extend(shown)
        self.unlabelled[kind] = self.unlabelled.get(kind, 0) + total - len(shown)

    def examples(self) -> dict[str, list[str]]:
        return {
            "created": self.created[: self.EXAMPLES],
            "updated": self.updated[: self.EXAMPLES],
            "left": self.left[: self.EXAMPLES],
        }


class Importer:
    """Base class: subclasses set the class attributes and implement the three steps."""

    kind: str = ""
    # Where the file is downloaded from: a key of ``core.import_sources.SOURCES``.
    origin: str = "etablissement"
    label: str = ""
    domain: Domain = Domain.PILOTAGE
    # "school": needs a school (web upload and --school); "territory": CLI with options.
    scope: str = "school"
    extensions: tuple[str, ...] = (".csv", ".xlsx")
    help_text: str = ""
    personal_data: bool = False
    # What ``diff.left`` means for this kind, as the confirmation of a mass removal says it.
    left_phrase: str = "{n} enregistrements seront retirés"
    # The file and its preview name pupils or guardians: uploading, previewing and applying
    # it also need « voir les élèves et les familles » (need-to-know).
    names_pupils: bool = False
    # Reads a file on disk as a stream (``parse_path``): the command line hands it files of
    # any size (a 10-million-line connection log), never loaded whole into memory.
    streams: bool = False
    # The page accepts several files at once, zipped together into one upload (the four
    # SIECLE exports): the importer's ``parse`` reads such a zip.
    multiple_files: bool = False

    def __init__(self, *, school=None, user=None, options: dict | None = None):
        self.school = school
        self.user = user
        self.options = options or {}

    def parse(self, content: bytes, filename: str) -> ParsedFile:
        raise NotImplementedError

    def parse_path(self, path, filename: str) -> ParsedFile:
        """Parse a file on disk; importers that stream (``streams``) override it."""
        return self.parse(path.read_bytes(), filename)

    def diff(self, parsed: ParsedFile) -> ImportDiff:
        return self.plan(parsed, write=False)

    def apply(self, parsed: ParsedFile) -> ImportDiff:
        """Write the records; called inside one transaction by :func:`run_import`."""
        return self.plan(parsed, write=True)

    def plan(self, parsed: ParsedFile, *, write: bool) -> ImportDiff:
        """Compute the diff and, with ``write``, carry it out: preview and apply share one
        code path, so what the preview announces is exactly what applying does."""
        raise NotImplementedError


def upsert_with_history(
    diff: ImportDiff,
    *,
    model,
    existing: dict,
    records,
    fields,
    build,
    write: bool,
    user=None,
    batch_size: int = 1000,
    also_changed=None,
    stamp: dict | None = None,
    describe: bool = False,
) -> tuple[list, list]:
    """Create or update rows matched by a key, counting each in ``diff``; the rows created
    and updated (written when ``write``).

    ``records`` yields ``(key, label, values)``; ``existing`` maps keys to current rows;
    ``build(key, values)`` makes a new row. Only the ``fields`` present in ``values`` are
    compared (a column the file lacks leaves the row's value); rows whose compared fields are
    all equal are left alone (re-importing the same file changes nothing).
    ``also_changed(key)``: changes made outside ``fields`` (a device moved to another classe
    mobile), named as the preview says them, which make the row count as updated.
    ``stamp``: values set on every updated row (a « modifié le »). ``describe``: the preview
    names the changed fields (« HP ProBook 123 (salle, coût) »).
    The writes are bulk, and their history rows (what « Annuler cet import » reads, see
    core.revert) are copied by the database itself.
    """
    creations, updates = [], []
    for key, label, values in records:
        current = existing.get(key)
        if current is None:
            diff.created.append(label)
            creations.append(build(key, values))
            continue
        changed = [n for n in fields if n in values and getattr(current, n) != values[n]]
        others = also_changed(key) if also_changed else []
        if not changed and not others:
            diff.unchanged += 1
            continue
        diff.updated.append(_changes_label(model, label, changed, others) if describe else label)
        if not changed:
            continue
        for name in changed:
            setattr(current, name, values[name])
        for name, value in (stamp or {}).items():
            setattr(current, name, value)
        updates.append(current)
    if write:
        update_with_history(model, updates, fields, user=user)
        creations = create_with_history(model, creations, user=user, batch_size=batch_size)
    return creations, updates


def _changes_label(model, label: str, changed: list[str], others: list[str]) -> str:
    names = [str(model._meta.get_field(name).verbose_name) for name in changed]
    return f"{label} ({', '.join(names + list(others))})"


def create_with_history(model, rows: list, *, user=None, batch_size: int = 1000) -> list:
    """Insert ``rows`` in bulk with their history rows (« + »), copied by the database."""
    from .revert import write_history_rows

    if not rows:
        return []
    created = model._default_manager.bulk_create(rows, batch_size=batch_size)
    write_history_rows(model, [row.pk for row in created], "+", reason="", user=user)
    return created


def update_with_history(model, rows: list, fields, *, user=None) -> None:
    """Write ``fields`` of ``rows`` in bulk (:func:`pilote.core.bulk.update_instances`) with
    their history rows (« ~ »)."""
    from .bulk import update_instances
    from .revert import write_history_rows

    if not rows:
        return
    update_instances(model, rows, fields)
    write_history_rows(model, [row.pk for row in rows], "~", reason="", user=user)


def delete_with_history(model, pks: list, *, user=None) -> None:
    """Delete the rows ``pks`` in bulk with their history rows (« - »), and likewise the rows
    that point at them: deleted with them (``CASCADE``) or unlinked (``SET_NULL``, « ~ »).

    Django's own delete writes one history row per row (simple_history listens to each
    deletion): a query per participant or account gone. Here the database copies them all,
    and « Annuler cet import » finds every row the import removed or unlinked."""
    from .revert import write_history_rows

    if not pks:
        return
    for relation in model._meta.related_objects:
        _follow_deletion(relation, pks, user)
    write_history_rows(model, pks, "-", reason="", user=user)
    model._default_manager.filter(pk__in=pks)._raw_delete(model._default_manager.db)


def _follow_deletion(relation, pks: list, user) -> None:
    """What deleting ``pks`` does to the rows of one reverse relation (see above)."""
    from .revert import write_history_rows

    related, on_delete = relation.related_model, relation.on_delete
    if on_delete is models.DO_NOTHING:
        return
    rows = related._default_manager.filter(**{f"{relation.field.name}__in": pks})
    linked = list(rows.values_list("pk", flat=True))
    if on_delete is models.CASCADE:
        delete_with_history(related, linked, user=user)
    elif on_delete is models.SET_NULL:
        related._default_manager.filter(pk__in=linked).update(**{relation.field.attname: None})
        write_history_rows(related, linked, "~", reason="", user=user)
    else:
        raise TypeError(f"{related.__name__}.{relation.field.name}: on_delete not handled")


_IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    if cls.kind in _IMPORTERS:
        raise ValueError(f"Type d'import déclaré deux fois : {cls.kind}")
    _IMPORTERS[cls.kind] = cls
    return cls


def registered_importers() -> dict[str, type[Importer]]:
    """Every module's importers (their ``importers`` package is imported on first use)."""
    discover(Part.IMPORTERS)
    return _IMPORTERS


def get_importer(kind: str) -> type[Importer]:
    registered_importers()
    try:
        return _IMPORTERS[kind]
    except KeyError:
        known = ", ".join(sorted(_IMPORTERS))
        raise KeyError(f"Type d'import inconnu : « {kind} » (connus : {known}).") from None


def importers_for(scope: str = "school", domains: Iterable[str] | None = None):
    wanted = None if domains is None else set(domains)
    return [
        cls
        for kind, cls in sorted(registered_importers().items())
        if cls.scope == scope and (wanted is None or cls.domain in wanted)
    ]


def removal_to_confirm(importer: Importer, diff: ImportDiff) -> str:
    """The consequence to confirm (« 1 644 élèves seront marqués sortis »), or ``""``.

    The share is taken over the existing records the file was compared with (kept, changed
    or removed): a 5-line file that matches none of 1 644 pupils would remove them all.
    Fewer than ``PILOTE_IMPORT_MIN_REMOVALS_TO_CONFIRM`` removals never need confirming.
    """
    counts = diff.counts
    left = counts["left"]
    existing = left + counts["updated"] + counts["unchanged"]
    if left < max(1, settings.PILOTE_IMPORT_MIN_REMOVALS_TO_CONFIRM):
        return ""
    if 100 * left <= settings.PILOTE_IMPORT_MAX_REMOVAL_PERCENT * existing:
        return ""
    count = f"{left:,}".replace(",", "\u00a0")
    return importer.left_phrase.format(n=count)


def refuse_unknown_people(
    parsed: ParsedFile, school, *, known: int, matched: int, total: int, what: str
) -> None:
    """A file of people none of whom the school knows is another school's file, or the wrong
    one: refused outright, whatever its size (the school must know someone first)."""
    if known and total and not matched:
        parsed.error(
            f"aucun des {total} {what} du fichier n'est connu de l'établissement {school.uai} "
            f"({school.name}) : c'est sans doute le fichier d'un autre établissement ou un "
            "autre export. Rien n'a été enregistré."
        )


def keep_applied(
    importer: Importer, filename: str, diff: ImportDiff, started, batch=None, links=()
):
    """Record the applied import (web uploads bring their batch, the CLI gets one) and mark
    the history rows it wrote, so that it can be reverted (core.revert)."""
    from .models import ImportBatch, ImportStatus
    from .revert import tag_history

    if batch is None:
        batch = ImportBatch(
            school=importer.school,
            kind=importer.kind,
            filename=filename[:255],
            uploaded_by=importer.user,
        )
    batch.status = ImportStatus.APPLIED
    batch.decided_at = timezone.now()
    batch.summary = diff.counts
    batch.save()
    tagged = tag_history(batch, started)
    batch.metadata = {
        **batch.metadata,
        "revertible": True,
        "history_rows": tagged,
        "links": list(links),
    }
    batch.save(update_fields=["metadata"])
    return batch


def keep_refused(importer: Importer, filename: str, errors: list, batch=None) -> None:
    """A refused file stays in the school's import history with its reason, and in the
    journal: a head can see that someone tried (and why it failed). ``batch``: the upload
    already recorded (a background preview), marked refused by the caller."""
    from .models import ImportBatch, ImportStatus

    if importer.school is None:
        return
    reason = " ; ".join(str(error) for error in errors[:3])[:1000]
    if batch is None:
        ImportBatch.objects.create(
            school=importer.school,
            kind=importer.kind,
            filename=filename[:255],
            uploaded_by=importer.user,
            status=ImportStatus.REFUSED,
            decided_at=timezone.now(),
            summary=dict.fromkeys(("created", "updated", "unchanged", "left"), 0),
            metadata={"reason": reason, "errors": len(errors)},
        )
    journal_import(
        JournalAction.IMPORT_REFUSED,
        f"Import « {importer.label} » refusé : {filename}",
        importer,
        filename,
        reason=reason[:300],
    )


def journal_import(action, summary: str, importer: Importer, filename: str, **details) -> None:
    """Journal what became of an import, always with who, which school, which importer and
    which file: the security journal is searched by them, refused and applied imports alike."""
    record(
        action,
        summary,
        user=importer.user,
        school=importer.school,
        kind=importer.kind,
        filename=filename,
        **details,
    )


class HeldForConfirmation(Exception):
    """Raised inside the import's transaction to roll it back: removals not confirmed."""


@dataclass
class ImportReport:
    kind: str
    filename: str
    parsed: ParsedFile
    diff: ImportDiff | None = None
    applied: bool = False
    # The mass removal the person must confirm before applying, if any.
    confirmation: str = ""
    # The ImportBatch that keeps an applied import (and what it changed).
    batch: object = None

    @property
    def refused(self) -> bool:
        return bool(self.parsed.errors)

    def as_json(self, school_uai: str | None) -> dict:
        counts = (
            self.diff.counts
            if self.diff
            else dict.fromkeys(("created", "updated", "unchanged", "left"), 0)
        )
        return {
            "kind": self.kind,
            "school": school_uai,
            **counts,
            "applied": self.applied,
            "confirmation_required": self.confirmation or None,
            "columns": self.parsed.columns or [],
            "missing_fields": self.parsed.missing_fields,
            "warnings": [str(w) for w in self.parsed.warnings],
            "errors": [str(e) for e in self.parsed.errors],
        }


def parse_safely(importer: Importer, content: bytes | None, filename: str, path=None):
    """Parse, turning any refusal or size excess into a located error, never an exception.

    ``path`` (the command line) instead of ``content``: a streaming importer reads the file
    from disk whatever its size; any other is held to the size limit before reading it."""
    size = path.stat().st_size if path is not None else len(content)
    streamed = path is not None and importer.streams
    if size > settings.PILOTE_IMPORT_MAX_BYTES and not streamed:
        limit = settings.PILOTE_IMPORT_MAX_BYTES // (1024 * 1024)
        parsed = ParsedFile()
        parsed.error(f"le fichier dépasse la taille maximale admise ({limit} Mo).", filename)
        return parsed
    if not size:
        parsed = ParsedFile()
        parsed.error("le fichier est vide.", filename)
        return parsed
    try:
        if path is not None:
            return importer.parse_path(path, filename)
        return importer.parse(content, filename)
    except FileRefused as exc:
        parsed = ParsedFile()
        parsed.error(str(exc))
        return parsed


def run_import(
    importer: Importer,
    content: bytes,
    filename: str,
    *,
    apply: bool,
    accept_removals: bool | str = False,
    batch=None,
    path=None,
    progress=None,
) -> ImportReport:
    """Preview or apply. ``accept_removals``: ``True`` (CLI ``--accepter-suppressions``) or
    the exact consequence the person confirmed in the page; a mass removal not confirmed so
    is refused, the database unchanged. ``path`` instead of ``content``: a file on disk (see
    :func:`parse_safely`). ``progress(percent, step)``: told of each step (background jobs)."""
    step = progress or (lambda percent, message: None)
    step(10, "Lecture du fichier")
    parsed = parse_safely(importer, content, filename, path)
    report = ImportReport(kind=importer.kind, filename=filename, parsed=parsed)
    if parsed.errors:
        return report
    step(50, "Comparaison avec les données de l'établissement" if not apply else "Enregistrement")
    if not apply:
        report.diff = importer.diff(parsed)
        report.confirmation = removal_to_confirm(importer, report.diff)
        return report
    try:
        with transaction.atomic():
            started = timezone.now()
            with collecting_links() as links:
                diff = importer.apply(parsed)
            consequence = removal_to_confirm(importer, diff)
            if consequence and accept_removals not in (True, consequence):
                raise HeldForConfirmation(consequence)
            report.diff = diff
            report.applied = True
            if importer.school is not None:
                report.batch = keep_applied(importer, filename, diff, started, batch, links)
                # Imports write in bulk, without save signals: forget the cached indicators.
                transaction.on_commit(lambda: registry.forget(importer.school.pk))
                # …and measure the school again for its territories' pages (worker).
                refresh_after_commit(importer.school.pk)
            journal_import(
                JournalAction.IMPORT_APPLIED,
                f"Import « {importer.label} » : {filename}",
                importer,
                filename,
                **report.diff.counts,
            )
    except HeldForConfirmation as held:
        report.confirmation = str(held)
        parsed.error(
            f"{held} (plus de {settings.PILOTE_IMPORT_MAX_REMOVAL_PERCENT} % des "
            "enregistrements existants) : rien n'a été enregistré. Vérifiez que c'est le bon "
            "fichier, puis confirmez cette conséquence dans l'aperçu (en ligne de commande : "
            "--accepter-suppressions)."
        )
    return report
