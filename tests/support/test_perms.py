"""Assistance's rules beyond the matrix, one predicate at a time (pilote.support.perms)."""

import pytest

from pilote.core.choices import Role
from pilote.core.permissions import Capabilities
from pilote.support import perms
from pilote.support.choices import RequestStatus
from tests.core.factories import UserFactory
from tests.missions.factories import DelegationFactory, referential_mission
from tests.support.factories import SupportRequestFactory


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("tech.departement", True),
        ("gest.departement", True),
        ("tech.region", False),  # another collectivité's queue
        ("assistance", False),  # the académie's assistance, not the collectivité's
        ("chef.college", False),
    ],
)
def test_handles_territory_queue(world, username, expected):
    assert perms.handles_territory_queue(world[username], world.departement) is expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [("assistance", True), ("drane", True), ("tech.departement", False), ("chef.college", False)],
)
def test_may_open_territory_queue_of_the_academie(world, username, expected):
    assert perms.may_open_territory_queue(world[username], world.academie) is expected


def test_holds_request_mission(world):
    mission = referential_mission("ent_admin")
    request = SupportRequestFactory(school=world.college, etablissement=True, mission=mission)
    teacher = world["prof.college"]
    assert not perms.holds_request_mission(teacher, request)
    DelegationFactory(school=world.college, mission=mission, holder=teacher)
    assert perms.holds_request_mission(teacher, request)
    request.mission = None
    assert not perms.holds_request_mission(teacher, request)


def test_an_ended_delegation_does_not_hold_the_mission(world):
    mission = referential_mission("ent_admin")
    request = SupportRequestFactory(school=world.college, etablissement=True, mission=mission)
    cpe = world["cpe.college"]
    DelegationFactory(school=world.college, mission=mission, holder=cpe, expired=True)
    assert not perms.holds_request_mission(cpe, request)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("chef.college", True),
        ("adjoint.college", False),  # assistance « modifier » only
        ("chef.lycee", False),  # another school's head
        ("tech.departement", False),  # « administrer », but not through the school
    ],
)
def test_manages_school_assistance(world, username, expected):
    assert perms.manages_school_assistance(world[username], world.college) is expected


@pytest.mark.parametrize(
    ("trait", "username", "expected"),
    [
        ("collectivite", "tech.departement", True),
        ("collectivite", "tech.region", False),
        ("collectivite", "chef.college", False),  # the school's head does not fix projectors
        ("academie", "assistance", True),
        ("academie", "tech.departement", False),
        ("etablissement", "chef.college", True),
        ("etablissement", "tech.departement", False),
        ("etablissement", "prof.college", False),
    ],
)
def test_may_handle_request_is_for_its_recipient(world, trait, username, expected):
    traits = {} if trait == "collectivite" else {trait: True}
    request = SupportRequestFactory(school=world.college, **traits)
    assert perms.may_handle_request(world[username], request) is expected


def test_a_superuser_handles_every_request(world):
    request = SupportRequestFactory(school=world.college)
    assert perms.may_handle_request(UserFactory(is_superuser=True), request)


def test_judges_resolution_is_the_requester(world):
    request = SupportRequestFactory(school=world.college, requester=world["prof.college"])
    assert perms.judges_resolution(world["prof.college"], request)
    assert not perms.judges_resolution(world["cpe.college"], request)


@pytest.mark.parametrize(
    ("roles", "status", "expected"),
    [
        ((Role.ENSEIGNANT,), RequestStatus.NOUVELLE, True),
        ((Role.ENSEIGNANT,), RequestStatus.RESOLUE, True),
        ((Role.ENSEIGNANT,), RequestStatus.CLOSE, False),  # a closed request is the record
        ((Role.DRANE,), RequestStatus.NOUVELLE, False),  # reads, does not write
    ],
)
def test_may_write_on_request(roles, status, expected):
    request = SupportRequestFactory.build(status=status)
    assert perms.may_write_on_request(Capabilities.from_roles(roles), request) is expected
