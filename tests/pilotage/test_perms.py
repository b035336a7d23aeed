"""Pilotage's rules beyond the matrix, one predicate at a time (pilote.pilotage.perms)."""

import pytest

from pilote.core.choices import Role
from pilote.core.models import User
from pilote.core.permissions import Capabilities
from pilote.pilotage import perms
from tests.pilotage.factories import ActionFactory


def caps(*roles: str) -> Capabilities:
    return Capabilities.from_roles(roles)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.CHEF,), True),
        ((Role.ADJOINT,), True),
        ((Role.RRUPN,), True),
        ((Role.ENSEIGNANT,), False),
        ((Role.ADMINISTRATEUR,), False),  # reads a school's projet, never writes it
    ],
)
def test_may_edit_projet(roles, expected):
    assert perms.may_edit_projet(caps(*roles)) is expected


def test_may_follow_action(world):
    teacher, cpe = world["prof.college"], world["cpe.college"]
    action = ActionFactory(school=world.college, responsible=teacher)
    assert perms.may_follow_action(teacher, action, caps(Role.ENSEIGNANT))
    assert not perms.may_follow_action(cpe, action, caps(Role.CPE))
    action.involved.add(cpe)
    assert perms.may_follow_action(cpe, action, caps(Role.CPE))
    # The plan's editors follow every action, named or not.
    assert perms.may_follow_action(world["rrupn.college"], action, caps(Role.RRUPN))


@pytest.mark.parametrize(
    ("roles", "superuser", "expected"),
    [
        ((Role.ENSEIGNANT,), False, True),
        ((Role.CHEF,), False, True),
        ((Role.GESTIONNAIRE_COLLECTIVITE,), False, False),  # reads the shared bilans only
        ((Role.DRANE,), False, False),
        ((), True, True),
        ((), False, False),
    ],
)
def test_may_open_bilan_is_for_the_school(roles, superuser, expected):
    user = User(username="x", is_superuser=superuser)
    assert perms.may_open_bilan(user, caps(*roles)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.CHEF,), True), ((Role.ADJOINT,), False), ((Role.RRUPN,), False)],
)
def test_may_share_bilan_is_for_the_head(roles, expected):
    assert perms.may_share_bilan(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.CHEF,), True),
        ((Role.RRUPN,), True),
        ((Role.ENSEIGNANT,), False),
        ((Role.DRANE,), False),
    ],
)
def test_may_edit_commission(roles, expected):
    assert perms.may_edit_commission(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.CHEF,), True), ((Role.RRUPN,), False), ((Role.ADJOINT,), False)],
)
def test_may_approve_minutes_is_for_the_head(roles, expected):
    assert perms.may_approve_minutes(caps(*roles)) is expected
