"""No double booking, ever: two people book the same slot at the same instant, one wins.

Both requests read « free » before either writes (the check is slowed down on purpose). On
SQLite the second transaction cannot start before the first commits (BEGIN IMMEDIATE), then
sees the booking; on PostgreSQL the exclusion constraint refuses the second insert.
"""

import threading
import time as clock
from datetime import time

import pytest
from django.db import connections

from pilote.bookings import booking as rules
from pilote.bookings.models import Booking
from pilote.core.permissions import capabilities_for
from tests.bookings.factories import ResourceFactory, open_monday


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_bookings_of_one_slot_exactly_one_wins(world, monkeypatch):
    resource = ResourceFactory(school=world.college)
    day = open_monday(world.college)
    people = [world["prof.college"], world["rrupn.college"]]
    capabilities = [capabilities_for(person, world.college) for person in people]
    check = rules.find_conflicts

    def slow_check(*args, **kwargs):
        found = check(*args, **kwargs)
        clock.sleep(0.3)  # both requests have read before either writes
        return found

    monkeypatch.setattr(rules, "find_conflicts", slow_check)
    outcomes, start = [], threading.Barrier(2)

    def attempt(index):
        request = rules.BookingRequest(
            resource, people[index], "Cours", day, time(8, 0), time(8, 55)
        )
        start.wait()
        try:
            rules.book(request, capabilities[index])
            outcomes.append("réservé")
        except rules.BookingConflict:
            outcomes.append("refusé")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refusé", "réservé"]
    assert Booking.objects.holding().filter(resource=resource).count() == 1
