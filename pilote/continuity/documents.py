"""What the PDF documents say: the full plan, its one-page version for families, and the
message to families when the plan is activated. No pupil or family is named in any of them."""

from django.utils import timezone

from pilote.missions.documents import head_of

from .models import Activation, ContinuityPlan
from .plans import mission_holders
from .referential import load_referential


def plan_context(plan_id: int) -> dict:
    plan = ContinuityPlan.objects.select_related("school__academie").get(pk=plan_id)
    return {
        "plan": plan,
        "school": plan.school,
        "head": head_of(plan.school),
        "scenarios": list(plan.scenarios.order_by("kind")),
        "tools": list(plan.tools.select_related("school_service__service")),
        "mission_holders": mission_holders(plan.school),
        "referential": load_referential(),
        "checklist": [
            (item, bool((plan.checklist or {}).get(item.code))) for item in load_referential().items
        ],
        "printed_on": timezone.localdate(),
    }


def plan_filename(plan: ContinuityPlan, families: bool) -> str:
    kind = "familles" if families else "plan"
    return f"continuite-{kind}-{plan.school.uai}-{plan.year_label}.pdf"


def activation_context(activation_id: int) -> dict:
    activation = Activation.objects.select_related("school__academie").get(pk=activation_id)
    return {
        "activation": activation,
        "school": activation.school,
        "head": head_of(activation.school),
        "printed_on": timezone.localdate(),
    }


def activation_filename(activation: Activation) -> str:
    day = timezone.localtime(activation.started_at)
    return f"continuite-message-familles-{activation.school.uai}-{day:%Y-%m-%d}.pdf"


def default_message(school, scenario_label: str, scope: str, expected_end=None) -> str:
    """The message to families the head starts from (and edits before activating)."""
    end = f" jusqu'au {expected_end:%d/%m/%Y} inclus" if expected_end else ""
    return (
        "Madame, Monsieur,\n\n"
        f"En raison d'une situation exceptionnelle ({scenario_label.lower()}), l'accueil des "
        f"élèves est suspendu pour : {scope}{end}. Le plan de continuité pédagogique de "
        f"l'établissement est activé : les cours continuent à distance selon l'emploi du "
        "temps habituel, avec les outils présentés en début d'année (ENT, classe virtuelle).\n\n"
        "Votre enfant doit se connecter chaque jour à l'ENT avec ses identifiants ÉduConnect. "
        "Si votre enfant n'a pas d'ordinateur ou de connexion à la maison, ou si vous avez "
        "perdu vos identifiants, prenez contact avec la vie scolaire : un prêt de matériel "
        "peut être organisé.\n\n"
        f"Nous vous tiendrons informés de la reprise des cours.\n\n{school.name}"
    )
