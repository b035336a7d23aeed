"""Indicators of the commission numérique (registered with the pilotage module's)."""

from django.utils import timezone

from pilote.core.metrics import count_per_school, register

from ..indicators import INDICATORS
from .models import Decision
from .status import last_held, stale_decisions_filter


@register(*(indicator for code, indicator in INDICATORS.items() if code.startswith("commission.")))
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
