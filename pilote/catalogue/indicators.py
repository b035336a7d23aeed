"""Indicators of the « Services » module (measured for many schools in a few queries)."""

from django.db.models import Count, Exists, OuterRef, Q

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Unit, count_by, per_school, register
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


@register(
    Indicator(
        code="services.en_service",
        label="Services numériques en service",
        domain=Domain.SERVICES,
        description="Services adoptés par l'établissement et en service (hors essais et "
        "services retirés) ; le détail les répartit par nature et par catalogue.",
        breakdown=services_breakdown,
    ),
    Indicator(
        code="services.sans_referent",
        label="Services sans référent",
        domain=Domain.SERVICES,
        description="Services en service ou à l'essai dont personne ne répond dans "
        "l'établissement : aucun référent, ou un référent qui n'y a plus de rôle.",
        watch=0,
        alert=3,
        higher_is_better=False,
        breakdown=services_without_referent,
    ),
    Indicator(
        code="validations.en_attente",
        label="Demandes de validation en cours",
        domain=Domain.SERVICES,
        description="Demandes d'application hors catalogue GAR ou d'équipement hors dotation "
        "qui attendent le chef d'établissement, les avis ou la décision.",
    ),
    Indicator(
        code="validations.en_retard",
        label="Demandes de validation en retard",
        domain=Domain.SERVICES,
        description="Demandes soumises dont les avis de l'académie et de la collectivité "
        "n'ont pas tous été rendus dans le délai.",
        watch=0,
        alert=2,
        higher_is_better=False,
        breakdown=overdue_requests,
    ),
    Indicator(
        code="rgpd.completude",
        label="Complétude du registre RGPD",
        domain=Domain.SERVICES,
        unit=Unit.PERCENT,
        description="Part des traitements à déclarer dont la fiche est complète ; un service "
        "qui traite des données personnelles sans fiche compte comme une fiche manquante.",
        target=100,
        watch=100,
        alert=60,
        detail_url_name="catalogue:registerentry_list",
    ),
)
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
