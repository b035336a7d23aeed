"""Indicators of the Parc, measured for many schools in a few grouped queries.

The thresholds (``watch`` / ``alert``) are Pilote's starting points for the cockpit
colours, not official figures; the socle's own thresholds live in its referential.
"""

from collections import Counter
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from pilote.core.choices import Domain
from pilote.core.metrics import (
    Indicator,
    Measure,
    Unit,
    count_per_school,
    per_school,
    percent,
    register,
)

from .choices import Category, EquipmentDomain, EquipmentStatus, RoomKind
from .models import Equipment, Room, beyond_lifetime_q
from .socle import compliance, pupil_counts

RENEWAL_HORIZON_YEARS = 3

POSTES = Indicator(
    code="parc.postes_pour_100_eleves",
    label="Postes pour 100 élèves",
    domain=Domain.PARC,
    unit=Unit.RATIO,
    description="Ordinateurs fixes, portables et tablettes pédagogiques en service (ou en "
    "panne, en réparation) pour 100 élèves. Repère national observé : 33,8 en collège, 43,9 "
    "en LEGT (2018-2019).",
    detail_url_name="inventory:index",
)
BEYOND = Indicator(
    code="parc.hors_duree_de_vie",
    label="Appareils au-delà de leur durée de vie",
    domain=Domain.PARC,
    unit=Unit.PERCENT,
    description="Part des ordinateurs fixes et portables, tablettes, vidéoprojecteurs et écrans "
    "interactifs du parc (date d'acquisition connue) qui ont dépassé leur durée de vie prévue : "
    "les appareils que compte aussi la règle du socle.",
    watch=25,
    alert=40,
    higher_is_better=False,
    detail_url_name="inventory:state",
)
OUT_OF_SERVICE = Indicator(
    code="parc.hors_service",
    label="Appareils hors service",
    domain=Domain.PARC,
    unit=Unit.PERCENT,
    description="Part des appareils du parc en panne ou en réparation.",
    watch=5,
    alert=10,
    higher_is_better=False,
    detail_url_name="inventory:equipment_list",
)
NO_DISPLAY = Indicator(
    code="parc.salles_sans_affichage",
    label="Salles de classe sans affichage collectif",
    domain=Domain.PARC,
    unit=Unit.COUNT,
    description="Salles de classe sans vidéoprojecteur ni écran interactif en service.",
    watch=0,
    alert=3,
    higher_is_better=False,
    detail_url_name="inventory:compliance",
)
COMPLIANCE = Indicator(
    code="parc.conformite_socle",
    label="Conformité au socle numérique",
    domain=Domain.PARC,
    unit=Unit.PERCENT,
    description="Part des éléments « socle » évalués qui sont atteints, selon le socle qui "
    "s'applique à l'établissement (version nationale adaptée par la collectivité).",
    watch=80,
    alert=50,
    detail_url_name="inventory:compliance",
)
RENEWALS = Indicator(
    code="parc.renouvellements_3_ans",
    label="Renouvellements à prévoir sur 3 ans",
    domain=Domain.PARC,
    unit=Unit.COUNT,
    description="Appareils du parc qui atteignent leur durée de vie cette année ou les deux "
    "suivantes (y compris ceux qui l'ont déjà dépassée) : les trois premières années du "
    "tableau « Renouvellements à prévoir » ; le coût est la somme des coûts d'achat connus.",
    detail_url_name="inventory:state",
)


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
        return Measure(RENEWALS, 0 if row else None)
    note = ""
    if row["due_costed"]:
        cost = f"{row['due_cost']:,.0f}".replace(",", "\u202f")
        note = f"coût connu pour {row['due_costed']} sur {row['due']} : {cost} €"
    return Measure(RENEWALS, row["due"], note=note)


@register(POSTES, BEYOND, OUT_OF_SERVICE, NO_DISPLAY, COMPLIANCE, RENEWALS)
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
            POSTES.code: round(100 * computers / pupils[school.pk], 1)
            if pupils[school.pk]
            else None,
            BEYOND.code: percent(row["beyond"], row["dated"]) if row else None,
            OUT_OF_SERVICE.code: percent(row["out"], row["total"]) if row else None,
            NO_DISPLAY.code: no_display.get(school.pk, 0),
            COMPLIANCE.code: reports[school.pk].rate,
            RENEWALS.code: renewal_measure(row),
        }
    return values
