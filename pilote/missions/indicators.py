"""Indicators of the « Missions » module: the missions nobody holds, and whether the RUPN
holds a signed lettre de mission for today (décret 2015-475; a question the académie asks
of all its schools)."""

from django.db.models import F, Q
from django.utils import timezone

from pilote.core.metrics import count_per_school, declared, register

from .choices import LetterStatus
from .models import Delegation, Mission, MissionLetter


def vacant_missions(school) -> list[tuple[str, str]]:
    held = Delegation.objects.active().for_school(school).values("mission_id")
    missions = Mission.objects.available_to(school).exclude(pk__in=held)
    return [(mission.label, "sans titulaire") for mission in missions]


@register(*declared("missions", {"missions.sans_titulaire": vacant_missions}).values())
def mission_indicators(schools):
    """Four grouped queries whatever the number of schools."""
    referential = Mission.objects.referential().filter(is_active=True).count()
    own = count_per_school(Mission.objects.filter(school__in=schools, is_active=True))
    held = count_per_school(
        Delegation.objects.active()
        .filter(school__in=schools, mission__is_active=True)
        .filter(Q(mission__school__isnull=True) | Q(mission__school=F("school"))),
        "mission",
        distinct=True,
    )
    today = timezone.localdate()
    signed = set(
        MissionLetter.objects.filter(
            school__in=schools,
            status=LetterStatus.SIGNEE,
            start_date__lte=today,
            end_date__gte=today,
        ).values_list("school_id", flat=True)
    )
    return {
        school.pk: {
            "missions.sans_titulaire": referential + own.get(school.pk, 0) - held.get(school.pk, 0),
            "missions.lettre_signee": int(school.pk in signed),
        }
        for school in schools
    }
