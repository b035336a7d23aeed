"""Versions of a volet: revising copies it, adopting a version retires the older ones."""

from django.db.models import Max

from .choices import VoletStatus
from .models import Volet


def new_version(volet: Volet) -> Volet:
    """A copy of ``volet`` in preparation, numbered after the period's last version."""
    last = (
        Volet.objects.for_school(volet.school)
        .filter(start_year=volet.start_year)
        .aggregate(n=Max("version"))["n"]
    )
    copy = Volet.objects.create(
        school=volet.school,
        start_year=volet.start_year,
        end_year=volet.end_year,
        version=last + 1,
        title=volet.title,
        summary=volet.summary,
    )
    for axis in volet.axes.prefetch_related("objectives__targets__milestones"):
        objectives = list(axis.objectives.all())
        axis.pk, axis.volet = None, copy
        axis.save()
        for objective in objectives:
            targets = list(objective.targets.all())
            objective.pk, objective.axis = None, axis
            objective.save()
            for target in targets:
                milestones = list(target.milestones.all())
                target.pk, target.objective = None, objective
                target.save()
                for milestone in milestones:
                    milestone.pk, milestone.target = None, target
                    milestone.save()
    return copy


def replace_older_versions(volet: Volet) -> int:
    """Once a version is adopted, the earlier versions of its period read « remplacé »."""
    older = (
        Volet.objects.for_school(volet.school)
        .filter(start_year=volet.start_year, version__lt=volet.version)
        .exclude(status=VoletStatus.REPLACED)
    )
    count = 0
    for old in older:  # one by one, so that each change is kept in the history
        old.status = VoletStatus.REPLACED
        old.save()
        count += 1
    return count
