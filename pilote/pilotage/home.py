"""Pilotage on the school's home page: overdue actions and decisions waiting in « À traiter »,
the volet's objectives, « Mes actions »."""

from django.urls import reverse
from django.utils import timezone

from pilote.core.choices import Domain, Level
from pilote.core.home import (
    RANK_ACTION,
    RANK_DECISION,
    HomeSection,
    MineGroup,
    MineItem,
    Todo,
    register_mine,
    register_section,
    register_todo,
)
from pilote.core.metrics import Status

from . import perms
from .actions import open_actions_of, overdue_actions
from .progress import target_progress, volet_tree
from .targets import volet_in_force

# Registry indicators that count decisions someone has to take (read through the registry,
# never the modules' models): code → what the item says.
DECISIONS = {
    "validations.en_attente": "demande{s} de validation en attente de décision",
    "validations.en_retard": "demande{s} de validation en retard",
    "securite.incidents_ouverts": "incident{s} de sécurité ouvert{s} à traiter ou à signaler",
    "assistance.hors_delai": "demande{s} d'assistance hors délai",
}
ACTIONS_SHOWN = 5


@register_todo
def late_actions(context) -> list[Todo]:
    if not context.capabilities.can(Domain.PROJET, Level.VIEW):
        return []
    actions = list(overdue_actions(context.school)[:ACTIONS_SHOWN])
    return [
        Todo(
            label=f"{action.title} — {action.responsible}",
            url=action.get_absolute_url(),
            rank=RANK_ACTION,
            severity=action.days_late,
            since=action.due_date,
            detail=f"échéance du {action.due_date:%d/%m/%Y} dépassée",
            kind="Action en retard",
        )
        for action in actions
    ]


@register_todo
def decisions_waiting(context) -> list[Todo]:
    items = []
    for measure in context.measures:
        wording = DECISIONS.get(measure.indicator.code)
        if wording is None or not measure.value:
            continue
        count = int(measure.value)
        items.append(
            Todo(
                label=f"{count} {wording.format(s='s' if count > 1 else '')}",
                url=measure.indicator.detail_url(context.school),
                rank=RANK_DECISION,
                severity=2.0 if measure.status == Status.ALERT else 1.0,
                kind="Décision en attente",
            )
        )
    return items


@register_section
def objectives(context) -> HomeSection | None:
    """Where the volet's objectives stand: each objective and its targets' statuses."""
    if not context.capabilities.can(Domain.PROJET, Level.VIEW):
        return None
    volet = volet_in_force(context.school, timezone.localdate())
    if volet is None:
        return HomeSection(
            "pilotage/_home_objectives.html",
            {"volet": None, "can_edit": perms.may_edit_projet(context.capabilities)},
            order=10,
        )
    axes = volet_tree(volet)
    progress = target_progress(volet, axes, context.measures)
    rows = []
    for axis in axes:
        for objective in axis.objectives.all():
            judged = [progress[t.pk] for t in objective.targets.all() if t.pk in progress]
            rows.append(
                {
                    "axis": axis,
                    "objective": objective,
                    "targets": judged,
                    "met": sum(p.met for p in judged),
                }
            )
    return HomeSection(
        "pilotage/_home_objectives.html",
        {
            "volet": volet,
            "rows": rows,
            "met": sum(r["met"] for r in rows),
            "total": sum(len(r["targets"]) for r in rows),
        },
        order=10,
    )


@register_mine
def my_actions(context) -> MineGroup | None:
    if not context.capabilities.can(Domain.PROJET, Level.VIEW):
        return None
    actions = list(open_actions_of(context.user, context.school)[:5])
    return MineGroup(
        title="Mes actions",
        items=[
            MineItem(
                a.title,
                a.get_absolute_url(),
                f"en retard depuis le {a.due_date:%d/%m/%Y}"
                if a.is_overdue
                else f"échéance le {a.due_date:%d/%m/%Y}",
            )
            for a in actions
        ],
        more_url=reverse("pilotage:my_actions", kwargs={"uai": context.school.uai}),
        empty="Aucune action du plan ne vous attend.",
        order=40,
    )


from .commission import home as commission_home  # noqa: E402, F401
