"""Comparing an export with the database, the same way for the preview and for the writing.

Rows are compared as plain dictionaries of natural values (division *codes*, not ids) so that
the preview can say « DUPONT Léa : division 6 A → 5 B » and so that re-importing the same file
finds every row equal and writes nothing. Rows are written in bulk by core.importing's writers
(the ones every import uses), and their history rows (django-simple-history) are copied by the
database itself (``INSERT … SELECT``): building one Python history object per row would double
the cost of a 3,000-pupil import for nothing.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from pilote.core.importing import ImportDiff, create_with_history, update_with_history
from pilote.core.revert import record_links

BATCH = 500


@dataclass
class Plan:
    """What one model's rows become: ``create`` keys, ``update`` (key, changes), the rest."""

    create: list = field(default_factory=list)
    update: list[tuple[object, dict]] = field(default_factory=list)
    unchanged: int = 0
    missing: list = field(default_factory=list)


def plan(existing: dict, wanted: dict) -> Plan:
    """``existing`` and ``wanted`` map a source key to a snapshot dictionary."""
    result = Plan()
    for key, values in wanted.items():
        current = existing.get(key)
        if current is None:
            result.create.append(key)
            continue
        changes = {
            name: (current.get(name), value)
            for name, value in values.items()
            if current.get(name) != value
        }
        if changes:
            result.update.append((key, changes))
        else:
            result.unchanged += 1
    result.missing = [key for key in existing if key not in wanted]
    return result


def describe_changes(changes: dict, labels: dict[str, str]) -> str:
    parts = []
    for name, (old, new) in changes.items():
        parts.append(f"{labels.get(name, name)} {_shown(old)} → {_shown(new)}")
    return ", ".join(parts)


def _shown(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(value)) or "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def add_to_diff(
    diff: ImportDiff,
    result: Plan,
    *,
    label: Callable[[object], str],
    labels: dict[str, str],
    left: Iterable | None = None,
) -> None:
    """Append one model's plan to the import's diff; ``left`` are the keys counted as left."""
    diff.created.extend(label(key) for key in result.create)
    diff.updated.extend(
        f"{label(key)} : {describe_changes(changes, labels)}" for key, changes in result.update
    )
    diff.unchanged += result.unchanged
    diff.left.extend(label(key) for key in (result.missing if left is None else left))


# Who applies the import: the history rows name them (set by :func:`acting_user`).
_acting_user: ContextVar = ContextVar("acting_user", default=None)


@contextmanager
def acting_user(user):
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def create_rows(model, instances: list) -> list:
    """Insert with history rows, by the one bulk writer of imports (core.importing)."""
    return create_with_history(model, instances, user=_acting_user.get(), batch_size=BATCH)


def update_rows(model, instances: list, fields: Iterable[str]) -> None:
    """Update with history rows, by the one bulk writer of imports (core.importing)."""
    update_with_history(model, instances, fields, user=_acting_user.get())


def sync_m2m(through, owner_field: str, target_field: str, owners: Iterable[int], wanted) -> None:
    """Make the M2M pairs of ``owners`` exactly ``wanted`` ({(owner_id, target_id)})."""
    owners = list(owners)
    if not owners:
        return
    existing: dict[tuple[int, int], int] = {}
    for chunk in _chunks(owners):
        rows = through.objects.filter(**{f"{owner_field}__in": chunk}).values_list(
            "pk", owner_field, target_field
        )
        existing.update({(owner, target): pk for pk, owner, target in rows})
    wanted = set(wanted)
    stale = [pk for pair, pk in existing.items() if pair not in wanted]
    added = sorted(wanted - existing.keys())
    # Kept with the import, so that « Annuler cet import » puts the memberships back.
    record_links(
        through,
        owner_field,
        target_field,
        added=added,
        removed=[pair for pair in existing if pair not in wanted],
    )
    for chunk in _chunks(stale):
        through.objects.filter(pk__in=chunk).delete()
    through.objects.bulk_create(
        [through(**{owner_field: o, target_field: t}) for o, t in added], batch_size=BATCH
    )


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]
