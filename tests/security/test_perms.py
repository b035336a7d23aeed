"""Sécurité's rules beyond the matrix, one predicate at a time (pilote.security.perms)."""

import pytest

from pilote.core.choices import Role
from pilote.core.models import Membership, User
from pilote.security.perms import may_end_membership


@pytest.mark.parametrize(
    ("own", "role", "expected"),
    [
        (True, Role.CHEF, False),  # the head's own role stays
        (True, Role.ADJOINT, True),
        (False, Role.CHEF, True),  # another head's role may end
        (False, Role.ENSEIGNANT, True),
    ],
)
def test_may_end_membership(own, role, expected):
    head = User(pk=1, username="chef")
    membership = Membership(user_id=1 if own else 2, role=role)
    assert may_end_membership(head, membership) is expected
