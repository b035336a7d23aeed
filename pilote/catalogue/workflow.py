"""The validation workflow of applications and equipment outside the national offer.

Steps: a member of the school asks → the head submits (or declines to) → the académie's RSSI
and the collectivité's manager each give an opinion → the head decides. Each step checks the
actor and the current step, writes in one transaction, is journaled, and e-mails the next
actor. A refused step raises :class:`StepRefused` (wrong person: HTTP 403) or
:class:`StepInvalid` (wrong moment or contradictory decision: HTTP 400).
"""

from django.db import transaction
from django.utils import timezone

from pilote.core.choices import JournalAction, Role
from pilote.core.journal import record
from pilote.core.notify import emails_of_role, send_notification
from pilote.core.permissions import Capabilities

from .choices import (
    Authority,
    RequestKind,
    RequestStatus,
    SchoolServiceStatus,
    ServiceOrigin,
    SupportContact,
)
from .models import SchoolService, Service, ValidationOpinion, ValidationRequest
from .perms import may_ask, may_steer

# Who gives each opinion: the académie's security officer and the collectivité's manager.
AUTHORITY_ROLES = {
    Authority.ACADEMIE: Role.RSSI,
    Authority.COLLECTIVITE: Role.GESTIONNAIRE_COLLECTIVITE,
}


class StepRefused(Exception):
    """The person may not act at this step."""


class StepInvalid(Exception):
    """The request is not at a step where this action makes sense."""


def authorities_of(capabilities: Capabilities) -> list[str]:
    return [a for a, role in AUTHORITY_ROLES.items() if role in capabilities.roles]


def _notify(request_obj, recipients, subject, step, http_request=None):
    link = request_obj.get_absolute_url()
    if http_request is not None:
        link = http_request.build_absolute_uri(link)
    send_notification(
        recipients,
        subject,
        "catalogue/emails/validation.txt",
        {"request": request_obj, "step": step, "link": link},
    )


def _journal(request_obj, action, what: str, user, http_request, **details) -> None:
    """Journal a step as « what : the request's title », an event of the request's school
    that names the request: every step is found again the same way."""
    record(
        action,
        f"{what} : {request_obj.title}",
        request=http_request,
        user=user,
        school=request_obj.school,
        request_id=request_obj.pk,
        **details,
    )


def ask(form, *, school, user, capabilities, http_request=None) -> ValidationRequest:
    if not may_ask(capabilities):
        raise StepRefused("Seul un membre de l'établissement peut déposer une demande.")
    with transaction.atomic():
        request_obj = form.save(commit=False)
        request_obj.school = school
        request_obj.requested_by = user
        request_obj.status = RequestStatus.DEMANDEE
        request_obj.save()
        _journal(
            request_obj,
            JournalAction.VALIDATION_REQUESTED,
            "Demande de validation",
            user,
            http_request,
        )
    _notify(
        request_obj,
        emails_of_role(school, [Role.CHEF]),
        f"Demande de validation à soumettre : {request_obj.title}",
        "a_soumettre",
        http_request,
    )
    return request_obj


def _require_status(request_obj, *statuses) -> None:
    if request_obj.status not in statuses:
        raise StepInvalid(
            f"La demande est à l'étape « {request_obj.get_status_display()} » : "
            "cette action n'est plus possible."
        )


def submit(request_obj, *, user, capabilities, http_request=None) -> None:
    if not may_steer(capabilities):
        raise StepRefused("Seul le chef d'établissement soumet une demande.")
    _require_status(request_obj, RequestStatus.DEMANDEE)
    now = timezone.now()
    with transaction.atomic():
        request_obj.status = RequestStatus.SOUMISE
        request_obj.submitted_at = now
        request_obj.due_date = ValidationRequest.deadline_from(timezone.localdate())
        request_obj.save(update_fields=["status", "submitted_at", "due_date"])
        _journal(
            request_obj,
            JournalAction.VALIDATION_SUBMITTED,
            "Demande soumise à l'académie et à la collectivité",
            user,
            http_request,
        )
    _notify(
        request_obj,
        emails_of_role(request_obj.school, AUTHORITY_ROLES.values()),
        f"Avis attendu avant le {request_obj.due_date:%d/%m/%Y} : {request_obj.title}",
        "avis_attendu",
        http_request,
    )


def decline(request_obj, comment: str, *, user, capabilities, http_request=None) -> None:
    """The head keeps a request inside the school (not worth the académie's time)."""
    if not may_steer(capabilities):
        raise StepRefused("Seul le chef d'établissement peut ne pas transmettre une demande.")
    _require_status(request_obj, RequestStatus.DEMANDEE)
    with transaction.atomic():
        request_obj.status = RequestStatus.NON_TRANSMISE
        request_obj.decision_comment = comment
        request_obj.decided_by = user
        request_obj.decided_at = timezone.now()
        request_obj.save(update_fields=["status", "decision_comment", "decided_by", "decided_at"])
        _journal(
            request_obj,
            JournalAction.VALIDATION_DECLINED,
            "Demande non transmise",
            user,
            http_request,
        )
    _notify_requester(request_obj, "Votre demande n'est pas transmise", http_request)


