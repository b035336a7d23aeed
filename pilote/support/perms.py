"""Who may do what in Assistance beyond « role → capability » (core.permissions).

A request is moved forward by its recipient (the collectivité's technicians, the académie's
assistance, or in the school the mission's holders and the head), and its requester judges
the resolution. Named predicates, each tested on its own (tests/support/test_perms.py): the
workflow, the views and the templates ask one of them and never compare a role or a user.
"""

from pilote.core.choices import Domain, Level
from pilote.core.models import Membership
from pilote.core.permissions import Capabilities, territory_capabilities
from pilote.missions.models import Delegation

from .choices import Recipient, RequestStatus
from .models import SupportRequest


def handles_territory_queue(user, organisation) -> bool:
    """Assistance « administrer » on the collectivité or the académie as a whole: its
    technicians work the queue of every school of the territory."""
    return territory_capabilities(user, organisation).can(Domain.ASSISTANCE, Level.MANAGE)


def may_open_territory_queue(user, organisation) -> bool:
    """Assistance « consulter » on the territory: the school's page links to its queue."""
    return territory_capabilities(user, organisation).can(Domain.ASSISTANCE, Level.VIEW)


def holds_request_mission(user, support_request: SupportRequest) -> bool:
    """The holder of the mission the request was routed to (a school-maintained tablet, the
    ENT's accounts…) handles it by delegation, whatever their role."""
    if not support_request.mission_id:
        return False
    return (
        Delegation.objects.active()
        .for_school(support_request.school)
        .filter(mission_id=support_request.mission_id, holder=user)
        .exists()
    )


def manages_school_assistance(user, school) -> bool:
    """Assistance « administrer » through a role of the school itself (the head): the
    collectivité's or académie's roles reaching the school do not answer its own requests."""
    roles = Membership.objects.active().filter(user=user, school=school)
    capabilities = Capabilities.from_roles(roles.values_list("role", flat=True))
    return capabilities.can(Domain.ASSISTANCE, Level.MANAGE)


def may_handle_request(user, support_request: SupportRequest) -> bool:
    """Only the recipient moves a request forward: the territory's queue for the requests
    sent to it, the mission's holder or the head for those the school keeps."""
    if user.is_superuser:
        return True
    school = support_request.school
    if support_request.recipient == Recipient.COLLECTIVITE:
        return handles_territory_queue(user, school.collectivite)
    if support_request.recipient == Recipient.ACADEMIE:
        return handles_territory_queue(user, school.academie)
    return holds_request_mission(user, support_request) or manages_school_assistance(user, school)


def judges_resolution(user, support_request: SupportRequest) -> bool:
    """The requester says whether the resolution holds: closes the request or reopens it."""
    return support_request.requester_id == user.pk


def may_write_on_request(capabilities, support_request: SupportRequest) -> bool:
    """Assistance « modifier » writes messages and adds files until the request is closed:
    a closed request is the record of what was done."""
    return (
        capabilities.can(Domain.ASSISTANCE, Level.EDIT)
        and support_request.status != RequestStatus.CLOSE
    )
