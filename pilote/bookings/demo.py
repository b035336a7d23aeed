"""Demo data of « Réservations »: a term of bookings and loans in both schools.

Some resources are saturated (the collège's room B12, the lycée's SI-1), some sit idle (a
classe mobile nobody books), a teacher books the tablet cart every Tuesday, two requests wait
for approval, and a few laptops lent for continuity are overdue. Deterministic: a seeded
random generator, dates relative to the day the demo is built.
"""

import random
from datetime import time, timedelta

from django.utils import timezone

from pilote.inventory.choices import Category, EquipmentStatus, RoomKind
from pilote.inventory.models import Equipment, Room
from pilote.schooldata.models import Pupil

from .calendar import calendar_for, closed_days
from .choices import BookingStatus, BorrowerKind, ResourceKind, ReturnCondition
from .models import Booking, BookingSeries, Loan, Resource, TimeSlot, local_datetime

WEEKS_BEFORE, WEEKS_AFTER = 12, 6

# name, resource kind, room kind or equipment category, share of slots booked, approval
COLLEGE_RESOURCES = [
    (
        "Salle informatique B12",
        ResourceKind.SALLE_INFORMATIQUE,
        RoomKind.SALLE_INFORMATIQUE,
        0.85,
        False,
    ),
    (
        "Salle informatique B14",
        ResourceKind.SALLE_INFORMATIQUE,
        RoomKind.SALLE_INFORMATIQUE,
        0.40,
        False,
    ),
    ("CDI — espace multimédia", ResourceKind.SALLE, RoomKind.CDI, 0.12, False),
    (
        "Classe mobile tablettes n° 1",
        ResourceKind.CLASSE_MOBILE,
        Category.CLASSE_MOBILE,
        0.55,
        True,
    ),
    (
        "Classe mobile portables n° 2",
        ResourceKind.CLASSE_MOBILE,
        Category.CLASSE_MOBILE,
        0.0,
        False,
    ),
    ("Visualiseur et caméra", ResourceKind.MATERIEL, Category.VISUALISEUR, 0.08, False),
]
LYCEE_RESOURCES = [
    (
        "Salle SI-1 (sciences de l'ingénieur)",
        ResourceKind.SALLE_INFORMATIQUE,
        RoomKind.SALLE_INFORMATIQUE,
        0.90,
        False,
    ),
    (
        "Salle informatique C204",
        ResourceKind.SALLE_INFORMATIQUE,
        RoomKind.SALLE_INFORMATIQUE,
        0.50,
        False,
    ),
    (
        "Salle informatique C206",
        ResourceKind.SALLE_INFORMATIQUE,
        RoomKind.SALLE_INFORMATIQUE,
        0.15,
        False,
    ),
    (
        "Classe mobile portables — bâtiment A",
        ResourceKind.CLASSE_MOBILE,
        Category.CLASSE_MOBILE,
        0.45,
        True,
    ),
    (
        "Classe mobile tablettes — bâtiment D",
        ResourceKind.CLASSE_MOBILE,
        Category.CLASSE_MOBILE,
        0.05,
        False,
    ),
]
PURPOSES = [
    "6e A — technologie",
    "5e B — mathématiques, géométrie dynamique",
    "4e C — SVT, recherche documentaire",
    "3e A — préparation Pix",
    "3e D — histoire-géographie, exposé",
    "Atelier programmation Scratch",
    "Français — écriture collaborative",
    "Langues — compréhension orale",
]
LYCEE_PURPOSES = [
    "2nde 3 — SNT",
    "1re STI2D — simulation",
    "Tle NSI — projet",
    "BTS — TP réseaux",
    "1re G2 — physique-chimie, acquisitions",
    "2nde 7 — accompagnement personnalisé",
]
COLLEGE_BOOKERS = ["prof.college", "doc.college", "rrupn.college", "cpe.college", "rrupn.lycee"]
LYCEE_BOOKERS = ["prof.lycee", "rrupn.lycee", "ddfpt.lycee", "adjoint.lycee"]


def load(demo) -> None:
    rng = random.Random(2026)
    for school, specs, bookers, purposes in (
        (demo.college, COLLEGE_RESOURCES, COLLEGE_BOOKERS, PURPOSES),
        (demo.lycee, LYCEE_RESOURCES, LYCEE_BOOKERS, LYCEE_PURPOSES),
    ):
        users = [demo.users[name] for name in bookers]
        calendar_for(school)
        resources = [make_resource(school, spec, n) for n, spec in enumerate(specs, start=1)]
        for resource, spec in zip(resources, specs, strict=True):
            book_term(resource, spec[3], users, purposes, rng)
        weekly_series(resources[3], users[0], "4e B — sciences, travail en îlots")
        pending_requests(resources[3], users[1:3], purposes, rng)
        load_loans(school, demo.users[bookers[0]], rng)


def make_resource(school, spec, number: int) -> Resource:
    name, kind, parc_kind, _share, approval = spec
    if kind in (ResourceKind.SALLE_INFORMATIQUE, ResourceKind.SALLE):
        room, _ = Room.objects.get_or_create(
            school=school, building="", name=name, defaults={"kind": parc_kind, "capacity": 30}
        )
        target = {"room": room}
    else:
        equipment, _ = Equipment.objects.get_or_create(
            school=school,
            inventory_number=f"RES-{number:03d}",
            defaults={"category": parc_kind, "brand": "Demo", "model": name},
        )
        target = {"equipment": equipment}
    return Resource.objects.create(
        school=school,
        name=name,
        kind=kind,
        requires_approval=approval,
        max_duration_minutes=120 if kind == ResourceKind.MATERIEL else None,
        horizon_days=14 if kind == ResourceKind.MATERIEL else None,
        **target,
    )