def give_opinion(
    request_obj, authority: str, form, *, user, capabilities, http_request=None
) -> ValidationOpinion:
    if authority not in authorities_of(capabilities):
        raise StepRefused(f"Cet avis revient au {Authority(authority).label}.")
    _require_status(request_obj, RequestStatus.SOUMISE)
    if request_obj.opinion_of(authority) is not None:
        raise StepInvalid("Cet avis a déjà été rendu.")
    with transaction.atomic():
        opinion = form.save(commit=False)
        opinion.request = request_obj
        opinion.authority = authority
        opinion.given_by = user
        opinion.save()
        # Counted in the database: the request's opinions may be prefetched (stale) here.
        given = ValidationOpinion.objects.filter(request=request_obj).count()
        all_in = given == len(AUTHORITY_ROLES)
        if all_in:
            request_obj.status = RequestStatus.AVIS_RENDUS
            request_obj.save(update_fields=["status"])
        _journal(
            request_obj,
            JournalAction.VALIDATION_OPINION,
            f"Avis {opinion.get_verdict_display().lower()} ({opinion.get_authority_display()})",
            user,
            http_request,
            authority=authority,
            verdict=opinion.verdict,
        )
    if all_in:
        _notify(
            request_obj,
            emails_of_role(request_obj.school, [Role.CHEF]),
            f"Avis rendus, décision attendue : {request_obj.title}",
            "a_decider",
            http_request,
        )
    return opinion


def decide(request_obj, approve: bool, comment: str, *, user, capabilities, http_request=None):
    """Approve or refuse once both opinions are in. A « défavorable » opinion forbids
    approval: the validation by the security services is a prior condition."""
    if not may_steer(capabilities):
        raise StepRefused("Seul le chef d'établissement décide.")
    _require_status(request_obj, RequestStatus.AVIS_RENDUS)
    if approve and request_obj.has_unfavourable_opinion:
        raise StepInvalid(
            "Un avis défavorable a été rendu : la demande ne peut pas être approuvée."
        )
    with transaction.atomic():
        request_obj.status = RequestStatus.APPROUVEE if approve else RequestStatus.REFUSEE
        request_obj.decided_by = user
        request_obj.decided_at = timezone.now()
        request_obj.decision_comment = comment
        if approve:
            _create_result(request_obj)
        request_obj.save()
        _journal(
            request_obj,
            JournalAction.VALIDATION_DECIDED,
            f"Demande {'approuvée' if approve else 'refusée'}",
            user,
            http_request,
            approved=approve,
        )
    _notify_requester(
        request_obj,
        f"Décision sur votre demande : {request_obj.get_status_display()}",
        http_request,
    )


def _create_result(request_obj: ValidationRequest) -> None:
    if request_obj.kind == RequestKind.EQUIPEMENT:
        request_obj.equipment = _create_equipment(request_obj)
    else:
        request_obj.school_service = _create_service(request_obj)


def _create_service(request_obj: ValidationRequest) -> SchoolService:
    """The approved application becomes a local service, adopted on trial, its requester as
    referent; its RGPD attributes come from the request, ready for the register."""
    service = Service.objects.create(
        name=request_obj.title,
        kind=request_obj.service_kind,
        description=request_obj.purpose,
        publisher=request_obj.publisher,
        origin=ServiceOrigin.LOCAL,
        school=request_obj.school,
        url=request_obj.url,
        support_contact=SupportContact.EDITEUR,
        processes_personal_data=bool(request_obj.personal_data),
        personal_data_categories=request_obj.personal_data,
        sensitive_data=request_obj.sensitive_data,
        purpose=request_obj.purpose,
        hosting=request_obj.hosting,
        sector=request_obj.sector,
        for_pupils=request_obj.for_pupils,
        for_guardians=request_obj.for_guardians,
        for_teachers=request_obj.for_teachers,
        for_staff=request_obj.for_staff,
    )
    return SchoolService.objects.create(
        school=request_obj.school,
        service=service,
        referent=request_obj.requested_by,
        status=SchoolServiceStatus.ESSAI,
        start_date=timezone.localdate(),
        notes=f"Créé par la décision sur la demande « {request_obj.title} ».",
    )


def _create_equipment(request_obj: ValidationRequest):
    from pilote.inventory.choices import EquipmentStatus, Maintainer, Origin
    from pilote.inventory.models import Equipment

    return Equipment.objects.create(
        school=request_obj.school,
        category=request_obj.equipment_category,
        brand=request_obj.publisher[:60],
        model=request_obj.title[:100],
        origin=Origin.LOCAL,
        maintainer=Maintainer.ETABLISSEMENT,
        status=EquipmentStatus.EN_STOCK,
        cost=request_obj.cost,
        notes=f"Acquisition validée par la décision sur la demande « {request_obj.title} ».",
    )


def _notify_requester(request_obj, subject, http_request) -> None:
    requester = request_obj.requested_by
    if requester is not None and requester.email:
        _notify(request_obj, [requester.email], subject, "decision", http_request)
