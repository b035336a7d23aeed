"""Tables: the DSFR look, exports that cannot smuggle a formula into a spreadsheet, and cells
drawn without redoing for each one what is the same for all (inspecting a method, compiling
a column's template code, running the context processors)."""

import functools
import inspect

import django_tables2 as tables
from django.template import Template
from django.template.loader import get_template
from django.utils.html import format_html
from django_tables2 import utils as tables_utils
from django_tables2.columns import templatecolumn
from django_tables2.export import TableExport
from tablib import Dataset

from .files import escape_formula
from .models import JournalEntry, Membership

_inspect_signature = tables_utils.signature


@functools.lru_cache(maxsize=2048)
def _function_signature(function, bound: bool) -> tuple[tuple[str, ...], str | None]:
    args, keywords = _inspect_signature(function)
    return (args[1:], keywords) if bound else (args, keywords)


def cached_signature(fn) -> tuple[tuple[str, ...], str | None]:
    """django-tables2 asks ``inspect.signature`` which arguments a ``value_*``/``render_*``
    method or an accessor's callable takes, once per cell: an export of 600 rows by 15 columns
    inspected the same few functions 9,000 times, a third of the time of every export. The
    answer depends on the function only, so it is kept per function (a bound method by its
    function, since every row binds it anew); other callables are inspected as before."""
    if inspect.ismethod(fn):
        return _function_signature(fn.__func__, True)
    if inspect.isfunction(fn):
        return _function_signature(fn, False)
    return _inspect_signature(fn)


tables_utils.signature = cached_signature


@functools.lru_cache(maxsize=512)
def compiled_template(template_code: str) -> Template:
    """django-tables2 draws a date, a moment or a yes/no (``DateColumn``…) from a few
    characters of template code, compiled again for every cell: 0.5 ms a cell, 50 ms for a
    list of 50 requests with two dates. The code is fixed per column: compiled once."""
    return Template(template_code)


templatecolumn.Template = compiled_template


class TemplateColumn(tables.TemplateColumn):
    """A cell drawn by a template (``template_name``) from the page's own context.

    django-tables2 renders such a template with the request, so Django runs every context
    processor again for each cell — the menus, the memberships, the charter notice: 2.7 ms a
    cell, 170 ms for the 100 services of the catalogue. The page's context, which
    ``{% render_table %}`` hands to the table, already holds what they give (``request``,
    ``csrf_token``, ``caps``…): the cell's template gets it, plus its record, without them.
    """

    def render(self, record, table, value, bound_column, **kwargs):
        page = getattr(table, "context", None)
        if self.template_code or page is None:
            return super().render(record, table, value, bound_column, **kwargs)
        cell = self.get_context_data(
            record=record, table=table, value=value, bound_column=bound_column, **kwargs
        )
        return get_template(self.template_name).render(page.flatten() | cell)


class ActionsColumn(TemplateColumn):
    """The buttons of a row (``template_name``): never sorted, since there is nothing to sort
    by, and never exported, since a spreadsheet has no buttons."""

    def __init__(self, template_name: str, verbose_name: str = "Actions", **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(template_name=template_name, verbose_name=verbose_name, **kwargs)


def badge(css: str, label: str, *, icon: bool = True) -> str:
    """A small DSFR badge: ``css`` its colour (``fr-badge--success``…, or ``""``); ``icon=False``
    leaves out the icon DSFR gives each colour, for a list where the colour says enough."""
    return format_html(
        '<span class="fr-badge fr-badge--sm{} {}">{}</span>',
        "" if icon else " fr-badge--no-icon",
        css,
        label,
    )


class BadgeColumn(tables.Column):
    """A choice shown as a badge whose colour says the state (``badges``: choice → class), and
    exported as its label alone, since a spreadsheet has no colours."""

    def __init__(self, badges: dict, *, icon: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.badges = badges
        self.icon = icon

    def render(self, value, record, bound_column):
        # ``value`` is the choice's label (django-tables2 reads ``get_…_display``): the colour
        # depends on the choice itself.
        choice = bound_column.accessor.resolve(record)
        return badge(self.badges.get(choice, ""), value, icon=self.icon)

    def value(self, value):
        return value


class SafeTableExport(TableExport):
    """CSV / XLSX export whose cells never start a spreadsheet formula."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        raw = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        dataset = Dataset(title=raw.title, headers=raw.headers)
        for row in raw:
            dataset.append([escape_formula(cell) for cell in row])
        return dataset


class PiloteTable(tables.Table):
    """Base of every list in Pilote.

    A wide list does not fit a laptop screen: it shows ``default_columns`` (``None``: all) and
    lets each person choose the others (:mod:`pilote.core.table_columns`). ``fixed_columns``
    are always shown and never offered (the row's link, the selection, the actions); ``None``
    means the first column plus ``select`` and ``actions``. ``column_capabilities`` names the
    columns only some roles may see (``{"pupil": PUPIL_NAMES}``): they are left out of the
    page, the chooser and the export for everyone else.
    """

    default_columns: tuple[str, ...] | None = None
    fixed_columns: tuple[str, ...] | None = None
    column_capabilities: dict[str, tuple[str, int]] = {}

    @classmethod
    def columns_key(cls) -> str:
        """The name a person's choice is saved under: one per table, every school alike."""
        return f"{cls.__module__.split('.')[1]}.{cls.__name__}"

    @property
    def shown_names(self) -> set[str]:
        """Names of the columns on the page, for templates that write their rows out."""
        return {name for name, _ in self.columns.iteritems()}

    class Meta:
        template_name = "core/table.html"
        attrs = {"class": "fr-table__table"}
        empty_text = "Aucun élément."


class MembershipTable(PiloteTable):
    # « Fin le » is empty for current members, the list's default: offered, not shown.
    default_columns = ("email", "role", "start_date", "last_login")

    user = tables.Column(verbose_name="Personne", order_by=("user__last_name", "user__first_name"))
    email = tables.Column(verbose_name="Adresse électronique", accessor="user__email")
    role = tables.Column(verbose_name="Rôle")
    start_date = tables.DateColumn(verbose_name="Depuis", format="d/m/Y")
    end_date = tables.DateColumn(verbose_name="Fin le", format="d/m/Y", default="—")
    last_login = tables.DateTimeColumn(
        verbose_name="Dernière connexion",
        accessor="user__last_login",
        format="d/m/Y",
        default="jamais",
    )
    actions = ActionsColumn("core/membership_actions.html")

    class Meta(PiloteTable.Meta):
        model = Membership
        fields = ("user", "email", "role", "start_date", "end_date", "last_login", "actions")
        empty_text = "Aucun membre."


class JournalTable(PiloteTable):
    default_columns = ("action", "actor_label", "school", "summary")

    timestamp = tables.DateTimeColumn(verbose_name="Date", format="d/m/Y H:i:s")
    action = tables.Column(
        verbose_name="Événement", accessor="get_action_display", order_by="action"
    )
    actor_label = tables.Column(verbose_name="Auteur")
    school = tables.Column(verbose_name="Établissement")
    summary = tables.Column(verbose_name="Résumé", orderable=False)
    ip_address = tables.Column(verbose_name="Adresse IP")

    class Meta(PiloteTable.Meta):
        model = JournalEntry
        fields = ("timestamp", "action", "actor_label", "school", "summary", "ip_address")
        empty_text = "Aucun événement."
