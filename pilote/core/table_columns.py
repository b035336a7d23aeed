"""The columns of a list, chosen by each person and kept for their next visits.

A list of 13 columns does not fit a laptop screen. Each table declares the columns that
matter (:attr:`~pilote.core.tables.PiloteTable.default_columns`); a form of checkboxes above
the list, in a ``<details>`` that needs no JavaScript, lets the person show the others or hide
some, and :class:`~pilote.core.models.TableColumns` keeps that choice per person and table.

What a person may see is decided on every page, never from what was saved: a column their role
does not allow (the actions without the edit right, pupils' names without « voir les élèves et
les familles ») is taken out of the table before anything is offered or shown, so a saved or
forged name can never bring it back. Reading the choice costs one query per page.
"""

from dataclasses import dataclass

from .models import TableColumns

ALWAYS_SHOWN = ("select", "actions")
FIELD = "colonnes"
ACTION = "_colonnes"
SAVE, RESET = "enregistrer", "defaut"


def exclude(table, names) -> None:
    if names:
        current = table.exclude or ()
        table.exclude = ((current,) if isinstance(current, str) else tuple(current)) + tuple(names)


def exclude_forbidden(table, capabilities) -> None:
    """Take out of ``table`` the columns the person's role does not allow (page and export)."""
    forbidden = tuple(
        name for name, needed in table.column_capabilities.items() if not capabilities.can(*needed)
    )
    exclude(table, forbidden)


def fixed_names(table, names: list[str]) -> set[str]:
    if table.fixed_columns is not None:
        return set(table.fixed_columns)
    return {name for name in names if name in ALWAYS_SHOWN} | set(
        [name for name in names if name not in ALWAYS_SHOWN][:1]
    )


@dataclass(frozen=True)
class Option:
    name: str
    label: str
    shown: bool


@dataclass
class ColumnChoice:
    """The columns of one list for one person: those offered, those shown, and whether the
    person's own choice (rather than the table's default) decided."""

    options: list[Option]
    saved: bool
    error: str = ""

    @property
    def shown_count(self) -> int:
        return sum(option.shown for option in self.options)


def allowed_options(table) -> tuple[list[tuple[str, str]], set[str]]:
    """``(name, label)`` of the columns the person may choose, in the table's order, and the
    names of those always shown. ``table`` has had its forbidden columns excluded."""
    names = [name for name, _ in table.columns.iteritems()]
    fixed = fixed_names(table, names)
    options = [
        (name, str(column.header))
        for name, column in table.columns.iteritems()
        if name not in fixed
    ]
    return options, fixed


def apply(table, user, *, error: str = "") -> ColumnChoice:
    """Hide from ``table`` the columns the person did not choose; the choice to show above it."""
    options, _ = allowed_options(table)
    if not options:
        return ColumnChoice([], saved=False, error=error)
    saved = (
        TableColumns.objects.filter(user=user, table=table.columns_key())
        .values_list("columns", flat=True)
        .first()
    )
    allowed = {name for name, _ in options}
    if saved is not None:
        chosen = {name for name in saved if name in allowed}
    elif table.default_columns is not None:
        chosen = allowed & set(table.default_columns)
    else:
        chosen = allowed
    hidden = tuple(name for name in allowed if name not in chosen)
    exclude(table, hidden)
    return ColumnChoice(
        [Option(name, label, name in chosen) for name, label in options],
        saved=saved is not None,
        error=error,
    )


def save(table, user, data) -> str:
    """Record the person's choice from a submitted form; the French error, or "" when saved.

    ``data`` is the POST: :data:`ACTION` says « enregistrer » (the boxes ticked in
    :data:`FIELD`) or « defaut » (forget the choice). A name that is not a column the person
    may choose refuses the whole form and changes nothing.
    """
    action = data.get(ACTION)
    key = table.columns_key()
    if action == RESET:
        TableColumns.objects.filter(user=user, table=key).delete()
        return ""
    if action != SAVE:
        return "Formulaire de choix des colonnes incomplet : rechargez la page et recommencez."
    options, _ = allowed_options(table)
    allowed = {name for name, _ in options}
    names = data.getlist(FIELD)
    unknown = [name for name in names if name not in allowed]
    if unknown:
        shown = ", ".join(f"« {name[:40]} »" for name in unknown[:3])
        return f"Colonne inconnue ou que votre rôle ne permet pas d'afficher : {shown}."
    chosen = [name for name, _ in options if name in names]
    TableColumns.objects.update_or_create(user=user, table=key, defaults={"columns": chosen})
    return ""
