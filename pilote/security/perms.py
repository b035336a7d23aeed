"""Who may do what in Sécurité beyond « role → capability » (core.permissions).

Named predicates, each tested on its own: a view asks one of them and never compares a role
name itself. The access review ends roles as the members page does, so it applies core's
rule rather than a copy of it (tested in tests/core/test_perms.py).
"""

from pilote.core.perms import may_end_membership

__all__ = ["may_end_membership"]
