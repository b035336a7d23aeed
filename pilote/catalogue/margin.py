"""« Marge de manœuvre »: what the school must use, what it chooses, what it runs itself.

The source text asks the head to know, for each service, whether it is mandatory, national,
public or private: that is the school's room for manoeuvre. A mandatory service is imposed
whoever offers it; a service offered by the State, the académie or the collectivité and not
mandatory is a choice among an offer (support and security come with it); a local service is
the school's own, and so its own responsibility (support, RGPD, security).
"""

from dataclasses import dataclass, field

from .choices import Obligation, SchoolServiceStatus, ServiceOrigin
from .models import SchoolService, Service


@dataclass
class MarginGroup:
    key: str
    title: str
    explanation: str
    services: list = field(default_factory=list)


@dataclass
class Margin:
    imposed: MarginGroup
    chosen: MarginGroup
    own: MarginGroup
    missing_mandatory: list

    @property
    def groups(self) -> list[MarginGroup]:
        return [self.imposed, self.chosen, self.own]


def group_of(service: Service) -> str:
    if service.obligation == Obligation.OBLIGATOIRE:
        return "imposed"
    if service.origin == ServiceOrigin.LOCAL:
        return "own"
    return "chosen"


def margin_of(school) -> Margin:
    margin = Margin(
        imposed=MarginGroup(
            "imposed",
            "Ce que l'établissement doit utiliser",
            "Services obligatoires : l'établissement n'a pas le choix, il en organise l'usage.",
        ),
        chosen=MarginGroup(
            "chosen",
            "Ce que l'établissement choisit dans l'offre",
            "Services proposés par l'État, l'académie ou la collectivité, recommandés ou libres :"
            " l'assistance et la sécurité sont assurées par celui qui les propose.",
        ),
        own=MarginGroup(
            "own",
            "Ce que l'établissement gère lui-même",
            "Services choisis et gérés localement : l'établissement en porte l'assistance, la "
            "sécurité et la conformité RGPD (validation préalable hors catalogue GAR).",
        ),
        missing_mandatory=[],
    )
    adoptions = (
        SchoolService.objects.for_school(school)
        .exclude(status=SchoolServiceStatus.RETIRE)
        .select_related("service", "referent")
        .order_by("service__name")
    )
    adopted_ids = set()
    for adoption in adoptions:
        adopted_ids.add(adoption.service_id)
        getattr(margin, group_of(adoption.service)).services.append(adoption)
    mandatory = Service.objects.offered_to(school).filter(
        obligation=Obligation.OBLIGATOIRE, is_offered=True
    )
    margin.missing_mandatory = [
        service
        for service in mandatory.exclude(pk__in=adopted_ids).order_by("name")
        if service.concerns(school)
    ]
    return margin
