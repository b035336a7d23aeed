"""The catalogue's rules beyond the matrix, one predicate at a time (pilote.catalogue.perms)."""

import pytest

from pilote.catalogue import perms
from pilote.core.choices import Role
from pilote.core.permissions import Capabilities


def caps(*roles: str) -> Capabilities:
    return Capabilities.from_roles(roles)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.CHEF,), True),
        ((Role.ENSEIGNANT,), True),
        ((Role.RSSI,), False),  # the académie does not ask on the school's behalf
        ((Role.GESTIONNAIRE_COLLECTIVITE,), False),
        ((), False),
    ],
)
def test_may_ask_is_for_members_of_the_school(roles, expected):
    assert perms.may_ask(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.CHEF,), True), ((Role.ENSEIGNANT,), False), ((Role.RSSI,), False), ((), False)],
)
def test_may_steer_is_for_the_head(roles, expected):
    assert perms.may_steer(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.DRANE,), True),
        ((Role.RSSI,), True),
        ((Role.ADMINISTRATEUR,), True),
        ((Role.CHEF,), False),
        ((Role.GESTIONNAIRE_COLLECTIVITE,), False),
    ],
)
def test_reaches_academie_catalogue(roles, expected):
    assert perms.reaches_academie_catalogue(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.GESTIONNAIRE_COLLECTIVITE,), True),
        ((Role.TECHNICIEN_COLLECTIVITE,), True),
        ((Role.ADMINISTRATEUR,), True),
        ((Role.CHEF,), False),
        ((Role.DRANE,), False),
    ],
)
def test_reaches_collectivite_catalogue(roles, expected):
    assert perms.reaches_collectivite_catalogue(caps(*roles)) is expected
