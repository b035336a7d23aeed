"""Corrective measures of an exercise, towards the plan d'actions.

The plan d'actions belongs to « Pilotage ». When that module offers ``create_action``, each
measure of an exercise becomes an action there; until then the measures stay as text on the
exercise (one per line), which is what this function reports.
"""


def create_action_function():
    try:
        from pilote.pilotage.actions import create_action
    except ImportError:
        return None
    return create_action


def measures_as_actions(exercise, user) -> int:
    """Hand each corrective measure to the plan d'actions; returns how many were created."""
    create_action = create_action_function()
    if create_action is None:
        return 0
    for measure in exercise.measures:
        create_action(
            school=exercise.school,
            title=measure,
            source=f"Continuité pédagogique — {exercise}",
            created_by=user,
        )
    return len(exercise.measures)
