"""Indicators of « Continuité », read from the same readiness as the school's page."""

from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Unit, register

from . import readiness

INDEX = "continuity:index"


@register(
    Indicator(
        code="continuite.preparation",
        label="Préparation de la continuité",
        domain=Domain.CONTINUITE,
        unit=Unit.PERCENT,
        description="Part des huit points de préparation au vert : familles joignables, "
        "comptes ENT activés, élèves connectés depuis 30 jours, matériel à prêter, personnels "
        "formés, outils du plan en service, mission « continuité » tenue, exercice de moins "
        "d'un an.",
        target=100,
        watch=75,
        alert=50,
        detail_url_name=INDEX,
    ),
    Indicator(
        code="continuite.familles_joignables",
        label="Familles joignables",
        domain=Domain.CONTINUITE,
        unit=Unit.PERCENT,
        description="Part des élèves présents dont au moins un représentant légal a un "
        "courriel ou un téléphone portable valide dans SIECLE.",
        target=100,
        watch=95,
        alert=85,
        detail_url_name=INDEX,
    ),
    Indicator(
        code="continuite.plan_valide",
        label="Plan de continuité validé",
        domain=Domain.CONTINUITE,
        description="1 si le plan de l'année scolaire est validé par le chef d'établissement, "
        "0 sinon.",
        target=1,
        alert=1,
        detail_url_name=INDEX,
    ),
    Indicator(
        code="continuite.jours_depuis_exercice",
        label="Jours depuis le dernier exercice",
        domain=Domain.CONTINUITE,
        unit=Unit.DAYS,
        description="Jours écoulés depuis le dernier exercice du plan (vide : jamais).",
        watch=365,
        alert=730,
        higher_is_better=False,
        detail_url_name=INDEX,
    ),
)
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
