"""Indicator of the « Missions » module: the missions nobody holds."""

from django.db.models import Count, F, Q

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Unit, register

from .models import Delegation, Mission


def vacant_missions(school) -> list[tuple[str, str]]:
    held = Delegation.objects.active().filter(school=school).values("mission_id")
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
    )
)
def mission_indicators(schools):
    """Three grouped queries whatever the number of schools."""
    referential = Mission.objects.referential().filter(is_active=True).count()
    own = dict(
        Mission.objects.filter(school__in=schools, is_active=True)
        .values("school_id")
        .annotate(total=Count("pk"))
        .values_list("school_id", "total")
    )
    held = dict(
        Delegation.objects.active()
        .filter(school__in=schools, mission__is_active=True)
        .filter(Q(mission__school__isnull=True) | Q(mission__school=F("school")))
        .values("school_id")
        .annotate(total=Count("mission", distinct=True))
        .values_list("school_id", "total")
    )
    return {
        school.pk: {
            "missions.sans_titulaire": referential + own.get(school.pk, 0) - held.get(school.pk, 0)
        }
        for school in schools
    }
