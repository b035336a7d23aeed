"""Core's rules beyond the matrix, one predicate at a time (pilote.core.perms)."""

from types import SimpleNamespace

import pytest

from pilote.core import perms
from pilote.core.choices import Domain, Role
from pilote.core.models import Membership, User
from pilote.core.permissions import Capabilities


def caps(*roles: str) -> Capabilities:
    return Capabilities.from_roles(roles)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.ENSEIGNANT,), True),
        ((Role.DOCUMENTALISTE,), True),
        ((Role.ENSEIGNANT, Role.DOCUMENTALISTE), True),
        ((Role.ENSEIGNANT, Role.RRUPN), False),  # a teacher who steers too sees the school's
        ((Role.CHEF,), False),
        ((), False),  # a superuser (no role) sees the school's indicators
    ],
)
def test_has_personal_home(roles, expected):
    assert perms.has_personal_home(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("role", "expected"), [(Role.DPD, True), (Role.RSSI, False), (Role.DRANE, False)]
)
def test_lands_on_dpd_pages(role, expected):
    assert perms.lands_on_dpd_pages(Membership(role=role)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.CHEF,), True), ((Role.ADJOINT,), False), ((Role.ADMINISTRATEUR,), True), ((), False)],
)
def test_may_manage_members_is_for_the_head(roles, expected):
    assert perms.may_manage_members(caps(*roles)) is expected


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
    assert perms.may_end_membership(head, membership) is expected


def test_securite_applies_the_same_rule():
    from pilote.security import perms as security_perms

    assert security_perms.may_end_membership is perms.may_end_membership


PARC = SimpleNamespace(domain=Domain.PARC, names_pupils=False)
PUPILS = SimpleNamespace(domain=Domain.USAGES, names_pupils=True)


@pytest.mark.parametrize(
    ("roles", "importer", "expected"),
    [
        ((Role.RRUPN,), PARC, True),
        ((Role.ENSEIGNANT,), PARC, False),  # reads the Parc, does not write it
        ((Role.CPE,), PUPILS, True),  # edits Usages and sees pupils by name
        ((Role.RRUPN,), PUPILS, False),  # edits Usages, but not pupils' names
        ((Role.ADMINISTRATEUR,), PUPILS, False),  # territory roles never see names
    ],
)
def test_may_import(roles, importer, expected):
    assert perms.may_import(caps(*roles), importer) is expected
