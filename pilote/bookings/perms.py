"""Who may do what in Réservations beyond « role → capability » (core.permissions).

Who books which resource, who approves a request, who cancels a booking, who runs the module:
named predicates, each tested on its own (tests/bookings/test_perms.py). Views and
``booking.book`` ask one of them and never compare a role or a user themselves.
"""

from django.db.models import Q

from pilote.core.choices import Domain, Level, Role
from pilote.core.models import Membership, User

from .choices import BookingStatus
from .models import Booking, Resource

# The mission « réservation et maintenance des équipements mobiles » (Missions module).
MOBILE_MISSION = "equipements_mobiles"


def mission_holders(school) -> list[User]:
    """People who hold the mission « réservation et maintenance des équipements mobiles »."""
    from pilote.missions.models import Delegation

    holder_ids = Delegation.objects.active().holding(school, MOBILE_MISSION).values("holder_id")
    return list(User.objects.filter(pk__in=holder_ids, is_active=True))


def heads(school) -> list[User]:
    """The school's heads: they approve when nobody else is named or holds the mission."""
    head_ids = Membership.objects.active().filter(school=school, role=Role.CHEF).values("user_id")
    return list(User.objects.filter(pk__in=head_ids, is_active=True))


def approvers_for(resource: Resource) -> list[User]:
    """The named approver; else the holders of the mobile-equipment mission; else the head."""
    if resource.approver_id and resource.approver.is_active:
        return [resource.approver]
    return mission_holders(resource.school) or heads(resource.school)


def _among(user, people: list[User]) -> bool:
    return any(person.pk == user.pk for person in people)


def holds_mobile_mission(user, school) -> bool:
    """The mission's holders run bookings and loans by delegation, without a role for it."""
    return _among(user, mission_holders(school))


def is_approver(user, resource: Resource) -> bool:
    """Whoever approves the resource's requests (see :func:`approvers_for`)."""
    return _among(user, approvers_for(resource))


def oversees_bookings(capabilities) -> bool:
    """Réservations « administrer » (the head): books every resource, decides every request,
    never waits for an approval — the head answers for the school's equipment."""
    return capabilities.can(Domain.RESERVATIONS, Level.MANAGE)


def may_book(capabilities) -> bool:
    """Réservations « modifier »: the member books for their own classes (teachers included)."""
    return capabilities.can(Domain.RESERVATIONS, Level.EDIT)


def may_book_resource(resource: Resource, capabilities) -> bool:
    """Roles listed on the resource may book it; with no list, everyone who may book. The
    school restricts a resource (a lab for the DDFPT's sections) by listing roles on it."""
    if not may_book(capabilities):
        return False
    if not resource.allowed_roles or oversees_bookings(capabilities):
        return True
    return bool(set(resource.allowed_roles) & set(capabilities.roles))


def may_manage_bookings(user, school, capabilities) -> bool:
    """Who configures resources and the calendar and runs loans.

    The head (management of the module), those who may edit both the Parc and the bookings
    (adjoint, SG, RRUPN, DDFPT: resources are Parc items) and the holders of the mission
    « équipements mobiles », who run bookings and loans by delegation.
    """
    if oversees_bookings(capabilities):
        return True
    if may_book(capabilities) and capabilities.can(Domain.PARC, Level.EDIT):
        return True
    return holds_mobile_mission(user, school)


def may_decide_booking(user, booking: Booking, capabilities) -> bool:
    """The resource's approver decides its requests; the head decides every request."""
    return oversees_bookings(capabilities) or is_approver(user, booking.resource)


def awaits_decision_from(user, booking: Booking, capabilities) -> bool:
    """A request still waiting, which ``user`` may decide: the page offers the decision."""
    return booking.status == BookingStatus.EN_ATTENTE and may_decide_booking(
        user, booking, capabilities
    )


def books_without_approval(user, resource: Resource, capabilities) -> bool:
    """A resource that needs no approval, or a booker who would approve it anyway."""
    if not resource.requires_approval or oversees_bookings(capabilities):
        return True
    return is_approver(user, resource)


def may_cancel_booking(user, booking: Booking, capabilities) -> bool:
    """A booking still to come: the person who booked it, and whoever may decide on the
    resource (to free a slot for a trip, an exam) cancel it; the past stays as it was."""
    if not booking.is_holding or not booking.is_future:
        return False
    return booking.booked_by_id == user.pk or may_decide_booking(user, booking, capabilities)


def pending_for(user, school, capabilities):
    """Requests waiting for a decision that ``user`` may take (the list form of
    :func:`may_decide_booking`: the head sees them all, an approver the resources they
    approve)."""
    pending = Booking.objects.for_school(school).filter(status=BookingStatus.EN_ATTENTE)
    if oversees_bookings(capabilities):
        return pending
    mine = Q(resource__approver=user)
    if holds_mobile_mission(user, school):
        mine |= Q(resource__approver__isnull=True)
    return pending.filter(mine)


def may_revoke_any_feed(capabilities) -> bool:
    """The head revokes any calendar address of the school (a lost phone, a shared link);
    everyone else only their own."""
    return capabilities.can(Domain.ETABLISSEMENT, Level.MANAGE)
