"""Indicators of the « Réservations » module: occupancy of rooms and mobile carts, loans."""

from pilote.core.choices import Domain
from pilote.core.metrics import Indicator, Unit, french_number, percent, register

from .choices import ResourceKind
from .models import Loan
from .occupancy import loan_figures, resource_use

OCCUPANCY_KINDS = {
    "reservations.occupation_salles": ResourceKind.SALLE_INFORMATIQUE,
    "reservations.occupation_mobiles": ResourceKind.CLASSE_MOBILE,
}


def occupancy_breakdown(kind: str):
    def breakdown(school) -> list[tuple[str, str]]:
        use = resource_use([school])[school.pk]
        return [
            (
                str(item.resource),
                f"{french_number(item.rate)} % ({french_number(item.booked_hours)} h / "
                f"{french_number(item.open_hours)} h)",
            )
            for item in use.resources
            if item.resource.kind == kind and item.rate is not None
        ]

    return breakdown


def overdue_breakdown(school) -> list[tuple[str, str]]:
    loans = Loan.objects.overdue().for_school(school).select_related("equipment")
    return [
        (f"{loan.borrower_name} — {loan.equipment}", f"à rendre le {loan.due_on:%d/%m/%Y}")
        for loan in loans.order_by("due_on")
    ]


def never_booked_breakdown(school) -> list[tuple[str, str]]:
    use = resource_use([school])[school.pk]
    return [(str(resource), resource.get_kind_display()) for resource in use.never_booked]


@register(
    Indicator(
        code="reservations.occupation_salles",
        label="Occupation des salles informatiques",
        domain=Domain.RESERVATIONS,
        unit=Unit.PERCENT,
        description="Heures réservées (confirmées) sur heures d'ouverture des salles "
        "informatiques pendant les 4 dernières semaines de cours. Une salle presque vide "
        "pose la question de son usage ; une salle saturée, celle d'un équipement de plus.",
        detail_url_name="bookings:occupancy",
        breakdown=occupancy_breakdown(ResourceKind.SALLE_INFORMATIQUE),
    ),
    Indicator(
        code="reservations.occupation_mobiles",
        label="Occupation des classes mobiles",
        domain=Domain.RESERVATIONS,
        unit=Unit.PERCENT,
        description="Heures réservées (confirmées) sur heures d'ouverture des classes mobiles "
        "et chariots de tablettes pendant les 4 dernières semaines de cours.",
        detail_url_name="bookings:occupancy",
        breakdown=occupancy_breakdown(ResourceKind.CLASSE_MOBILE),
    ),
    Indicator(
        code="prets.taux",
        label="Taux de prêt des équipements mobiles",
        domain=Domain.RESERVATIONS,
        unit=Unit.PERCENT,
        description="Ordinateurs portables et tablettes prêtés aujourd'hui sur ceux qui peuvent "
        "l'être (en service ou en stock, hors classes mobiles).",
        detail_url_name="bookings:loan_list",
    ),
    Indicator(
        code="prets.en_retard",
        label="Prêts en retard",
        domain=Domain.RESERVATIONS,
        unit=Unit.COUNT,
        description="Équipements prêtés dont la date de retour est passée.",
        watch=0,
        alert=5,
        higher_is_better=False,
        detail_url_name="bookings:loans_overdue",
        breakdown=overdue_breakdown,
    ),
    Indicator(
        code="reservations.jamais_reservees",
        label="Ressources jamais réservées",
        domain=Domain.RESERVATIONS,
        unit=Unit.COUNT,
        description="Ressources réservables sans aucune réservation confirmée pendant les 4 "
        "dernières semaines de cours.",
        watch=0,
        higher_is_better=False,
        detail_url_name="bookings:occupancy",
        breakdown=never_booked_breakdown,
    ),
)
def booking_indicators(schools):
    uses = resource_use(schools)
    loans = loan_figures(schools)
    values = {}
    for school in schools:
        use, loan = uses[school.pk], loans[school.pk]
        measured = use.period is not None and bool(use.period.mondays)
        values[school.pk] = {
            code: use.rate_of(kind) if measured else None for code, kind in OCCUPANCY_KINDS.items()
        }
        values[school.pk]["reservations.jamais_reservees"] = (
            len(use.never_booked) if measured and use.resources else None
        )
        values[school.pk]["prets.taux"] = percent(loan["lent"], loan["lendable"])
        values[school.pk]["prets.en_retard"] = loan["overdue"]
    return values
