"""Where a volet's targets stand today: the value, the step it is judged on, the status.

Read through the indicator registry only (never another module's models), in one grouped
measure for all the volet's indicators.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from pilote.core.metrics import Measure, Status, registry

from .models import Axis, Objective, Target, Volet


@dataclass
class TargetProgress:
    target: Target
    measure: Measure

    @property
    def status(self) -> Status:
        return self.measure.status

    @property
    def met(self) -> bool:
        return self.status == Status.OK


def volet_tree(volet: Volet) -> list[Axis]:
    """The volet's axes with their objectives and targets (three queries)."""
    return list(
        volet.axes.prefetch_related(
            Prefetch(
                "objectives",
                queryset=Objective.objects.prefetch_related(
                    Prefetch("targets", queryset=Target.objects.prefetch_related("milestones"))
                ),
            )
        )
    )


def target_progress(
    volet: Volet, axes: list[Axis] | None = None, measures: list[Measure] | None = None
) -> dict[int, TargetProgress]:
    """``{target_id: TargetProgress}``, each target judged on itself (even in a draft).

    Each target of ``axes`` also gets its ``progress`` attribute (None when unmeasured), for
    the templates. ``measures`` already computed for the school (the home page's) save the
    measuring; indicators missing from them are measured."""
    axes = volet_tree(volet) if axes is None else axes
    targets = [t for axis in axes for o in axis.objectives.all() for t in o.targets.all()]
    for target in targets:
        target.progress = None
    if not targets:
        return {}
    today = timezone.localdate()
    codes = {t.code for t in targets}
    measures = {m.indicator.code: m for m in measures or () if m.indicator.code in codes}
    missing = codes - measures.keys()
    if missing:
        measures |= {
            m.indicator.code: m
            for m in registry.measure_school(volet.school, codes=sorted(missing), cached=True)
        }
    result = {}
    for target in targets:
        measure = measures.get(target.code)
        if measure is None:  # an indicator since removed from Pilote
            continue
        judged = Measure(
            measure.indicator,
            measure.value,
            target=target.as_school_target(draft=volet.is_draft),
            on=today,
        )
        result[target.pk] = target.progress = TargetProgress(target, judged)
    return result
