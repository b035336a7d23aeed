"""Indicators of « Continuité », read from the same readiness as the school's page."""

from django.utils import timezone

from pilote.core.metrics import declared, register

from . import readiness


@register(*declared("continuity").values())
def continuity_indicators(schools):
    today = timezone.localdate()
    values = {}
    for school_id, school in readiness.measure(schools, on=today).items():
        last = school.last_exercise
        values[school_id] = {
            "continuite.preparation": school.share_green,
            "continuite.familles_joignables": school.reachable_rate,
            "continuite.plan_valide": int(school.plan_validated),
            "continuite.jours_depuis_exercice": None if last is None else (today - last).days,
        }
    return values
