"""Who may do what in Pilotage beyond « role → capability » (core.permissions).

Who edits the volet, who follows an action, who opens the school's bilan and shares it, who
approves a commission's minutes: named predicates, each tested on its own
(tests/pilotage/test_perms.py). Views and templates ask one of them and never compare a role
or a user themselves.
"""

from pilote.core.choices import Domain, Level


def may_edit_projet(capabilities) -> bool:
    """Projet « modifier » (the head, the adjoint, the RRUPN) writes the volet and the plan."""
    return capabilities.can(Domain.PROJET, Level.EDIT)


def may_follow_action(user, action, capabilities) -> bool:
    """Editors of the plan, and the people the action names (its responsible, those
    involved), write its follow-up notes: a teacher reports on the action they carry."""
    if may_edit_projet(capabilities):
        return True
    return action.responsible_id == user.pk or action.involved.filter(pk=user.pk).exists()


def may_open_bilan(user, capabilities) -> bool:
    """The bilan is the school's: its own members (and a superuser) open it; a collectivité
    or académie role reaching the school reads only the bilans the head shared with it."""
    return user.is_superuser or capabilities.in_school


def may_share_bilan(capabilities) -> bool:
    """Projet « administrer » (the head): sharing the bilan with the territory is the
    head's decision."""
    return capabilities.can(Domain.PROJET, Level.MANAGE)


def may_edit_commission(capabilities) -> bool:
    """Commission « modifier »: prepares meetings, agendas, decisions and the minutes."""
    return capabilities.can(Domain.COMMISSION, Level.EDIT)


def may_approve_minutes(capabilities) -> bool:
    """Commission « administrer »: only the head, who chairs the commission, approves its
    minutes (they are then final)."""
    return capabilities.can(Domain.COMMISSION, Level.MANAGE)
