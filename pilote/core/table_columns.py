"""The columns of a list, chosen by each person and kept for their next visits.

A list of 13 columns does not fit a laptop screen. Each table declares the columns that
matter (:attr:`~pilote.core.tables.PiloteTable.default_columns`); a form of checkboxes above
the list, in a ``<details>`` that needs no JavaScript, lets the person show the others or hide
some, and :class:`~pilote.core.models.TableColumns` keeps that choice per person and table.
A territory's table of schools, whose columns are indicators, keeps its choice the same way
(:func:`choose`, :func:`save_choice`, one key per territory).

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
    person's own choice (rather than the list's default) decided. ``groups`` sorts a long
    offer under headings (a territory's indicators by domain); ``at_most`` caps the choice."""

    options: list[Option]
    saved: bool
    error: str = ""
    groups: list[tuple[str, list[Option]]] | None = None
    at_most: int | None = None
    # The list has an export (which keeps every allowed column): the form says so.
    exported: bool = True

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


def saved_names(user, key: str) -> list[str] | None:
    """The names the person saved for the list ``key``, or ``None`` (one query)."""
    return (
        TableColumns.objects.filter(user=user, table=key).values_list("columns", flat=True).first()
    )


def choose(
    options: list[tuple[str, str]],
    user,
    key: str,
    default,
    *,
    error: str = "",
    groups: list[tuple[str, list[str]]] | None = None,
    at_most: int | None = None,
) -> ColumnChoice:
    """The person's choice among ``options`` (``(name, label)``, all of them allowed): what
    they saved for ``key``, else ``default`` (``None``: every option), never a name outside
    ``options``. ``groups`` (``(heading, names)``) sorts the options for the form."""
    saved = saved_names(user, key)
    allowed = {name for name, _ in options}
    if saved is not None:
        chosen = {name for name in saved if name in allowed}
    elif default is not None:
        chosen = allowed & set(default)
    else:
        chosen = allowed
    if at_most is not None and len(chosen) > at_most:
        chosen = set([name for name, _ in options if name in chosen][:at_most])
    offered = [Option(name, label, name in chosen) for name, label in options]
    by_name = {option.name: option for option in offered}
    return ColumnChoice(
        offered,
        saved=saved is not None,
        error=error,
        groups=[(heading, [by_name[n] for n in names if n in by_name]) for heading, names in groups]
        if groups is not None
        else None,
        at_most=at_most,
    )


def apply(table, user, *, error: str = "", key: str = "", exported: bool = True) -> ColumnChoice:
    """Hide from ``table`` the columns the person did not choose; the choice to show above it.
    ``key`` names the list when it is not the table's own key (:func:`save` alike)."""
    options, _ = allowed_options(table)
    if not options:
        return ColumnChoice([], saved=False, error=error)
    choice = choose(options, user, key or table.columns_key(), table.default_columns, error=error)
    choice.exported = exported
    exclude(table, tuple(option.name for option in choice.options if not option.shown))
    return choice


def save_choice(
    user, key: str, data, options: list[tuple[str, str]], *, at_least: int = 0, at_most=None
) -> str:
    """Record the person's choice among ``options`` for the list ``key`` from a submitted
    form; the French error, or "" when saved (or forgotten).

    ``data`` is the POST: :data:`ACTION` says « enregistrer » (the boxes ticked in
    :data:`FIELD`) or « defaut » (forget the choice). A name that is not an option the person
    may choose, or too few or too many names, refuse the whole form and change nothing.
    """
    action = data.get(ACTION)
    if action == RESET:
        TableColumns.objects.filter(user=user, table=key).delete()
        return ""
    if action != SAVE:
        return "Formulaire de choix des colonnes incomplet : rechargez la page et recommencez."
    allowed = {name for name, _ in options}
    names = data.getlist(FIELD)
    unknown = [name for name in names if name not in allowed]
    if unknown:
        shown = ", ".join(f"« {name[:40]} »" for name in unknown[:3])
        return f"Colonne inconnue ou que votre rôle ne permet pas d'afficher : {shown}."
    chosen = [name for name, _ in options if name in names]
    if len(chosen) < at_least:
        return "Choisissez au moins une colonne à afficher."
    if at_most is not None and len(chosen) > at_most:
        return f"Choisissez au plus {at_most} colonnes ({len(chosen)} cochées)."
    TableColumns.objects.update_or_create(user=user, table=key, defaults={"columns": chosen})
    return ""


def save(table, user, data, *, key: str = "") -> str:
    """Record the person's choice of the columns of ``table`` (see :func:`save_choice`)."""
    options, _ = allowed_options(table)
    return save_choice(user, key or table.columns_key(), data, options)
