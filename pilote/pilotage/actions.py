"""The plan d'actions seen from outside: small public functions other modules call.

Another module never writes :class:`~pilote.pilotage.models.Action` rows itself: it calls
:func:`create_action` to turn one of its decisions (a commission's decision, a corrective
measure of the continuity plan…) into an action of the school's plan, and reads the plan
through :func:`open_actions_of` and :func:`overdue_actions`.

    from pilote.pilotage.actions import create_action

    action = create_action(
        school, "Remplacer la borne Wi-Fi du CDI", responsible=user, due=date(2027, 3, 1),
        source="Commission numérique du 12 janvier 2027", source_url=decision_url,
    )
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pilote.core.metrics import registry
from pilote.core.models import Membership
from pilote.core.notify import send_notification

from .choices import ActionStatus
from .models import Action

# Without a due date, an action is due in a month: it then shows in « Mes actions » and, if
# nobody revisits it, among the overdue actions.
DEFAULT_DUE_DAYS = 30


def is_member(school, user) -> bool:
    return Membership.objects.active().filter(school=school, user=user).exists()


@transaction.atomic
def create_action(
    school,
    title: str,
    responsible=None,
    due: date | None = None,
    *,
    created_by=None,
    source: str = "",
    source_url: str = "",
    description: str = "",
    start: date | None = None,
    objective=None,
    indicators=(),
    success_criterion: str = "",
    request=None,
) -> Action:
    """Add an action to ``school``'s plan and tell the person made responsible by e-mail.

    ``responsible`` must be a member of the school (by default ``created_by``, the person
    recording the decision, who can hand the action over later); ``due`` defaults to
    :data:`DEFAULT_DUE_DAYS` days from today; ``indicators`` are registry codes. Raises
    :class:`ValidationError` (a French message naming the field) and writes nothing otherwise.
    """
    responsible = responsible or created_by
    if due is None:
        due = timezone.localdate() + timedelta(days=DEFAULT_DUE_DAYS)
    if responsible is None:
        raise ValidationError({"responsible": "Désignez la personne responsable de l'action."})
    if not title.strip():
        raise ValidationError({"title": "Donnez un intitulé à l'action."})
    if not is_member(school, responsible):
        raise ValidationError({"responsible": f"{responsible} n'est pas membre de {school.name}."})
    unknown = [code for code in indicators if code not in registry.by_code]
    if unknown:
        raise ValidationError({"indicators": f"Indicateur inconnu : {', '.join(unknown)}."})
    if objective is not None and objective.axis.volet.school_id != school.pk:
        raise ValidationError({"objective": "Cet objectif n'est pas celui de l'établissement."})
    action = Action.objects.create(
        school=school,
        title=title.strip()[:200],
        description=description,
        responsible=responsible,
        due_date=due,
        start_date=start,
        source=source[:200],
        source_url=source_url[:300],
        objective=objective,
        indicators=list(indicators),
        success_criterion=success_criterion,
    )
    notify_responsible(action, request=request)
    return action


def notify_responsible(action: Action, *, request=None) -> int:
    """E-mail the person made responsible (written now, sent after the commit)."""
    link = action.get_absolute_url()
    if request is not None:
        link = request.build_absolute_uri(link)
    return send_notification(
        [action.responsible.email],
        f"Une action vous est confiée : {action.title}",
        "pilotage/email/action_assigned.txt",
        {"action": action, "school": action.school, "link": link},
        school=action.school,
    )


def open_actions_of(user, school):
    """The actions ``user`` is responsible for or involved in, still to do or under way."""
    from django.db.models import Q

    return (
        Action.objects.open()
        .filter(Q(responsible=user) | Q(involved=user), school=school)
        .distinct()
        .order_by("due_date")
    )


def overdue_actions(school, on: date | None = None):
    return (
        Action.objects.overdue(on)
        .for_school(school)
        .select_related("responsible")
        .order_by("due_date")
    )


def mark_status(action: Action, status: str) -> None:
    """Change the state; « réalisée » records the day it was done."""
    action.status = status
    if status == ActionStatus.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    elif status != ActionStatus.DONE:
        action.completed_on = None
