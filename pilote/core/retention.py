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
from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from .choices import JournalAction

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
    return counts


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
    return history.model.objects.filter(id__in=pks).delete()[0]


def erase(queryset) -> int:
    """Delete the rows and what cascades from them, with the history of every one of them
    (a deleted pupil's follow-ups and notes too). Returns the number of rows selected."""
    count = queryset.count()
    collector = Collector(using=queryset.db, origin=queryset)
    collector.collect(queryset)
    erased = [(model, [row.pk for row in rows]) for model, rows in collector.data.items()]
    erased += [
        (fast.model, list(fast.values_list("pk", flat=True))) for fast in collector.fast_deletes
    ]
    collector.delete()
    # After the deletion: django-simple-history writes one last row for a deleted object.
    for model, pks in erased:
        forget_history(model, pks)
    return count


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
        lambda: _expired_sessions().delete()[0],
    )
)
