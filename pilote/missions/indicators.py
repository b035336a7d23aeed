"""Indicators of the « Missions » module: the missions nobody holds, and whether the RUPN
holds a signed lettre de mission for today (décret 2015-475; a question the académie asks
of all its schools)."""

from django.db.models import F, Q
from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Unit, count_per_school, register

from .choices import LetterStatus
from .models import Delegation, Mission, MissionLetter


def vacant_missions(school) -> list[tuple[str, str]]:
    held = Delegation.objects.active().for_school(school).values("mission_id")
    missions = Mission.objects.available_to(school).exclude(pk__in=held)
    return [(mission.label, "sans titulaire") for mission in missions]


@register(
    Indicator(
        code="missions.sans_titulaire",
        label="Missions sans titulaire",
        domain=Domain.MISSIONS,
        unit=Unit.COUNT,
        description="Missions du référentiel et de l'établissement que personne ne tient "
        "aujourd'hui par délégation : elles retombent sur le chef d'établissement.",
        target=0,
        watch=0,
        alert=3,
        higher_is_better=False,
        detail_url_name="missions:index",
        breakdown=vacant_missions,
    ),
    Indicator(
        code="missions.lettre_signee",
        label="Lettre de mission du RUPN signée",
        domain=Domain.MISSIONS,
        unit=Unit.COUNT,
        description="1 quand une lettre de mission signée couvre aujourd'hui le référent pour "
        "les ressources et usages pédagogiques numériques, 0 sinon.",
        target=1,
        alert=1,
        detail_url_name="missions:letter_list",
    ),
)
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
