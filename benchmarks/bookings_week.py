"""Réservations budgets: the week calendar among 20,000 bookings, a 36-week recurrence.

Budget: the week page < 100 ms median with a query count independent of the number of
bookings; a weekly recurrence over 36 weeks checked (holidays, collisions) and saved < 200 ms.

    uv run python benchmarks/bookings_week.py [--bookings 20000]
"""

import argparse
import statistics
from datetime import time, timedelta

from harness import measure, print_table, setup, timed


def build(total: int):
    from pilote.bookings.calendar import calendar_for
    from pilote.bookings.choices import ResourceKind
    from pilote.bookings.models import Booking, Resource, TimeSlot, local_datetime
    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.inventory.choices import RoomKind
    from pilote.inventory.models import Room

    academie = Academie.objects.create(code="17", name="Nantes")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="44", name="Loire-Atlantique"
    )
    school = School.objects.create(
        uai="0449901Y",
        name="Collège du banc d'essai",
        type=SchoolType.COLLEGE,
        academie=academie,
        collectivite=departement,
    )
    teachers = User.objects.bulk_create(
        User(username=f"prof{n}", last_name=f"Professeur {n}") for n in range(40)
    )
    Membership.objects.bulk_create(
        Membership(user=user, school=school, role=Role.ENSEIGNANT) for user in teachers
    )
    calendar_for(school)
    slots = list(TimeSlot.objects.filter(school=school))
    rooms = [
        Room.objects.create(school=school, name=f"Salle {n}", kind=RoomKind.SALLE_INFORMATIQUE)
        for n in range(12)
    ]
    resources = [
        Resource.objects.create(
            school=school, room=room, name=room.name, kind=ResourceKind.SALLE_INFORMATIQUE
        )
        for room in rooms
    ]
    from django.utils import timezone

    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    start_day = monday - timedelta(weeks=30)
    bookings, day = [], start_day
    while len(bookings) < total:
        if day.weekday() < 5:
            for resource in resources:
                for slot in slots:
                    bookings.append(
                        Booking(
                            school=school,
                            resource=resource,
                            booked_by=teachers[len(bookings) % len(teachers)],
                            purpose="Cours",
                            starts_at=local_datetime(day, slot.start_time),
                            ends_at=local_datetime(day, slot.end_time),
                        )
                    )
        day += timedelta(days=1)
    Booking.objects.bulk_create(bookings[:total], batch_size=2000)
    return school, resources, teachers[0], monday - timedelta(weeks=2)


def recurrence_ms(school, user, runs: int = 15) -> dict:
    """Median time of booking 36 Tuesdays on fresh rooms, occurrences written, queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from pilote.bookings.booking import BookingRequest, book
    from pilote.bookings.choices import ResourceKind
    from pilote.bookings.models import Resource
    from pilote.core.permissions import capabilities_for
    from pilote.inventory.models import Room

    capabilities = capabilities_for(user, school)
    today = timezone.localdate()
    tuesday = today - timedelta(days=today.weekday()) + timedelta(weeks=1, days=1)
    timings = []
    for run in range(runs + 1):
        room = Room.objects.create(school=school, name=f"Banc {run}", kind="salle_informatique")
        resource = Resource.objects.create(
            school=school, room=room, name=room.name, kind=ResourceKind.SALLE_INFORMATIQUE
        )
        request = BookingRequest(
            resource,
            user,
            "Chaque mardi",
            tuesday,
            time(10, 5),
            time(11, 55),
            until=tuesday + timedelta(weeks=35),
        )
        with CaptureQueriesContext(connection) as queries:
            elapsed, result = timed(book, request, capabilities)
        if run:  # the first run warms the caches up
            timings.append(elapsed)
    return {
        "weeks": 36,
        "written": len(result.bookings),
        "skipped": len(result.skipped),
        "median_ms": statistics.median(timings),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=20000)
    options = parser.parse_args()
    setup("bookings")
    from django.test import Client

    from pilote.bookings.models import Booking

    school, resources, teacher, week = build(options.bookings)
    client = Client()
    client.force_login(teacher)
    base = f"/etablissements/{school.uai}/reservations/"
    older = week - timedelta(weeks=10)
    rows = [
        measure(client, f"{base}ressources/{resources[0].pk}/semaine/?semaine={week.isoformat()}"),
        measure(client, f"{base}ressources/{resources[5].pk}/semaine/?semaine={older}"),
        measure(client, f"{base}occupation/"),
        measure(client, base),
    ]
    for row in rows:
        row["bookings"] = Booking.objects.count()
    print_table("Pages de réservation", rows, ["url", "bookings", "median_ms", "p95_ms", "queries"])
    print_table(
        "Répétition hebdomadaire sur 36 semaines (vérifiée et enregistrée)",
        [recurrence_ms(school, teacher)],
        ["weeks", "written", "skipped", "median_ms", "queries"],
    )


if __name__ == "__main__":
    main()
