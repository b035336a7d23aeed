"""Indicators of the pilotage module: the plan d'actions and the volet's targets.

``pilotage.cibles_atteintes`` reads the other indicators through the registry (judged against
each school's own target), never another module's models; the targets set on pilotage's own
indicators are left out of it, so that it never measures itself.
"""

from django.db.models import Count, Q
from django.utils import timezone

from pilote.core.metrics import (
    Status,
    declared,
    per_school,
    percent,
    register,
    registry,
)
from pilote.core.schoolyear import school_year_end, school_year_start

from .choices import ActionStatus
from .commission.status import STALE_DAYS
from .models import Action

OWN_PREFIX = "pilotage."


def overdue_breakdown(school) -> list[tuple[str, str]]:
    from .actions import overdue_actions

    return [
        (f"{a.title} ({a.responsible})", f"échéance le {a.due_date:%d/%m/%Y}")
        for a in overdue_actions(school)[:50]
    ]


# The commission's indicators are in the same referential: registered by ``commission``.
INDICATORS = declared(
    "pilotage", {"pilotage.actions_en_retard": overdue_breakdown}, stale_days=STALE_DAYS
)


@register(*(indicator for code, indicator in INDICATORS.items() if code.startswith(OWN_PREFIX)))
def compute(schools):
    today = timezone.localdate()
    start, end = school_year_start(today), school_year_end(today)
    open_values = ActionStatus.open_values()
    this_year = Q(due_date__range=(start, end))
    by_school = per_school(
        Action.objects.filter(school__in=schools),
        late=Count("pk", filter=Q(status__in=open_values, due_date__lt=today)),
        due_this_year=Count("pk", filter=this_year & ~Q(status=ActionStatus.ABANDONED)),
        done_this_year=Count("pk", filter=this_year & Q(status=ActionStatus.DONE)),
    )
    met = targets_met(schools)
    result = {}
    for school in schools:
        row = by_school.get(school.pk, {})
        result[school.pk] = {
            "pilotage.actions_en_retard": row.get("late", 0),
            "pilotage.actions_realisees": percent(
                row.get("done_this_year", 0), row.get("due_this_year", 0)
            ),
            "pilotage.cibles_atteintes": met.get(school.pk),
        }
    return result


def targets_met(schools) -> dict[int, float | None]:
    """``{school_id: share of targets met}`` through the registry (cached values)."""
    today = timezone.localdate()
    targets = registry.targets.targets_for(schools, today)
    codes = sorted(
        {
            code
            for by_code in targets.values()
            for code in by_code
            if not code.startswith(OWN_PREFIX)
        }
    )
    if not codes:
        return {}
    with_targets = [school for school in schools if targets.get(school.pk)]
    measures = registry.measure(with_targets, codes=codes, cached=True)
    shares = {}
    for school in with_targets:
        judged = [m for m in measures[school.pk] if m.target is not None and m.value is not None]
        shares[school.pk] = percent(sum(m.status == Status.OK for m in judged), len(judged))
    return shares


from .commission import indicators as commission_indicators  # noqa: E402, F401
