"""Indicators of the « Services » module (measured for many schools in a few queries)."""

from django.db.models import Count, Exists, OuterRef, Q

from pilote.core.metrics import count_by, declared, per_school, register
from pilote.core.models import Membership

from .choices import SchoolServiceStatus, ServiceKind, ServiceOrigin
from .models import SchoolService, ValidationRequest, overdue_q, pending_q
from .register import completeness_by_school

IN_USE = [SchoolServiceStatus.EN_SERVICE, SchoolServiceStatus.ESSAI]


def services_breakdown(school) -> list[tuple[str, int]]:
    """Services en service by kind, then by catalogue (the detail of ``services.en_service``)."""
    in_service = SchoolService.objects.for_school(school).filter(
        status=SchoolServiceStatus.EN_SERVICE
    )
    return [
        (f"Nature : {ServiceKind(kind).label}", total)
        for kind, total in count_by(in_service, "service__kind")
    ] + [
        (f"Catalogue : {ServiceOrigin(origin).label}", total)
        for origin, total in count_by(in_service, "service__origin")
    ]


def _has_no_active_referent() -> Q:
    """No referent, or a referent who no longer holds a role in the school."""
    still_member = Membership.objects.active().filter(
        school_id=OuterRef("school_id"), user_id=OuterRef("referent_id")
    )
    return Q(referent__isnull=True) | ~Exists(still_member)


def services_without_referent(school) -> list[tuple[str, str]]:
    rows = (
        SchoolService.objects.for_school(school)
        .filter(status__in=IN_USE)
        .filter(_has_no_active_referent())
        .select_related("service", "referent")
        .order_by("service__name")
    )
    return [
        (row.service.name, f"{row.referent} (n'est plus membre)" if row.referent else "à désigner")
        for row in rows
    ]


def overdue_requests(school) -> list[tuple[str, str]]:
    return [
        (request.title, f"avis attendus avant le {request.due_date:%d/%m/%Y}")
        for request in ValidationRequest.objects.for_school(school).overdue().order_by("due_date")
    ]


INDICATORS = declared(
    "catalogue",
    {
        "services.en_service": services_breakdown,
        "services.sans_referent": services_without_referent,
        "validations.en_retard": overdue_requests,
    },
)


@register(*INDICATORS.values())
def services_indicators(schools):
    counts = per_school(
        SchoolService.objects.filter(school__in=schools),
        in_service=Count("pk", filter=Q(status=SchoolServiceStatus.EN_SERVICE)),
        orphan=Count("pk", filter=Q(status__in=IN_USE) & _has_no_active_referent()),
    )
    requests = per_school(
        ValidationRequest.objects.filter(school__in=schools),
        pending=Count("pk", filter=pending_q()),
        overdue=Count("pk", filter=overdue_q()),
    )
    completeness = completeness_by_school(schools)
    values = {}
    for school in schools:
        service_row = counts.get(school.pk, {})
        request_row = requests.get(school.pk, {})
        values[school.pk] = {
            "services.en_service": service_row.get("in_service", 0),
            "services.sans_referent": service_row.get("orphan", 0),
            "validations.en_attente": request_row.get("pending", 0),
            "validations.en_retard": request_row.get("overdue", 0),
            "rgpd.completude": completeness[school.pk],
        }
    return values
