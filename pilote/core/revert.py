"""A way back: what an applied import changed, and « Annuler cet import ».

Every module writes its imports with history rows (``simple_history``). While an import is
applied, :func:`tag_history` marks the history rows the import wrote with its batch
(``history_change_reason = "import:<id>"``): the import keeps what it changed without any
module-specific bookkeeping. :func:`revert_import` reads those rows back: a row the import
created is deleted, a row it changed or deleted is put back as its previous history row says —
copied back by the database in a few statements (3,000 pupils in well under 5 s), with history
rows of its own (``annulation:<id>``).

An import can be reverted only while no later import of the same kind has been applied in the
school (reverting an older one would overwrite what the newer one brought).

Memberships (many-to-many links: a pupil's groups, a division's MEFs, a service's teachers)
have no history rows: the import records the pairs it adds and removes with
:func:`record_links` while it runs (:func:`collecting_links`), the batch keeps them in its
metadata, and the revert removes the added pairs and puts the removed ones back.
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Exists, Q
from django.utils import timezone

from .choices import JournalAction
from .journal import record
from .metrics import registry
from .territory import refresh_after_commit


class RevertRefused(Exception):
    """The import cannot be reverted; the message says why, in French."""


def import_tag(batch_id: int) -> str:
    return f"import:{batch_id}"


def revert_tag(batch_id: int) -> str:
    return f"annulation:{batch_id}"


def school_models():
    """Models with history and a ``school`` field: the ones a school's import writes."""
    from simple_history.models import registered_models

    for model in registered_models.values():
        manager = getattr(model, "history", None)
        if manager is None or not any(f.name == "school" for f in model._meta.concrete_fields):
            continue
        yield model, model.history.model


def tag_history(batch, started) -> int:
    """Mark the school's history rows written since ``started`` (inside the import's
    transaction) with the import; their count."""
    tagged = 0
    for history in _written_since(batch.school_id, started):
        tagged += _untagged(history, batch.school_id, started).update(
            history_change_reason=import_tag(batch.pk)
        )
    return tagged


def _untagged(history, school_id: int, started):
    """The school's history rows written since ``started`` that no import or revert claims
    yet (the import's own, inside its transaction)."""
    untagged = Q(history_change_reason__isnull=True) | Q(history_change_reason="")
    return history.objects.filter(untagged, school_id=school_id, history_date__gte=started)


def _written_since(school_id: int, started) -> list:
    """The history tables holding rows to tag, found in one query: an import writes a few
    of the sixty tables, and one UPDATE per table made most of an import's queries."""
    from .models import School

    histories = [history for _model, history in school_models()]
    probes = [_untagged(history, school_id, started).values("pk")[:1] for history in histories]
    flags = (
        School.objects.filter(pk=school_id)
        .annotate(**{f"h{n}": Exists(probe) for n, probe in enumerate(probes)})
        .values_list(*(f"h{n}" for n in range(len(probes))))
        .first()
    )
    return [history for history, written in zip(histories, flags, strict=True) if written]


_links: ContextVar = ContextVar("import_links", default=None)


@contextmanager
def collecting_links():
    """Collect, while an import applies, the many-to-many pairs it adds and removes."""
    collected: list[dict] = []
    token = _links.set(collected)
    try:
        yield collected
    finally:
        _links.reset(token)


def record_links(through, owner_field: str, target_field: str, *, added, removed) -> None:
    """An import adds ``added`` and removes ``removed`` pairs ``(owner id, target id)`` of the
    many-to-many table ``through``; kept with the import when one is being applied."""
    collected = _links.get()
    if collected is None or not (added or removed):
        return
    collected.append(
        {
            "table": through._meta.label,
            "owner": owner_field,
            "target": target_field,
            "added": [list(pair) for pair in added],
            "removed": [list(pair) for pair in removed],
        }
    )


