"""The schools' own targets, plugged into the indicator registry (``core.metrics``).

For each school, the volet in force on a date is the adopted one covering that school year,
else the latest version in preparation (its targets then read « volet en préparation »).
Every page, the CLI, the API and the reports judge an indicator against that target through
the registry; two queries answer any number of schools.
"""

from django.db.models import Prefetch

from pilote.core.metrics import TargetSource

from .choices import VoletStatus
from .models import Target, TargetMilestone, Volet


def volets_in_force(schools, on) -> dict[int, Volet]:
    """``{school_id: Volet}``: adopted first, else the newest version in preparation."""
    chosen: dict[int, Volet] = {}
    volets = (
        Volet.objects.in_force(on)
        .filter(school__in=[s.pk for s in schools])
        .select_related("school")
    )
    for volet in volets.order_by("school_id", "-version"):
        current = chosen.get(volet.school_id)
        if current is None or (
            volet.status == VoletStatus.ADOPTED and current.status != VoletStatus.ADOPTED
        ):
            chosen[volet.school_id] = volet
    return chosen


def volet_in_force(school, on) -> Volet | None:
    return volets_in_force([school], on).get(school.pk)


class VoletTargets(TargetSource):
    def targets_for(self, schools, on):
        volets = volets_in_force(schools, on)
        if not volets:
            return {}
        by_volet = {volet.pk: volet for volet in volets.values()}
        targets = (
            Target.objects.filter(objective__axis__volet__in=list(by_volet))
            .select_related("objective__axis")
            .prefetch_related(Prefetch("milestones", queryset=TargetMilestone.objects.all()))
            .order_by("deadline")
        )
        result: dict[int, dict] = {}
        for target in targets:
            volet = by_volet[target.objective.axis.volet_id]
            result.setdefault(volet.school_id, {}).setdefault(
                target.code, target.as_school_target(draft=volet.is_draft)
            )
        return result
