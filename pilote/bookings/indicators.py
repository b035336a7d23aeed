"""Indicators of the « Réservations » module: occupancy of rooms and mobile carts, loans."""

from pilote.core.metrics import declared, french_number, percent, register

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


INDICATORS = declared(
    "bookings",
    {
        "reservations.occupation_salles": occupancy_breakdown(ResourceKind.SALLE_INFORMATIQUE),
        "reservations.occupation_mobiles": occupancy_breakdown(ResourceKind.CLASSE_MOBILE),
        "prets.en_retard": overdue_breakdown,
        "reservations.jamais_reservees": never_booked_breakdown,
    },
)


@register(*INDICATORS.values())
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
