"""Who may do what in Sécurité beyond « role → capability » (core.permissions).

Named predicates, each tested on its own (tests/security/test_perms.py): a view asks one of
them and never compares a role name itself.
"""

from pilote.core.choices import Role


def may_end_membership(user, membership) -> bool:
    """The access review may end any role but the head's own: the school keeps a head."""
    return not (membership.user_id == user.pk and membership.role == Role.CHEF)
