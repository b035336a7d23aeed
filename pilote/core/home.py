"""What a school's home page (« À traiter ») asks of the modules, without reading their models.

The home page is core's, its content the modules': each module may declare, in its
``home.py``,

- :func:`register_todo` — items of « À traiter » for this person in this school: each
  :class:`Todo` has a ``rank`` (what kind of thing: indicators in alert first, then overdue
  actions, decisions waiting, stale imports), a ``severity`` and the day it became due, so the
  list is ranked the same way whatever module gave the item;
- :func:`register_mine` — the person's own things (« Mes réservations », « Mes actions »…),
  what a teacher or documentalist lands on;
- :func:`register_section` — a block of the home page after « À traiter » (the volet's
  objectives), as a template and its context.

Each function receives a :class:`HomeContext` (school, user, capabilities, and the measures
the page already computed, so that a module reading indicators costs no query) and answers
in a few grouped queries whatever the size of the school's data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from .modules import Part, discover

# Ranks of « À traiter », in the order the issue asks for.
RANK_ALERT, RANK_ACTION, RANK_DECISION, RANK_IMPORT = 0, 1, 2, 3
# A short list: at most this many items of each kind, so that ten alerts never hide the
# overdue actions or the decisions waiting.
TODO_PER_RANK = 4


@dataclass(frozen=True)
class Todo:
    label: str
    url: str
    rank: int
    severity: float = 0.0
    since: date | None = None
    detail: str = ""
    kind: str = ""

    def sort_key(self):
        newest = -(self.since.toordinal() if self.since else 0)
        return (self.rank, -self.severity, newest, self.label)


@dataclass(frozen=True)
class MineItem:
    label: str
    url: str
    detail: str = ""


@dataclass
class MineGroup:
    title: str
    items: list[MineItem]
    more_url: str = ""
    empty: str = "Rien pour l'instant."
    order: int = 50
    # What the link to ``more_url`` says: « Tout voir », or the action the card leads to.
    more_label: str = "Tout voir"


@dataclass
class HomeContext:
    school: object
    user: object
    capabilities: object
    measures: list = field(default_factory=list)


@dataclass
class HomeSection:
    template_name: str
    context: dict
    order: int = 50


_todo: list[Callable[[HomeContext], list[Todo]]] = []
_mine: list[Callable[[HomeContext], MineGroup | None]] = []
_sections: list[Callable[[HomeContext], HomeSection | None]] = []


def register_todo(function):
    _todo.append(function)
    return function


def register_mine(function):
    _mine.append(function)
    return function


def register_section(function):
    _sections.append(function)
    return function


def todos(context: HomeContext) -> list[Todo]:
    """Every module's items, ranked: worst kind first, then worst and newest first."""
    discover(Part.HOME)
    items = [item for source in _todo for item in source(context)]
    return sorted(items, key=Todo.sort_key)


def shortlist(items: list[Todo], per_rank: int = TODO_PER_RANK) -> list[Todo]:
    """The first ``per_rank`` items of each kind, in ranked order."""
    kept, seen = [], {}
    for item in items:
        seen[item.rank] = seen.get(item.rank, 0) + 1
        if seen[item.rank] <= per_rank:
            kept.append(item)
    return kept


def mine(context: HomeContext) -> list[MineGroup]:
    discover(Part.HOME)
    groups = [group for source in _mine if (group := source(context)) is not None]
    return sorted(groups, key=lambda g: g.order)


def sections(context: HomeContext) -> list[HomeSection]:
    discover(Part.HOME)
    found = [section for source in _sections if (section := source(context)) is not None]
    return sorted(found, key=lambda s: s.order)


# --- Core's own items: indicators in alert, imports waiting for a decision -----------------


@register_todo
def indicators_in_alert(context: HomeContext) -> list[Todo]:
    """Each indicator in alert, linking to the records concerned; newest change first."""
    from django.utils import timezone

    from .metrics import Status, format_value, registry

    alerts = [m for m in context.measures if m.status == Status.ALERT]
    if not alerts:
        return []
    changed = registry.history.changed_on(
        context.school, [m.indicator.code for m in alerts], timezone.localdate()
    )
    return [
        Todo(
            label=(
                f"{m.indicator.label_for(context.school)} : "
                f"{format_value(m.value, m.indicator.unit)}"
            ),
            url=m.indicator.detail_url(context.school),
            rank=RANK_ALERT,
            severity=m.severity,
            since=changed.get(m.indicator.code),
            detail=m.reference_text,
            kind="Indicateur en alerte",
        )
        for m in alerts
    ]


@register_todo
def imports_waiting(context: HomeContext) -> list[Todo]:
    """Files deposited but neither applied nor cancelled: the data shown is not theirs yet."""
    from django.urls import reverse
    from django.utils import timezone

    from .choices import Level
    from .importing import importers_for
    from .models import ImportBatch, ImportStatus

    kinds = {
        cls.kind: cls
        for cls in importers_for("school")
        if context.capabilities.can(cls.domain, Level.EDIT)
    }
    if not kinds:
        return []
    batches = (
        ImportBatch.objects.for_school(context.school)
        .filter(status=ImportStatus.PENDING, kind__in=list(kinds))
        .defer("content")
        .order_by("-pk")[:5]
    )
    return [
        Todo(
            label=f"Import « {batch.filename} » à confirmer ou annuler",
            url=reverse("core:import_preview", kwargs={"uai": context.school.uai, "pk": batch.pk}),
            rank=RANK_IMPORT,
            since=timezone.localdate(batch.created_at),
            kind="Import en attente",
        )
        for batch in batches
    ]