def _restore_links(entries: list[dict]) -> int:
    """Undo recorded pair changes, latest first; the number of pairs put back or removed."""
    count = 0
    for entry in reversed(entries):
        through = apps.get_model(entry["table"])
        owner, target = entry["owner"], entry["target"]
        added = {tuple(pair) for pair in entry["added"]}
        removed = {tuple(pair) for pair in entry["removed"]}
        owners = sorted({o for o, _t in added | removed})
        present: dict[tuple, int] = {}
        for start in range(0, len(owners), CHUNK):
            rows = through.objects.filter(
                **{f"{owner}__in": owners[start : start + CHUNK]}
            ).values_list("pk", owner, target)
            present.update({(o, t): pk for pk, o, t in rows})
        stale = [present[pair] for pair in added if pair in present]
        for start in range(0, len(stale), CHUNK):
            through.objects.filter(pk__in=stale[start : start + CHUNK]).delete()
        missing = sorted(pair for pair in removed if pair not in present)
        # Only pairs whose two ends still exist (restored rows do).
        owner_model = through._meta.get_field(owner).related_model
        target_model = through._meta.get_field(target).related_model
        owners_alive = _existing(owner_model, {o for o, _t in missing})
        targets_alive = _existing(target_model, {t for _o, t in missing})
        back = [(o, t) for o, t in missing if o in owners_alive and t in targets_alive]
        through.objects.bulk_create(
            [through(**{f"{owner}": o, f"{target}": t}) for o, t in back], batch_size=CHUNK
        )
        count += len(stale) + len(back)
    return count


def _existing(model, pks: set) -> set:
    found: set = set()
    ids = sorted(pks)
    for start in range(0, len(ids), CHUNK):
        found.update(
            model._default_manager.filter(pk__in=ids[start : start + CHUNK]).values_list(
                "pk", flat=True
            )
        )
    return found


def check_revertible(batch) -> None:
    from .models import ImportBatch, ImportStatus

    if batch.status == ImportStatus.REVERTED:
        raise RevertRefused("cet import a déjà été annulé.")
    if batch.status != ImportStatus.APPLIED:
        raise RevertRefused("seul un import appliqué peut être annulé.")
    if not batch.metadata.get("revertible"):
        raise RevertRefused(
            "cet import a été appliqué avant que Pilote garde ce que chaque import change : "
            "il ne peut pas être annulé."
        )
    later = (
        ImportBatch.objects.for_school(batch.school_id)
        .filter(
            kind=batch.kind,
            status=ImportStatus.APPLIED,
            decided_at__gt=batch.decided_at,
        )
        .first()
    )
    if later is not None:
        raise RevertRefused(
            f"un import plus récent du même type a été appliqué depuis ({later.filename}, le "
            f"{timezone.localtime(later.decided_at):%d/%m/%Y à %H:%M}) : annulez-le d'abord."
        )


def revert_import(batch, user=None) -> dict[str, int]:
    """Put back what ``batch`` changed; ``{"restored", "deleted"}`` counts. Journaled."""
    from .models import ImportBatch, ImportStatus

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        check_revertible(batch)
        restored = deleted = 0
        created_by_model = []
        for model, history in school_models():
            first = _first_changes(history, batch)
            if not first:
                continue
            created = [pk for pk, (_hid, kind) in first.items() if kind == "+"]
            previous = _previous_states(
                history, {pk: hid for pk, (hid, kind) in first.items() if kind != "+"}
            )
            present = set(
                model._default_manager.filter(pk__in=list(previous)).values_list("pk", flat=True)
            )
            reason = revert_tag(batch.pk)
            changed = [row.history_id for pk, row in previous.items() if pk in present]
            gone = [row.history_id for pk, row in previous.items() if pk not in present]
            _copy_back(model, history, changed, update=True)
            _copy_back(model, history, gone, update=False)
            write_history_rows(model, list(previous), "~", reason=reason, user=user)
            restored += len(previous)
            created_by_model.append((model, created))
        links = _restore_links(batch.metadata.get("links", []))
        # Deleted last: a restored row may point away from a row the import created.
        for model, created in created_by_model:
            if created:
                deleted += len(created)
                model._default_manager.filter(pk__in=created).delete()
        batch.status = ImportStatus.REVERTED
        batch.reverted_at = timezone.now()
        batch.reverted_by = user if user is not None and user.is_authenticated else None
        batch.summary = {
            **batch.summary,
            "reverted": {"restored": restored, "deleted": deleted, "links": links},
        }
        batch.save()
        record(
            JournalAction.IMPORT_REVERTED,
            f"Import annulé : {batch.filename} ({restored} rétablis, {deleted} supprimés)",
            user=user,
            school=batch.school,
            kind=batch.kind,
            filename=batch.filename,
            batch=batch.pk,
            restored=restored,
            deleted=deleted,
        )
        school_id = batch.school_id
        transaction.on_commit(lambda: registry.forget(school_id))
        refresh_after_commit(school_id)
    return {"restored": restored, "deleted": deleted}


