"""Retention periods (RGPD): what Pilote erases once it has served, and when.

Each module declares, in its ``retention.py``, the purges of its own data with
:func:`register_purge`; ``pilote purge`` runs them all (daily), journals what each erased
(counts only) and does nothing the second time: a purge selects what is past its period,
so once erased nothing is left to select. Periods are settings (``PILOTE_RETENTION``), with
the defaults documented in README « Sécurité et données personnelles ».
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connection, models, transaction
from django.utils import timezone

from .choices import JournalAction
from .modules import Part, discover

# Months, unless the name says days.
DEFAULT_RETENTION = {
    "departed_pupils_months": 12,
    "journal_months": 12,
    "connections_months": 12,
    "import_files_days": 7,
}


def period(name: str) -> int:
    return {**DEFAULT_RETENTION, **getattr(settings, "PILOTE_RETENTION", {})}[name]


@register(Tags.security)
def check_journal_retention(app_configs=None, **kwargs):
    """The database keeps journal entries younger than the floor whatever the setting says:
    a shorter setting would make every purge fail."""
    from .journal_protection import MIN_RETENTION_DAYS

    if months_ago(period("journal_months")) > timezone.now() - timedelta(days=MIN_RETENTION_DAYS):
        return [
            Error(
                "PILOTE_RETENTION['journal_months'] est trop court : le journal de sécurité "
                f"se garde au moins {MIN_RETENTION_DAYS} jours (6 mois).",
                id="pilote.E001",
            )
        ]
    return []


def months_ago(months: int):
    return timezone.now() - timedelta(days=round(months * 30.44))


@dataclass(frozen=True)
class Purge:
    """One kind of data erased past its period.

    ``count()`` says how many rows would go (``--dry-run``); ``run()`` erases them and
    returns how many went. Both select the same rows, so a second run erases nothing.
    """

    code: str
    label: str
    retention: str  # in words, for the README table and the RGPD register
    count: Callable[[], int]
    run: Callable[[], int]
    order: int = 50


_purges: dict[str, Purge] = {}


def register_purge(purge: Purge) -> Purge:
    _purges[purge.code] = purge
    return purge


def purges() -> list[Purge]:
    discover(Part.RETENTION)
    return sorted(_purges.values(), key=lambda purge: (purge.order, purge.code))


def run_purges(*, dry_run: bool = False) -> dict[str, int]:
    """Every purge, in order, in one transaction; one journal entry says what went."""
    if dry_run:
        return {purge.code: purge.count() for purge in purges()}
    with transaction.atomic():
        counts = {purge.code: purge.run() for purge in purges()}
        erased = {code: count for code, count in counts.items() if count}
        if erased:
            record_purge(erased)
            forget_cached_indicators()
    return counts


def forget_cached_indicators() -> None:
    """The purge deletes without per-row signals: cached indicator values are dropped here,
    every school's at once (a few statements, not one per school and group: 500 schools made
    30 000 statements, a minute of the purge)."""
    from django.core.cache import cache

    from .metrics import cache_key, registry
    from .models import School

    groups = range(len(registry.groups))
    keys = [
        cache_key(school_id, index)
        for school_id in School.objects.order_by().values_list("pk", flat=True)
        for index in groups
    ]
    for start in range(0, len(keys), 900):
        cache.delete_many(keys[start : start + 900])


def record_purge(erased: dict[str, int]) -> None:
    """The purge's own entry. When journal entries went, it names the hash the first kept
    entry follows: the anchor from which ``pilote journal verifier`` accepts the start."""
    from .journal import record
    from .models import JournalEntry

    anchor = {}
    if erased.get("journal"):
        first_kept = JournalEntry.objects.order_by("pk").values_list("previous_hash").first()
        anchor["last_purged_hash"] = first_kept[0]
    record(
        JournalAction.DATA_PURGED,
        "Purge des données échues : "
        + ", ".join(f"{_purges[code].label} {count}" for code, count in erased.items()),
        counts=erased,
        **anchor,
    )


def forget_history(model, pks) -> int:
    """The history rows (django-simple-history) of these objects: they repeat the names."""
    history = getattr(model, "history", None)
    if history is None:
        return 0
    # One statement: nothing refers to history rows (``delete()`` would load them first).
    rows = _among(history.model._base_manager, "id", pks)
    return rows._raw_delete(rows.db)


def erase(queryset) -> int:
    """Delete the rows and what cascades from them, with the history of every one of them
    (a deleted pupil's follow-ups and notes too). Returns the number of rows selected.

    Set-based, unlike ``QuerySet.delete()``, which loads every object and sends signals one
    by one (django-simple-history would even write a last history row for each): a purge
    erases hundreds of thousands of rows across 500 schools in seconds."""
    if not _has_dependents(queryset.model):
        # Nothing refers to these rows and they keep no history: one statement.
        return queryset.order_by()._raw_delete(queryset.db)
    return erase_pks(queryset.model, list(queryset.order_by().values_list("pk", flat=True)))


def erase_pks(model, pks: list) -> int:
    """:func:`erase` for rows already selected by their primary keys, by large batches: each
    statement costs far more than each row (500 schools: 30 000 pupils, 60 000 guardians)."""
    size = chunk_size()
    for start in range(0, len(pks), size):
        _erase_rows(model, pks[start : start + size])
    return len(pks)


def chunk_size() -> int:
    """Primary keys per statement: SQLite counts its parameters, PostgreSQL hardly."""
    return 20_000 if connection.vendor == "postgresql" else 5_000


def _has_dependents(model) -> bool:
    """Rows of other tables (or a history) that erasing ``model``'s rows must touch."""
    return (
        bool(model._meta.local_many_to_many)
        or getattr(model, "history", None) is not None
        or any(
            relation.many_to_many or relation.on_delete is not models.DO_NOTHING
            for relation in model._meta.related_objects
        )
    )


def _among(manager, field_name: str, pks):
    """Rows whose ``field_name`` is one of ``pks``, unordered (a default ordering would join
    and sort for nothing). On PostgreSQL the keys travel as one array (``= ANY(%s)``): a list
    of 20 000 placeholders costs more to build and parse than the statement costs to run."""
    rows = manager.all().order_by()
    if connection.vendor != "postgresql":
        return rows.filter(**{f"{field_name}__in": pks})
    field = rows.model._meta.get_field(field_name)
    qn = connection.ops.quote_name
    column = f"{qn(rows.model._meta.db_table)}.{qn(field.column)}"
    return rows.extra(where=[f"{column} = ANY(%s)"], params=[list(pks)])


def _erase_rows(model, pks) -> None:
    if not pks:
        return
    manager = model._base_manager
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        _among(through._base_manager, field.m2m_field_name(), pks)._raw_delete(manager.db)
    for relation in model._meta.related_objects:
        related = relation.related_model._base_manager
        if relation.many_to_many:
            through = relation.through
            field_name = relation.field.m2m_reverse_field_name()
            _among(through._base_manager, field_name, pks)._raw_delete(manager.db)
            continue
        rows = _among(related, relation.field.name, pks)
        if relation.on_delete is models.CASCADE:
            _erase_rows(relation.related_model, list(rows.values_list("pk", flat=True)))
        elif relation.on_delete is models.SET_NULL:
            rows.update(**{relation.field.name: None})
        elif relation.on_delete is not models.DO_NOTHING and rows.exists():
            raise models.ProtectedError(
                f"{model._meta.verbose_name} : des lignes liées empêchent l'effacement.",
                set(rows[:10]),
            )
    forget_history(model, pks)
    _among(manager, model._meta.pk.name, pks)._raw_delete(manager.db)


# --- The core's own purges -------------------------------------------------------------------


def _expired_journal():
    from .models import JournalEntry

    return JournalEntry.objects.filter(timestamp__lt=months_ago(period("journal_months")))


def purge_journal() -> int:
    """Entries past the period go, in the order they were written, by the database
    function on PostgreSQL (the application's role may not delete)."""
    from .models import JournalEntry

    last = _expired_journal().order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return 0
    first_kept = JournalEntry.objects.filter(pk__gt=last).order_by("pk").first()
    if first_kept is None:
        return 0  # never empty the journal: the newest entry carries the chain
    if connection.vendor == "postgresql":
        from .journal_protection import PURGE_FUNCTION

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {PURGE_FUNCTION}(%s)", [first_kept.pk])
            removed = cursor.fetchone()[0]
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_journalentry WHERE id < %s", [first_kept.pk])
            removed = cursor.rowcount
    return removed


def _abandoned_imports():
    from .models import ImportBatch, ImportStatus

    since = timezone.now() - timedelta(days=period("import_files_days"))
    return ImportBatch.objects.filter(status=ImportStatus.PENDING, created_at__lt=since)


def purge_abandoned_imports() -> int:
    """A preview nobody confirmed keeps the uploaded file (addresses, e-mails…): after a
    week the file goes and the import is cancelled; its counts stay as history."""
    from .models import ImportStatus

    return _abandoned_imports().update(
        content=None, status=ImportStatus.CANCELLED, decided_at=timezone.now()
    )


def _expired_sessions():
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=timezone.now())


def purge_sessions() -> int:
    """Expired sessions, and the « Mon compte » rows of sessions that no longer exist."""
    from django.contrib.sessions.models import Session

    from .models import UserSession

    erased = erase(_expired_sessions())
    erase(UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")))
    return erased


register_purge(
    Purge(
        "journal",
        "entrées du journal",
        "12 mois (réglage journal_months, 6 mois au moins)",
        lambda: _expired_journal().count(),
        purge_journal,
        order=90,
    )
)
register_purge(
    Purge(
        "imports",
        "fichiers d'import non confirmés",
        "7 jours après le dépôt (réglage import_files_days)",
        lambda: _abandoned_imports().count(),
        purge_abandoned_imports,
    )
)
register_purge(
    Purge(
        "sessions",
        "sessions expirées",
        "à leur expiration",
        lambda: _expired_sessions().count(),
        purge_sessions,
    )
)
