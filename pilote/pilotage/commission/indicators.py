"""Indicators of the commission numérique (registered with the pilotage module's)."""

from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Unit, count_per_school, register

from .models import Decision
from .status import STALE_DAYS, last_held, stale_decisions_filter


@register(
    Indicator(
        code="commission.jours_depuis_derniere",
        label="Jours depuis la dernière commission numérique",
        domain=Domain.COMMISSION,
        unit=Unit.DAYS,
        description="Nombre de jours depuis la dernière réunion de la commission numérique "
        "qui a eu lieu (convoquée et passée, ou compte rendu approuvé) ; vide si elle ne "
        "s'est jamais réunie.",
        watch=120,
        alert=200,
        higher_is_better=False,
        detail_url_name="pilotage:commission",
    ),
    Indicator(
        code="commission.decisions_sans_suite",
        label="Décisions de la commission sans suite",
        domain=Domain.COMMISSION,
        unit=Unit.COUNT,
        description=f"Décisions de plus de {STALE_DAYS} jours dont l'action n'est ni réalisée "
        "ni en cours (ou qui n'ont pas d'action).",
        watch=0,
        alert=3,
        higher_is_better=False,
        detail_url_name="pilotage:commission",
    ),
)
def compute(schools):
    today = timezone.localdate()
    last = last_held(schools)
    stale = count_per_school(
        Decision.objects.filter(stale_decisions_filter(today), meeting__school__in=schools),
        key="meeting__school_id",
    )
    return {
        school.pk: {
            "commission.jours_depuis_derniere": (
                (today - timezone.localtime(last[school.pk]).date()).days
                if school.pk in last
                else None
            ),
            "commission.decisions_sans_suite": stale.get(school.pk, 0),
        }
        for school in schools
    }