CHUNK = 500


def _columns(model) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(field.column) for field in model._meta.concrete_fields]


def _copy_back(model, history, history_ids: list, *, update: bool) -> None:
    """Put rows back from history rows, in SQL (thousands of rows in a few statements)."""
    quote = connection.ops.quote_name
    table, source = quote(model._meta.db_table), quote(history._meta.db_table)
    key = quote(model._meta.pk.column)
    columns = _columns(model)
    with connection.cursor() as cursor:
        for start in range(0, len(history_ids), CHUNK):
            chunk = history_ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            if update:
                assignments = ", ".join(f"{c} = h.{c}" for c in columns if c != key)
                cursor.execute(
                    f"UPDATE {table} SET {assignments} FROM {source} AS h "
                    f"WHERE h.history_id IN ({marks}) AND {table}.{key} = h.{key}",
                    chunk,
                )
            else:
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} "
                    f"FROM {source} WHERE history_id IN ({marks})",
                    chunk,
                )


def write_history_rows(model, pks: list, kind: str, *, reason: str, user=None) -> None:
    """One history row per restored row, copied from the table by the database."""
    key = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            _copy_to_history(cursor, model, f"{key} IN ({marks})", chunk, kind, reason, user)


def write_history_since(model, *, school_id: int, above: int, user=None) -> int:
    """History rows (« + ») for the school's rows whose primary key is above ``above``: the
    rows a bulk insert just created, copied in one statement; their count."""
    quote = connection.ops.quote_name
    key = quote(model._meta.pk.column)
    where = f"{quote('school_id')} = %s AND {key} > %s"
    with connection.cursor() as cursor:
        _copy_to_history(cursor, model, where, [school_id, above], "+", "", user)
        return cursor.rowcount


def _copy_to_history(cursor, model, where: str, params: list, kind, reason, user) -> None:
    quote = connection.ops.quote_name
    history = model.history.model
    columns = _columns(model)
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    target = ", ".join(columns + [quote(name) for name in extra])
    user_id = user.pk if user is not None and user.is_authenticated else None
    cursor.execute(
        f"INSERT INTO {quote(history._meta.db_table)} ({target}) "
        f"SELECT {', '.join(columns)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {where}",
        [timezone.now(), reason, kind, user_id, *params],
    )


def _first_changes(history, batch) -> dict:
    """Object id → (history id, type) of the import's first write to each object."""
    first: dict = {}
    rows = (
        history.objects.filter(history_change_reason=import_tag(batch.pk))
        .order_by("history_id")
        .values_list("id", "history_id", "history_type")
    )
    for pk, history_id, kind in rows:
        first.setdefault(pk, (history_id, kind))
    return first


def _previous_states(history, before: dict) -> dict:
    """Object id → the history id of its last state older than the import's first write."""
    if not before:
        return {}
    candidates = defaultdict(list)
    ids = list(before)
    for start in range(0, len(ids), CHUNK):
        rows = history.objects.filter(id__in=ids[start : start + CHUNK]).values_list(
            "id", "history_id"
        )
        for pk, history_id in rows:
            candidates[pk].append(history_id)
    latest = {}
    for pk, limit in before.items():
        older = [history_id for history_id in candidates[pk] if history_id < limit]
        if older:
            latest[pk] = _Row(max(older))
    return latest


class _Row:
    __slots__ = ("history_id",)

    def __init__(self, history_id: int):
        self.history_id = history_id
