"""Réservations' rules beyond the matrix, one predicate at a time (pilote.bookings.perms)."""

import pytest

from pilote.bookings import perms
from pilote.bookings.choices import BookingStatus
from pilote.core.choices import Role
from pilote.core.permissions import Capabilities, capabilities_for
from pilote.missions.models import Delegation, Mission
from tests.bookings.factories import BookingFactory, ResourceFactory, next_monday


def caps(*roles: str) -> Capabilities:
    return Capabilities.from_roles(roles)


def caps_of(world, username: str) -> Capabilities:
    return capabilities_for(world[username], world.college)


def give_mobile_mission(world, username: str) -> None:
    Delegation.objects.create(
        school=world.college,
        mission=Mission.objects.get(code=perms.MOBILE_MISSION, school__isnull=True),
        holder=world[username],
    )


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.CHEF,), True), ((Role.ADJOINT,), False), ((Role.ENSEIGNANT,), False), ((), False)],
)
def test_oversees_bookings_is_for_the_head(roles, expected):
    assert perms.oversees_bookings(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.ENSEIGNANT,), True),
        ((Role.CPE,), True),
        ((Role.GESTIONNAIRE_COLLECTIVITE,), False),  # reads the school's bookings, never books
        ((Role.DRANE,), False),
        ((), False),
    ],
)
def test_may_book(roles, expected):
    assert perms.may_book(caps(*roles)) is expected


@pytest.mark.parametrize(
    ("allowed", "roles", "expected"),
    [
        ([], (Role.ENSEIGNANT,), True),  # no list: everyone who may book
        ([Role.DDFPT], (Role.DDFPT,), True),
        ([Role.DDFPT], (Role.ENSEIGNANT,), False),
        ([Role.DDFPT], (Role.CHEF,), True),  # the head books every resource
        ([], (Role.DRANE,), False),
    ],
)
def test_may_book_resource_follows_its_list_of_roles(allowed, roles, expected):
    resource = ResourceFactory.build(allowed_roles=allowed)
    assert perms.may_book_resource(resource, caps(*roles)) is expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("chef.college", True),
        ("adjoint.college", True),  # edits both the Parc and the bookings
        ("rrupn.college", True),
        ("cpe.college", False),  # books, but does not edit the Parc
        ("prof.college", False),
    ],
)
def test_may_manage_bookings(world, username, expected):
    user = world[username]
    assert perms.may_manage_bookings(user, world.college, caps_of(world, username)) is expected


def test_the_mobile_mission_makes_a_teacher_a_manager(world):
    teacher = world["prof.college"]
    assert not perms.holds_mobile_mission(teacher, world.college)
    give_mobile_mission(world, "prof.college")
    assert perms.holds_mobile_mission(teacher, world.college)
    assert perms.may_manage_bookings(teacher, world.college, caps_of(world, "prof.college"))


def test_approvers_are_the_named_one_else_the_mission_else_the_head(world):
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    assert perms.approvers_for(cart) == [world["chef.college"]]
    give_mobile_mission(world, "rrupn.college")
    assert perms.approvers_for(cart) == [world["rrupn.college"]]
    cart.approver = world["adjoint.college"]
    cart.save()
    assert perms.is_approver(world["adjoint.college"], cart)
    assert not perms.is_approver(world["rrupn.college"], cart)


def test_may_decide_booking(world):
    booking = BookingFactory(
        resource=ResourceFactory(school=world.college, approval=True), pending=True
    )
    head, teacher, cpe = world["chef.college"], world["prof.college"], world["cpe.college"]
    assert perms.may_decide_booking(head, booking, caps_of(world, "chef.college"))
    assert not perms.may_decide_booking(cpe, booking, caps_of(world, "cpe.college"))
    booking.resource.approver = cpe
    assert perms.may_decide_booking(cpe, booking, caps_of(world, "cpe.college"))
    assert not perms.may_decide_booking(teacher, booking, caps_of(world, "prof.college"))


def test_awaits_decision_from_only_while_the_request_waits(world):
    booking = BookingFactory(resource=ResourceFactory(school=world.college), pending=True)
    head_caps = caps_of(world, "chef.college")
    assert perms.awaits_decision_from(world["chef.college"], booking, head_caps)
    booking.status = BookingStatus.CONFIRMEE
    assert not perms.awaits_decision_from(world["chef.college"], booking, head_caps)
    booking.status = BookingStatus.EN_ATTENTE
    assert not perms.awaits_decision_from(world["prof.college"], booking, caps(Role.ENSEIGNANT))


def test_books_without_approval(world):
    room = ResourceFactory(school=world.college)
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    teacher = world["prof.college"]
    assert perms.books_without_approval(teacher, room, caps(Role.ENSEIGNANT))
    assert not perms.books_without_approval(teacher, cart, caps(Role.ENSEIGNANT))
    assert perms.books_without_approval(world["chef.college"], cart, caps(Role.CHEF))
    cart.approver = teacher
    assert perms.books_without_approval(teacher, cart, caps(Role.ENSEIGNANT))


def test_may_cancel_booking(world):
    teacher, cpe = world["prof.college"], world["cpe.college"]
    booking = BookingFactory(resource=ResourceFactory(school=world.college), booked_by=teacher)
    assert perms.may_cancel_booking(teacher, booking, caps(Role.ENSEIGNANT))
    assert not perms.may_cancel_booking(cpe, booking, caps(Role.CPE))  # a colleague's
    assert perms.may_cancel_booking(world["chef.college"], booking, caps(Role.CHEF))
    past = BookingFactory(resource=booking.resource, booked_by=teacher, day=next_monday(weeks=-1))
    assert not perms.may_cancel_booking(teacher, past, caps(Role.ENSEIGNANT))
    cancelled = BookingFactory(resource=booking.resource, booked_by=teacher, cancelled=True)
    assert not perms.may_cancel_booking(teacher, cancelled, caps(Role.ENSEIGNANT))


def test_pending_for_lists_what_the_person_decides(world):
    cart = ResourceFactory(school=world.college, mobile=True, approval=True)
    waiting = BookingFactory(resource=cart, pending=True)
    rrupn = world["rrupn.college"]
    assert list(perms.pending_for(world["chef.college"], world.college, caps(Role.CHEF))) == [
        waiting
    ]
    assert not perms.pending_for(rrupn, world.college, caps(Role.RRUPN)).exists()
    give_mobile_mission(world, "rrupn.college")
    assert list(perms.pending_for(rrupn, world.college, caps(Role.RRUPN))) == [waiting]
    cart.approver = world["adjoint.college"]
    cart.save()
    assert not perms.pending_for(rrupn, world.college, caps(Role.RRUPN)).exists()


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.CHEF,), True), ((Role.ADJOINT,), False), ((Role.ENSEIGNANT,), False)],
)
def test_may_revoke_any_feed_is_for_the_head(roles, expected):
    assert perms.may_revoke_any_feed(caps(*roles)) is expected
