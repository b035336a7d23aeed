"""Corrective measures of an exercise, towards the plan d'actions.

The plan d'actions belongs to « Pilotage ». When that module offers ``create_action``, each
measure of an exercise becomes an action there, entrusted to the person who records the
exercise, due at the plan d'actions' default date; without it the measures stay as text on
the exercise (one per line), which is what :func:`create_action_function` tells the page.
"""

from django.core.exceptions import ValidationError
from django.db import transaction


def create_action_function():
    try:
        from pilote.pilotage.actions import create_action
    except ImportError:
        return None
    return create_action


def measures_as_actions(exercise, user, *, request=None) -> int:
    """Hand each corrective measure to the plan d'actions; returns how many were created."""
    create_action = create_action_function()
    if create_action is None or not exercise.measures:
        return 0
    try:
        with transaction.atomic():
            for measure in exercise.measures:
                create_action(
                    exercise.school,
                    measure,
                    created_by=user,
                    source=f"Continuité pédagogique — {exercise}",
                    source_url=exercise.get_absolute_url(),
                    request=request,
                )
    except ValidationError:
        # The person is not a member of the school (an académie account): the measures stay
        # on the exercise, none half-created.
        return 0
    return len(exercise.measures)
