"""The life of a request: filed, taken, put on hold, resolved, closed — and who may move it.

Only the recipient moves a request forward (the collectivité's technicians, the académie's
assistance, or in the school the mission's holders and the head); the requester confirms a
resolution by closing it, or reopens it when the problem is still there. Every move is a
comment on the request's timeline and an e-mail to the next person who has to act.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pilote.core.choices import Role
from pilote.core.notify import emails_of_role, send_notification
from pilote.missions.models import Delegation

from . import perms
from .choices import Recipient, RequestStatus
from .models import RequestAttachment, RequestComment, SupportRequest
from .routing import mission_for, route, target_days
from .workdays import add_working_days, is_working_day, working_days_between

S = RequestStatus

HANDLER_MOVES = {
    S.NOUVELLE: [S.PRISE_EN_CHARGE, S.EN_ATTENTE, S.RESOLUE],
    S.PRISE_EN_CHARGE: [S.EN_ATTENTE, S.RESOLUE],
    S.EN_ATTENTE: [S.PRISE_EN_CHARGE, S.RESOLUE],
    S.RESOLUE: [S.CLOSE, S.PRISE_EN_CHARGE],
    S.CLOSE: [],
}
# The requester says whether the resolution holds: close it, or reopen it.
REQUESTER_MOVES = {S.RESOLUE: [S.CLOSE, S.PRISE_EN_CHARGE]}

ROLES_OF_RECIPIENT = {
    Recipient.COLLECTIVITE: [Role.TECHNICIEN_COLLECTIVITE, Role.GESTIONNAIRE_COLLECTIVITE],
    Recipient.ACADEMIE: [Role.ASSISTANCE_ACADEMIQUE],
    Recipient.ETABLISSEMENT: [Role.CHEF],
}


@dataclass(frozen=True)
class Move:
    status: str
    label: str


def move_label(current: str, target: str) -> str:
    if target == S.PRISE_EN_CHARGE:
        return "Rouvrir" if current == S.RESOLUE else "Prendre en charge"
    return {
        S.EN_ATTENTE: "Mettre en attente",
        S.RESOLUE: "Marquer comme résolue",
        S.CLOSE: "Clore",
    }[target]


def due_date_for(filed_on, days: int):
    """Counting starts on the next working day when a request is filed on a day off."""
    start = filed_on
    while not is_working_day(start):
        start += timedelta(days=1)
    return add_working_days(start, days)


def allowed_moves(support_request: SupportRequest, user, *, handler: bool) -> list[Move]:
    """The moves offered to ``user``: the recipient's (``handler``, see
    :func:`perms.may_handle_request`), and the requester's on a resolved request."""
    current = support_request.status
    targets = list(HANDLER_MOVES[current]) if handler else []
    if perms.judges_resolution(user, support_request):
        targets += [t for t in REQUESTER_MOVES.get(current, []) if t not in targets]
    return [Move(target, move_label(current, target)) for target in targets]


def handler_emails(support_request: SupportRequest) -> list[str]:
    school = support_request.school
    if support_request.recipient == Recipient.ETABLISSEMENT and support_request.mission_id:
        holders = (
            Delegation.objects.active()
            .for_school(school)
            .filter(mission_id=support_request.mission_id)
            .exclude(holder__email="")
            .values_list("holder__email", flat=True)
        )
        if holders:
            return list(holders)
    return emails_of_role(school, ROLES_OF_RECIPIENT[support_request.recipient])


@transaction.atomic
def file_request(*, school, requester, data: dict, attachment=None) -> SupportRequest:
    """Create a request from a validated form's data: route it, date its target, notify."""
    routing = route(
        category=data["category"],
        equipment=data.get("equipment"),
        room=data.get("room"),
        school_service=data.get("school_service"),
        account_kind=data.get("account_kind", ""),
    )
    mission = mission_for(school, routing.mission_code)
    reason = routing.reason
    if routing.recipient == Recipient.ETABLISSEMENT and not (
        mission and Delegation.objects.active().for_school(school).filter(mission=mission).exists()
    ):
        reason += (
            " Personne ne tient cette mission aujourd'hui : le chef d'établissement la reçoit."
        )
    days = target_days()[data["category"]]
    filed_at = timezone.now()
    support_request = SupportRequest.objects.create(
        school=school,
        requester=requester,
        title=data["title"],
        description=data["description"],
        category=data["category"],
        equipment=data.get("equipment"),
        room=data.get("room"),
        school_service=data.get("school_service"),
        account_kind=data.get("account_kind", ""),
        recipient=routing.recipient,
        routing_reason=reason,
        mission=mission,
        created_at=filed_at,
        target_days=days,
        due_date=due_date_for(timezone.localdate(filed_at), days),
    )
    if attachment is not None:
        attach(support_request, attachment, requester)
    transaction.on_commit(lambda: notify_new(support_request))
    return support_request


def attach(support_request: SupportRequest, upload, user) -> RequestAttachment:
    return RequestAttachment.store(upload, user, request=support_request)


def apply_status(support_request: SupportRequest, target: str, user) -> None:
    now = timezone.now()
    if target == S.PRISE_EN_CHARGE:
        support_request.assignee = support_request.assignee or user
        support_request.taken_at = support_request.taken_at or now
        support_request.resolved_at = None
        support_request.resolution_days = None
    elif target == S.RESOLUE:
        support_request.resolved_at = now
        support_request.resolution_days = working_days_between(
            timezone.localdate(support_request.created_at), timezone.localdate(now)
        )
        support_request.assignee = support_request.assignee or user
    elif target == S.CLOSE:
        support_request.closed_at = now
    support_request.status = target


@transaction.atomic
def move(support_request: SupportRequest, target: str, user, body: str = "") -> RequestComment:
    """Change the status (the caller has checked the move is allowed) and log it."""
    previous = support_request.status
    apply_status(support_request, target, user)
    support_request.save()
    comment = RequestComment.objects.create(
        request=support_request, author=user, body=body, status_from=previous, status_to=target
    )
    transaction.on_commit(lambda: notify_update(support_request, comment, user))
    return comment


def add_comment(support_request: SupportRequest, user, body: str) -> RequestComment:
    comment = RequestComment.objects.create(request=support_request, author=user, body=body)
    transaction.on_commit(lambda: notify_update(support_request, comment, user))
    return comment


def notify_new(support_request: SupportRequest) -> int:
    return send_notification(
        handler_emails(support_request),
        f"Nouvelle demande {support_request.reference} — {support_request.school}",
        "support/emails/new_request.txt",
        {"request": support_request},
    )


def notify_update(support_request: SupportRequest, comment: RequestComment, actor) -> int:
    """Tell the other side: the requester when the handler acts, the handler otherwise."""
    recipients = set()
    if support_request.requester and support_request.requester_id != actor.pk:
        recipients.add(support_request.requester.email)
    if support_request.assignee and support_request.assignee_id != actor.pk:
        recipients.add(support_request.assignee.email)
    elif support_request.assignee is None and support_request.requester_id == actor.pk:
        recipients.update(handler_emails(support_request))
    return send_notification(
        recipients,
        f"Demande {support_request.reference} : {support_request.get_status_display().lower()}",
        "support/emails/update.txt",
        {"request": support_request, "comment": comment, "actor": actor},
    )