def school_days(school, first, last):
    calendar = calendar_for(school)
    days = closed_days(calendar, first, last)
    day = first
    while day <= last:
        if days.is_open(day):
            yield day
        day += timedelta(days=1)


def term_bounds():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=WEEKS_BEFORE), monday + timedelta(weeks=WEEKS_AFTER)


def book_term(resource, share, users, purposes, rng) -> None:
    """Book about ``share`` of the slots of every open day of the term, in blocks of 1–2."""
    if not share:
        return
    slots = list(TimeSlot.objects.for_school(resource.school))
    first, last = term_bounds()
    bookings = []
    for day in school_days(resource.school, first, last):
        index = 0
        while index < len(slots):
            length = rng.choice((1, 2))
            if rng.random() < share:
                start, end = slots[index], slots[min(index + length, len(slots)) - 1]
                bookings.append(
                    Booking(
                        school=resource.school,
                        resource=resource,
                        booked_by=rng.choice(users),
                        purpose=rng.choice(purposes),
                        starts_at=local_datetime(day, start.start_time),
                        ends_at=local_datetime(day, end.end_time),
                    )
                )
            index += length
    Booking.objects.bulk_create(bookings)


def weekly_series(resource, user, purpose) -> None:
    """« Every Tuesday M3–M4 until June »: the occurrences not already taken."""
    first, _ = term_bounds()
    tuesday = first + timedelta(days=1)
    until = (
        tuesday.replace(month=6, day=30)
        if tuesday.month < 7
        else tuesday.replace(year=tuesday.year + 1, month=6, day=30)
    )
    start, end = time(10, 5), time(11, 55)
    series = BookingSeries.objects.create(
        school=resource.school,
        resource=resource,
        booked_by=user,
        purpose=purpose,
        start_time=start,
        end_time=end,
        first_date=tuesday,
        until_date=until,
    )
    taken = Booking.objects.filter(resource=resource)
    occurrences = []
    for day in school_days(resource.school, tuesday, until):
        if day.weekday() != 1:
            continue
        starts_at, ends_at = local_datetime(day, start), local_datetime(day, end)
        if taken.overlapping(starts_at, ends_at).exists():
            taken.overlapping(starts_at, ends_at).delete()
        occurrences.append(
            Booking(
                school=resource.school,
                resource=resource,
                series=series,
                booked_by=user,
                purpose=purpose,
                starts_at=starts_at,
                ends_at=ends_at,
            )
        )
    Booking.objects.bulk_create(occurrences)


def pending_requests(resource, users, purposes, rng) -> None:
    """Two requests for next week's free afternoons, waiting for the approver."""
    today = timezone.localdate()
    next_monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    afternoon = [
        slot for slot in TimeSlot.objects.for_school(resource.school) if slot.start_time.hour >= 13
    ]
    for offset, user in zip((3, 4), users, strict=False):
        day = next_monday + timedelta(days=offset)
        slot = afternoon[offset % len(afternoon)]
        starts_at, ends_at = (
            local_datetime(day, slot.start_time),
            local_datetime(day, slot.end_time),
        )
        Booking.objects.filter(resource=resource).overlapping(starts_at, ends_at).delete()
        Booking.objects.create(
            school=resource.school,
            resource=resource,
            booked_by=user,
            purpose=rng.choice(purposes),
            starts_at=starts_at,
            ends_at=ends_at,
            status=BookingStatus.EN_ATTENTE,
        )


BORROWER_NAMES = [
    "Léa Marchand",
    "Noah Benali",
    "Chloé Nguyen",
    "Enzo Lefort",
    "Jade Carpentier",
    "Adam Rousseau",
    "Inaya Diallo",
    "Louis Mercier",
    "Manon Giraud",
    "Sacha Perrot",
]


def load_loans(school, lender, rng) -> None:
    """A pool of laptops lent for continuity: most out, two overdue, some back."""
    laptops = list(
        Equipment.objects.for_school(school)
        .filter(category=Category.PORTABLE, cart__isnull=True)
        .exclude(status=EquipmentStatus.REFORME)[:14]
    )
    for number in range(len(laptops), 14):
        laptops.append(
            Equipment.objects.create(
                school=school,
                category=Category.PORTABLE,
                inventory_number=f"PRET-{number + 1:03d}",
                brand="Lenovo",
                model="ThinkPad E14",
                status=EquipmentStatus.EN_STOCK,
            )
        )
    today = timezone.localdate()
    pupils = list(Pupil.objects.for_school(school).active().order_by("pk")[:10])
    for index, laptop in enumerate(laptops[:12]):
        pupil = pupils[index] if index < len(pupils) else None
        lent_days_ago = rng.randint(10, 70)
        checked_out = today - timedelta(days=lent_days_ago)
        overdue = index in (0, 1)
        returned = index >= 8
        due = (
            today - timedelta(days=rng.randint(3, 12))
            if overdue
            else checked_out + timedelta(days=90)
        )
        Loan.objects.create(
            school=school,
            equipment=laptop,
            borrower_kind=BorrowerKind.ELEVE,
            pupil=pupil,
            borrower_name=str(pupil) if pupil else BORROWER_NAMES[index % len(BORROWER_NAMES)],
            contact_email=f"famille.{index + 1}@exemple.fr",
            charter_accepted_on=checked_out - timedelta(days=2),
            checked_out_on=checked_out,
            due_on=due,
            returned_on=checked_out + timedelta(days=rng.randint(5, 9)) if returned else None,
            return_condition=rng.choice([ReturnCondition.BON, ReturnCondition.USURE])
            if returned
            else "",
            lent_by=lender,
        )
