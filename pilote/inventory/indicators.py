"""Indicators of the Parc, measured for many schools in a few grouped queries.

The thresholds (``watch`` / ``alert``, in ``referentials/indicateurs.yaml`` with the rest
of what each indicator means) are Pilote's starting points for the cockpit
colours, not official figures; the socle's own thresholds live in its referential.
"""

from collections import Counter
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from pilote.core.metrics import (
    Measure,
    count_per_school,
    declared,
    per_school,
    percent,
    register,
)

from .choices import Category, EquipmentDomain, EquipmentStatus, RoomKind
from .models import Equipment, Room, beyond_lifetime_q
from .socle import compliance, pupil_counts

RENEWAL_HORIZON_YEARS = 3

INDICATORS = declared("inventory")


def renewal_horizon(today: date | None = None) -> date:
    """The last day the « 3 ans » of the dashboard covers: 31 December of the second year after
    this one, so that the indicator is the sum of the first three rows of the yearly renewal
    table (one definition, one value — issue #20)."""
    year = (today or timezone.localdate()).year + RENEWAL_HORIZON_YEARS - 1
    return date(year, 12, 31)


def fleet_figures(schools) -> dict[int, dict]:
    horizon = renewal_horizon()
    computers = Q(category__in=Category.computers(), domain=EquipmentDomain.PEDAGOGIQUE)
    due = beyond_lifetime_q(horizon)
    renewed = Q(category__in=Category.renewed())
    return per_school(
        Equipment.objects.filter(school__in=schools).in_fleet(),
        total=Count("pk"),
        computers=Count("pk", filter=computers),
        dated=Count("pk", filter=renewed & Q(acquisition_date__isnull=False)),
        beyond=Count("pk", filter=renewed & beyond_lifetime_q()),
        out=Count("pk", filter=Q(status__in=EquipmentStatus.out_of_service())),
        due=Count("pk", filter=due),
        due_cost=Sum("cost", filter=due),
        due_costed=Count("pk", filter=due & Q(cost__isnull=False)),
    )


def rooms_without_display(schools) -> Counter:
    """Classrooms with no display device in the fleet, counted per school."""
    with_display = Equipment.objects.filter(
        room=OuterRef("pk"),
        category__in=Category.displays(),
        status__in=EquipmentStatus.in_fleet(),
    )
    rooms = Room.objects.filter(school__in=schools, kind=RoomKind.SALLE_CLASSE)
    return Counter(count_per_school(rooms.filter(~Exists(with_display))))


def renewal_measure(row) -> Measure:
    if not row or not row["due"]:
        return Measure(INDICATORS["parc.renouvellements_3_ans"], 0 if row else None)
    note = ""
    if row["due_costed"]:
        cost = f"{row['due_cost']:,.0f}".replace(",", "\u202f")
        note = f"coût connu pour {row['due_costed']} sur {row['due']} : {cost} €"
    return Measure(INDICATORS["parc.renouvellements_3_ans"], row["due"], note=note)


@register(*INDICATORS.values())
def parc_indicators(schools):
    figures = fleet_figures(schools)
    pupils = pupil_counts(schools)
    no_display = rooms_without_display(schools)
    reports = compliance(schools)
    values = {}
    for school in schools:
        row = figures.get(school.pk)
        computers = row["computers"] if row else 0
        values[school.pk] = {
            "parc.postes_pour_100_eleves": round(100 * computers / pupils[school.pk], 1)
            if pupils[school.pk]
            else None,
            "parc.hors_duree_de_vie": percent(row["beyond"], row["dated"]) if row else None,
            "parc.hors_service": percent(row["out"], row["total"]) if row else None,
            "parc.salles_sans_affichage": no_display.get(school.pk, 0),
            "parc.conformite_socle": reports[school.pk].rate,
            "parc.renouvellements_3_ans": renewal_measure(row),
        }
    return values
